"""Les membres d'une CPTS : décomptes, pluriprofessionnalité, seuil de la majoration, doubles appartenances,
écritures (ajout, modification, retrait). L'import d'une liste est dans `import_membres`.
"""

import datetime
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone

from cpts.concurrence import verrouiller
from cpts.dossiers.ecriture import exiger_ouverte
from cpts.dossiers.enums import ETAPES_FERMEES, Profession, Recours, TypeMembre, famille
from cpts.dossiers.models import Cpts, Membre
from cpts.regles.parametres import referentiel

LIBELLES_FAMILLES = {
    "medecin": "médecin",
    "pharmacien": "pharmacien",
}


def libelle_famille(code: str) -> str:
    return LIBELLES_FAMILLES.get(code) or Profession(code).label.lower()


@dataclass(frozen=True)
class Decompte:
    professionnels: int
    structures: int
    adherents: int
    gouvernance: int
    incertains: int
    par_profession: list[tuple[str, int]]
    familles: list[str]
    seuil_majoration: int | None

    @property
    def total(self) -> int:
        return self.professionnels + self.structures

    @property
    def pluriprofessionnelle(self) -> bool:
        return len(self.familles) >= 2

    @property
    def seuil_atteint(self) -> bool:
        return self.seuil_majoration is not None and self.adherents >= self.seuil_majoration


def seuil_majoration(le: datetime.date | None = None) -> int | None:
    """Le nombre de membres adhérents qui ouvre la majoration des communautés de taille 4 (avenant 2 : 100)."""
    le = le or timezone.localdate()
    bareme = referentiel().bareme_au(le)
    majoration = bareme.majoration_au(le)
    return majoration.membres_minimum if majoration else None


def decompter(cpts: Cpts) -> Decompte:
    membres = list(cpts.membres.all())
    professionnels = [m for m in membres if m.type == TypeMembre.PROFESSIONNEL and not m.participation_incertaine]
    par_profession = Counter(m.profession for m in professionnels)
    return Decompte(
        professionnels=sum(1 for m in membres if m.type == TypeMembre.PROFESSIONNEL),
        structures=sum(1 for m in membres if m.type == TypeMembre.STRUCTURE),
        adherents=sum(1 for m in membres if m.adherent),
        gouvernance=sum(1 for m in membres if m.gouvernance),
        incertains=sum(1 for m in membres if m.participation_incertaine),
        par_profession=sorted(
            ((Profession(code).label, nombre) for code, nombre in par_profession.items()), key=lambda x: (-x[1], x[0])
        ),
        familles=sorted({famille(code) for code in par_profession}),
        seuil_majoration=seuil_majoration(),
    )


def refus_pluriprofessionnalite(cpts: Cpts) -> str | None:
    """Une CPTS d'une seule profession est refusée ([ars-aura-guide] : « garantir la pluriprofessionnalité »)."""
    familles = decompter(cpts).familles
    if not familles:
        return "Aucun professionnel de santé n'est déclaré parmi les membres : une CPTS est pluriprofessionnelle."
    if len(familles) == 1:
        return (
            f"Les professionnels déclarés sont tous de la même profession ({libelle_famille(familles[0])}) : "
            "une CPTS réunit plusieurs professions (pas de CPTS monoprofessionnelle, guide ARS Auvergne-Rhône-Alpes)."
        )
    return None


@dataclass(frozen=True)
class DoubleAppartenance:
    membre: Membre
    autre_cpts: Cpts

    @property
    def admise(self) -> bool:
        """Un professionnel du second recours peut rejoindre plusieurs CPTS ([urps-med-aura-guide-2022], « 2.3 »)."""
        return self.membre.recours == Recours.SECOND


def _cle_personne(nom: str, prenom: str) -> str:
    texte = unicodedata.normalize("NFKD", f"{prenom} {nom}").encode("ascii", "ignore").decode().lower()
    return " ".join(texte.replace("-", " ").split())


def doubles_appartenances(cpts: Cpts, parmi: Iterable[Membre] | None = None) -> list[DoubleAppartenance]:
    """Les professionnels de la CPTS (ou ceux de `parmi`, une page de la liste) déjà déclarés dans une autre CPTS
    ouverte (même RPPS, ou même profession, même nom et même prénom quand le RPPS manque)."""
    if parmi is None:
        professionnels = list(cpts.membres.filter(type=TypeMembre.PROFESSIONNEL))
    else:
        professionnels = [m for m in parmi if m.type == TypeMembre.PROFESSIONNEL]
    if not professionnels:
        return []
    rpps = {m.rpps for m in professionnels if m.rpps}
    noms = {m.nom.upper() for m in professionnels}
    autres = (
        Membre.objects.filter(type=TypeMembre.PROFESSIONNEL)
        .annotate(nom_majuscules=Upper("nom"))
        .filter(Q(rpps__in=rpps) | Q(nom_majuscules__in=noms))
        .exclude(cpts=cpts)
        .exclude(cpts__etape__in=ETAPES_FERMEES)
        .select_related("cpts")
    )
    par_rpps = {m.rpps: m.cpts for m in autres if m.rpps}
    par_personne = {(m.profession, _cle_personne(m.nom, m.prenom)): m.cpts for m in autres}
    doubles = []
    for membre in professionnels:
        autre = par_rpps.get(membre.rpps) if membre.rpps else None
        autre = autre or par_personne.get((membre.profession, _cle_personne(membre.nom, membre.prenom)))
        if autre is not None:
            doubles.append(DoubleAppartenance(membre, autre))
    return doubles


# Écritures : toutes passent ici (pages, API, import), qui revérifie que le dossier est ouvert.


@transaction.atomic
def enregistrer_membre(membre: Membre, auteur: Any, *, revision: int | None = None) -> Membre:
    """Ajoute (sans `pk`) ou modifie un membre, ou refuse sans rien écrire (`ValidationError`,
    `ModificationConcurrente`)."""
    exiger_ouverte(membre.cpts)
    if membre.pk is not None:
        verrouiller(membre, revision)
    membre.full_clean()
    membre._history_user = auteur
    membre.save()
    return membre


@transaction.atomic
def retirer_membre(membre: Membre, auteur: Any) -> None:
    exiger_ouverte(membre.cpts)
    membre._history_user = auteur
    membre.delete()
