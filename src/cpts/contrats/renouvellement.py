"""Renouveler un contrat ACI arrivé à son terme : un nouveau contrat de cinq ans pour la même CPTS, sous le texte en
vigueur à sa signature, qui reprend le territoire en cours, le nombre de membres adhérents et les indicateurs.

Le contrat échu reste tel quel, avec ses versements : le nouveau commence à sa propre signature, au plus tôt à la
fin de l'ancien (deux contrats ne financent jamais la même période), au plus tard dans le délai du paramètre
`delai_apres_fin_mois` (`renouvellement.yaml`, notre lecture faute de texte). La CPTS reste à l'étape « contrat
signé » : un renouvellement n'est pas une décision d'étape. Les tableaux comptent les CPTS, pas les contrats : une
CPTS renouvelée y figure une fois.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpts.comptes.droits import Action, exiger
from cpts.contrats import missions
from cpts.contrats.indicateurs import creer_nationaux
from cpts.contrats.models import Contrat
from cpts.contrats.services import _ajouter_missions, _erreurs_missions, _membres_adherents, _verifier_calculable
from cpts.contrats.termes import MissionDatee, Termes
from cpts.regles import EntreeInvalide, referentiel, taille
from cpts.regles.dates import ajouter_mois, anniversaire, jour_fr
from cpts.regles.lecture import Lecteur, Valeur, en_vigueur, lire_yaml

FICHIER = Path(__file__).with_name("renouvellement.yaml")


class _Lecteur(Lecteur):
    def parametre(self, brut: object, cle: str) -> tuple[Valeur[Decimal], ...]:
        noeud = self.dictionnaire(brut, cle)
        self.cles_permises(noeud, cle, {"description", "valeurs"})
        return self.valeurs(noeud.get("valeurs"), f"{cle}.valeurs", self.nombre)


@cache
def _parametres() -> dict[str, tuple[Valeur[Decimal], ...]]:
    lecteur = _Lecteur(FICHIER.name)
    return {cle: lecteur.parametre(noeud, cle) for cle, noeud in lecteur.dictionnaire(lire_yaml(FICHIER), "").items()}


def _mois(parametre: str, le: date) -> int:
    valeur = en_vigueur(_parametres()[parametre], le)
    if valeur is None or valeur.valeur is None:
        raise EntreeInvalide(f"aucune valeur de « {parametre} » ({FICHIER.name}) en vigueur le {jour_fr(le)}")
    return int(valeur.valeur)


def delai_apres_fin_mois(le: date) -> int:
    return _mois("delai_apres_fin_mois", le)


def horizon_alerte_fin_mois(le: date) -> int:
    """Combien de mois avant la fin d'un contrat l'alerte de renouvellement paraît (valeur en vigueur à sa fin)."""
    return _mois("horizon_alerte_fin_mois", le)


def dernier_contrat(contrat: Contrat) -> bool:
    # Une liste préchargée (`cpts.contrats.prechargement.precharger`) porte déjà la réponse.
    renouvele = getattr(contrat, "renouvele", None)
    if renouvele is not None:
        return not renouvele
    return not contrat.cpts.contrats.filter(signature__gt=contrat.signature).exists()


@transaction.atomic
def renouveler(
    contrat: Contrat, auteur: Any, *, signature: date, missions_choisies: Mapping[str, date | None]
) -> Contrat:
    """Enregistre le contrat qui renouvelle `contrat`, ou refuse (ValidationError par champ) sans rien écrire."""
    from cpts.territoires.enregistrement import territoire_en_cours

    ancien = Contrat.objects.select_for_update().select_related("cpts").get(pk=contrat.pk)
    exiger(auteur, Action.SIGNER_CONTRAT, ancien)
    cpts = ancien.cpts
    erreurs: dict[str, list[str]] = {}

    def ajouter(champ: str, message: str) -> None:
        erreurs.setdefault(champ, []).append(message)

    if not dernier_contrat(ancien):
        ajouter("__all__", f"Le contrat du {jour_fr(ancien.signature)} a déjà été renouvelé.")
    limite = ajouter_mois(ancien.fin, delai_apres_fin_mois(ancien.fin))
    if signature < ancien.fin:
        ajouter(
            "signature",
            f"Le contrat en cours prend fin le {jour_fr(ancien.fin)} : son renouvellement se signe à partir de cette "
            "date (deux contrats ne financent pas la même période).",
        )
    elif signature > limite:
        ajouter(
            "signature",
            f"Le renouvellement se signe au plus tard le {jour_fr(limite)}, {delai_apres_fin_mois(ancien.fin)} mois "
            "après la fin du contrat ; au-delà, c'est une nouvelle adhésion.",
        )
    if signature > timezone.localdate():
        ajouter("signature", "Un contrat s'enregistre une fois signé : la date ne peut être dans le futur.")
    try:
        texte = referentiel().texte_en_vigueur(signature)
    except EntreeInvalide as erreur:
        raise ValidationError({"signature": f"Date de signature : {erreur}."}) from None
    fin = anniversaire(signature, missions.duree_contrat(signature))
    erreurs_missions = _erreurs_missions(
        missions_choisies, missions.du_texte(signature), signature, fin, "la signature"
    )
    absentes = [code for code in missions.socles(signature) if code not in missions_choisies]
    if absentes:
        erreurs_missions.append(
            f"Missions socles obligatoires au contrat (texte {texte.libelle}) : "
            f"{', '.join(missions.libelle_mission(code) for code in absentes)}."
        )
    if erreurs_missions:
        erreurs["missions"] = erreurs_missions
    territoire = territoire_en_cours(cpts)
    if territoire is None or not territoire.population:
        ajouter("__all__", "La CPTS n'a pas de territoire enregistré : sa population donne la taille du contrat.")
    if erreurs:
        raise ValidationError(erreurs)
    termes = Termes(
        signature=signature,
        duree=missions.duree_contrat(signature),
        taille=taille(territoire.population, signature),
        membres=_membres_adherents(cpts),
        missions=[MissionDatee(code, demarrage) for code, demarrage in missions_choisies.items()],
    )
    _verifier_calculable(termes)
    nouveau = Contrat(
        cpts=cpts,
        signature=signature,
        fin=fin,
        texte=texte.code,
        population=territoire.population,
        territoire=territoire,
        taille=termes.taille,
        membres=termes.membres,
        enregistre_par=auteur,
    )
    nouveau._history_user = auteur
    nouveau._change_reason = f"Renouvellement du contrat du {jour_fr(ancien.signature)}"
    nouveau.save()
    _ajouter_missions(nouveau, missions_choisies, auteur)
    creer_nationaux(nouveau, signature)
    return nouveau
