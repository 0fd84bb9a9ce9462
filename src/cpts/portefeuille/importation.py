"""Importer le portefeuille d'une région : chaque ligne crée, met à jour ou laisse inchangée une CPTS, par les
services du domaine, dans une seule transaction.

- Clé de rapprochement : le SIRET de l'association quand il est renseigné, sinon le nom et le département principal
  (unique au registre). Une ligne sans SIRET dont le nom change crée donc une autre CPTS : renommez-la d'abord dans
  la plateforme, ou renseignez son SIRET.
- Chaque écriture passe par le service qui la fait dans la plateforme : `etapes.franchir` (en reprise d'historique :
  voir sa documentation), `territoires.enregistrement.enregistrer`, `contrats.services.reprendre_contrat` et
  `dater_mission`. Seule la fiche de la CPTS (nom, SIRET, association, départements, début de la dynamique) est
  écrite ici, validée par le modèle, comme le fait la page d'inscription : il n'existe pas d'autre service pour elle.
- Ce qui est enregistré et immuable (une décision d'étape, un contrat signé hors de ses dates de démarrage) n'est
  pas réécrit : une ligne qui le contredit est refusée et dit pourquoi.
- Tout ou rien : une ligne refusée, et rien n'est écrit. L'essai (`essai=True`) fait exactement le même travail puis
  annule la transaction : son rapport est celui qu'aurait l'import.
"""

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cpts.comptes.droits import Action, exiger
from cpts.contrats import services as contrats
from cpts.contrats.etat import recalculer
from cpts.contrats.models import Contrat
from cpts.dossiers.enums import StatutAssociation, TransitionEtape
from cpts.dossiers.etapes import franchir
from cpts.dossiers.models import Cpts
from cpts.portefeuille.export import avec_dossier, fiche_de
from cpts.portefeuille.format import ETAPES, ContratFiche, Fiche
from cpts.portefeuille.historique import attribuer
from cpts.portefeuille.lecture import LigneLue, lire
from cpts.portefeuille.rapport import CREEE, INCHANGEE, MISE_A_JOUR, REFUSEE, Rapport
from cpts.portefeuille.validation import lire_fiche
from cpts.regles import EntreeInvalide, referentiel
from cpts.territoires.composition import conflits as conflits_du_territoire
from cpts.territoires.enregistrement import enregistrer
from cpts.territoires.models import Commune, Departement, Epci

# La décision que l'import enregistre pour atteindre chaque étape du fichier.
TRANSITION_DE = {
    "lettre_intention": TransitionEtape.DEPOSER_PRE_PROJET,
    "pre_projet_valide": TransitionEtape.VALIDER_PRE_PROJET,
    "projet_sante_depose": TransitionEtape.DEPOSER_PROJET_SANTE,
    "projet_sante_valide": TransitionEtape.VALIDER_PROJET_SANTE,
    "contrat_signe": TransitionEtape.SIGNER_CONTRAT,
    "abandon": TransitionEtape.ABANDONNER,
}


@dataclass
class LigneRapport:
    numero: int
    nom: str
    statut: str
    # Refusée : « colonne : raison » ; mise à jour : les colonnes changées.
    details: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        texte = f"Ligne {self.numero} — {self.nom or '(sans nom)'} : {self.statut}"
        if self.statut == REFUSEE:
            return texte + ". " + " ".join(self.details)
        if self.statut == MISE_A_JOUR:
            return texte + f" ({', '.join(self.details)})."
        return texte + "."


class LigneRefusee(Exception):
    def __init__(self, raisons: list[tuple[str, str]]) -> None:
        super().__init__(raisons)
        self.raisons = raisons


@contextmanager
def _colonne(colonne: str, champs: dict[str, str] | None = None) -> Iterator[None]:
    """Le refus d'un service, rapporté à la colonne du fichier qui l'a provoqué (`champs` : champ du service →
    colonne, quand le service nomme le champ fautif)."""
    try:
        yield
    except ValidationError as erreur:
        if hasattr(erreur, "error_dict"):
            raisons = [
                ((champs or {}).get(champ, colonne), message)
                for champ, messages in erreur.message_dict.items()
                for message in messages
            ]
        else:
            raisons = [(colonne, message) for message in erreur.messages]
        raise LigneRefusee(raisons) from None
    except (PermissionDenied, EntreeInvalide) as erreur:
        raise LigneRefusee([(colonne, f"{str(erreur).rstrip('.')}.")]) from None


def _refus(colonne: str, message: str) -> LigneRefusee:
    return LigneRefusee([(colonne, message)])


def communes_des_epci(sirens: list[str]) -> tuple[list[str], list[str]]:
    connus = set(Epci.objects.filter(siren__in=sirens).values_list("siren", flat=True))
    codes = Commune.objects.filter(epci_id__in=connus, active=True, type="commune").values_list("code", flat=True)
    return sorted(codes), [siren for siren in sirens if siren not in connus]


def _missions_dans_l_ordre(fiche: Fiche) -> Fiche:
    """Les missions dans l'ordre du texte, comme le contrat les enregistre : l'ordre du fichier ne compte pas."""
    ordre = referentiel().ordre_missions

    def ordonne(contrat: ContratFiche | None) -> ContratFiche | None:
        if contrat is None:
            return None
        missions = tuple(sorted(contrat.missions, key=lambda m: (ordre.get(m[0], len(ordre)), m[0])))
        return dataclasses.replace(contrat, missions=missions)

    return dataclasses.replace(
        fiche, contrat=ordonne(fiche.contrat), contrat_precedent=ordonne(fiche.contrat_precedent)
    )


def _cle(fiche: Fiche) -> tuple[str, ...]:
    return ("siret", fiche.siret) if fiche.siret else ("nom", fiche.nom.casefold(), fiche.departement)


def _trouver(fiche: Fiche) -> Cpts | None:
    if fiche.siret:
        par_siret = Cpts.objects.filter(siret=fiche.siret).first()
        if par_siret is not None:
            return par_siret
    par_nom = Cpts.objects.filter(nom=fiche.nom, departement=fiche.departement).first()
    if par_nom is not None and fiche.siret and par_nom.siret:
        raise _refus(
            "siret",
            f"la CPTS « {par_nom.nom} » ({par_nom.departement}) a déjà le SIRET {par_nom.siret} : la ligne ne peut lui "
            "en donner un autre.",
        )
    return par_nom


def _fiche_actuelle(cpts: Cpts) -> Fiche:
    return fiche_de(avec_dossier(Cpts.objects.filter(pk=cpts.pk)).get())


def _identite(cpts: Cpts, fiche: Fiche, region: str, auteur: Any, departements: dict[str, str]) -> list[str]:
    """Écrit la fiche de la CPTS si elle change ; rend les colonnes changées. `departements` : code → région."""
    if departements.get(fiche.departement) != region:
        raise _refus("departement", f"« {fiche.departement} » n'est pas un département de la région {region}.")
    inconnus = set(fiche.autres_departements) - departements.keys()
    if inconnus:
        raise _refus("autres_departements", f"département inconnu : {', '.join(sorted(inconnus))}.")
    voulu = {
        "nom": fiche.nom,
        "siret": fiche.siret,
        "association_nom": fiche.association,
        "departement": fiche.departement,
        "autres_departements": list(fiche.autres_departements),
        "dynamique_depuis": fiche.dynamique_depuis,
    }
    changes = [champ for champ, valeur in voulu.items() if getattr(cpts, champ) != valeur]
    if cpts.pk and not changes:
        return []
    for champ, valeur in voulu.items():
        setattr(cpts, champ, valeur)
    cpts.region = region
    if fiche.siret:
        cpts.association_statut = StatutAssociation.CREEE
    colonne = {"association_nom": "association"}
    with _colonne(colonne.get(changes[0], changes[0]) if changes else "nom"):
        if cpts.pk:
            exiger(auteur, Action.MODIFIER, cpts)
        cpts.full_clean()
        cpts._history_user = auteur
        cpts.save()
        exiger(auteur, Action.INSTRUIRE, cpts)
    return [colonne.get(champ, champ) for champ in changes]


def _territoire(cpts: Cpts, fiche: Fiche, actuelle: Fiche | None, auteur: Any) -> list[str]:
    codes = actuelle.communes if actuelle else ()
    depuis = actuelle.territoire_depuis if actuelle else None
    if (codes, depuis) == (fiche.communes, fiche.territoire_depuis):
        return []
    if not fiche.communes:
        raise _refus("communes", "vide, alors que la CPTS a un territoire enregistré : un territoire ne s'efface pas.")
    if depuis and fiche.territoire_depuis and fiche.territoire_depuis <= depuis:
        raise _refus(
            "territoire_depuis",
            f"le territoire enregistré date du {depuis:%d/%m/%Y} : une nouvelle composition vient après.",
        )
    # `enregistrer` cherche les conflits à la date de la composition ; une composition datée du passé reste en
    # vigueur aujourd'hui : elle ne doit pas non plus prendre une commune d'un territoire enregistré depuis.
    conflits = conflits_du_territoire(fiche.communes, timezone.localdate(), cpts.pk)
    if conflits:
        raise LigneRefusee(
            [
                ("communes", f"{c.nom_commune} ({c.commune}) appartient déjà au territoire de la CPTS {c.cpts}.")
                for c in conflits
            ]
        )
    with _colonne("communes"):
        enregistrer(cpts, fiche.communes, auteur, date=fiche.territoire_depuis)
    return ["communes"]


def _etapes(cpts: Cpts, fiche: Fiche, actuelle: Fiche | None, auteur: Any) -> list[str]:
    faites = actuelle.etapes if actuelle else {}
    changes = []
    for colonne in ETAPES:
        voulue, faite = fiche.etapes.get(colonne), faites.get(colonne)
        if faite is not None:
            if voulue != faite:
                raise _refus(
                    f"{colonne}_le",
                    f"la décision enregistrée le {faite.date:%d/%m/%Y} ({faite.instance}) ne change plus : les "
                    "décisions d'étape sont immuables.",
                )
            continue
        if voulue is None:
            continue
        with _colonne(f"{colonne}_le"):
            franchir(
                cpts,
                TRANSITION_DE[colonne],
                auteur,
                date=voulue.date,
                instance=voulue.instance,
                motif=fiche.abandon_motif if colonne == "abandon" else "",
                reprise=True,
                subvention=fiche.subvention_fir if colonne == "pre_projet_valide" else None,
            )
        changes.append(f"{colonne}_le")
    if actuelle and "pre_projet_valide" in faites and actuelle.subvention_fir != fiche.subvention_fir:
        raise _refus("subvention_fir", "la subvention enregistrée avec la validation du pré-projet ne change plus.")
    if actuelle and "abandon" in faites and actuelle.abandon_motif != fiche.abandon_motif:
        raise _refus("abandon_motif", "le motif enregistré avec l'abandon ne change plus.")
    return changes


def _memes_termes(fait: ContratFiche, voulu: ContratFiche) -> bool:
    """Le même contrat, aux dates de démarrage des missions près (seules à se mettre à jour par l'import)."""
    return dataclasses.replace(fait, missions=()) == dataclasses.replace(voulu, missions=()) and [
        code for code, _ in fait.missions
    ] == [code for code, _ in voulu.missions]


def _contrats(cpts: Cpts, fiche: Fiche, actuelle: Fiche | None, auteur: Any) -> list[str]:
    """Les contrats enregistrés (au plus les deux derniers, comme l'export) sont les premiers de la ligne, aux dates
    de démarrage près ; ceux qui suivent sont repris : le contrat d'une CPTS nouvelle, ou son renouvellement."""
    faits, voulus = (actuelle.contrats() if actuelle else []), fiche.contrats()
    if faits == voulus:
        return []
    if not voulus:
        raise _refus("contrat_signature", "vide, alors que la CPTS a un contrat enregistré : il ne s'efface pas.")
    if len(voulus) < len(faits):
        raise _refus(
            "contrat_precedent_signature",
            "vide, alors que la CPTS a un contrat renouvelé enregistré : il ne s'efface pas.",
        )
    changes = []
    for (_, fait), (prefixe, voulu) in zip(faits, voulus, strict=False):
        if not _memes_termes(fait, voulu):
            raise _refus(
                f"{prefixe}_signature",
                f"le contrat enregistré (signé le {fait.signature:%d/%m/%Y}) ne change que par avenant, dans la "
                f"plateforme ; seules les dates de démarrage des missions ({prefixe}_missions) se mettent à jour par "
                "l'import. Un renouvellement s'ajoute en gardant ce contrat dans les colonnes contrat_precedent_*.",
            )
        if fait.missions != voulu.missions:
            _dater_missions(cpts.contrats.get(signature=fait.signature), voulu, prefixe, auteur)
            changes.append(f"{prefixe}_missions")
    signature_au_dossier = fiche.etapes["contrat_signe"].date
    for prefixe, voulu in voulus[len(faits) :]:
        with _colonne(f"{prefixe}_signature", {"missions": f"{prefixe}_missions", "signature": f"{prefixe}_signature"}):
            contrats.reprendre_contrat(
                Cpts.objects.get(pk=cpts.pk),
                auteur,
                signature=voulu.signature,
                taille_publiee=voulu.taille,
                missions_choisies=dict(voulu.missions),
                population=voulu.population,
                membres=voulu.membres,
                signature_au_dossier=signature_au_dossier,
            )
        changes.append(f"{prefixe}_signature")
    return changes


def _dater_missions(contrat: Contrat, voulu: ContratFiche, prefixe: str, auteur: Any) -> None:
    demarrages = dict(voulu.missions)
    for mission in contrat.missions.filter(ajoutee_par__isnull=True):
        if mission.demarrage != demarrages[mission.mission]:
            with _colonne(f"{prefixe}_missions"):
                contrats.dater_mission(
                    mission, auteur, demarrage=demarrages[mission.mission], deploiement=mission.deploiement
                )


def _appliquer(fiche: Fiche, region: str, auteur: Any, departements: dict[str, str]) -> tuple[str, list[str]]:
    existante = _trouver(fiche)
    if existante is not None and existante.region != region:
        raise _refus("departement", f"la CPTS « {existante.nom} » est enregistrée dans une autre région.")
    actuelle = _fiche_actuelle(existante) if existante else None
    if actuelle == fiche:
        return INCHANGEE, []
    cpts = existante or Cpts()
    changes = _identite(cpts, fiche, region, auteur, departements)
    changes += _territoire(cpts, fiche, actuelle, auteur)
    changes += _etapes(cpts, fiche, actuelle, auteur)
    changes += _contrats(cpts, fiche, actuelle, auteur)
    return (CREEE, []) if existante is None else (MISE_A_JOUR, changes)


def _traiter(
    ligne: LigneLue, region: str, auteur: Any, cles: dict[tuple[str, ...], int], departements: dict[str, str]
) -> LigneRapport:
    nom = ligne.valeurs.get("nom", "")
    fiche, erreurs = lire_fiche(ligne, communes_des_epci)
    if fiche is not None:
        fiche = _missions_dans_l_ordre(fiche)
        cle = _cle(fiche)
        if cle in cles:
            colonne = "siret" if cle[0] == "siret" else "nom"
            erreurs = [(colonne, f"même CPTS que la ligne {cles[cle]} : une CPTS par ligne.")]
        else:
            cles[cle] = ligne.numero
    if fiche is None or erreurs:
        return LigneRapport(ligne.numero, nom, REFUSEE, [f"{colonne} : {message}" for colonne, message in erreurs])
    try:
        with transaction.atomic():
            statut, changes = _appliquer(fiche, region, auteur, departements)
    except LigneRefusee as refus:
        return LigneRapport(
            ligne.numero, nom, REFUSEE, [f"{colonne} : {message}" for colonne, message in refus.raisons]
        )
    return LigneRapport(ligne.numero, nom, statut, changes)


def importer(
    nom_fichier: str,
    contenu: bytes,
    region: str,
    auteur: Any,
    *,
    essai: bool = False,
    progression: Callable[[int, int], object] | None = None,
    etat: bool = True,
) -> Rapport[LigneRapport]:
    """Lit tout le fichier (borné, voir `format`), puis traite chaque ligne. Lève `FichierRefuse` pour un fichier
    illisible ; sinon rend le rapport ligne par ligne. Rien n'est écrit en essai ou si une ligne est refusée.
    `progression(faites, total)` est appelée après chaque ligne (barre de progression des grands fichiers).
    `etat=False` : l'appelant recalcule lui-même l'état des contrats, dans la même transaction, après d'autres
    écritures qui le périmeraient (la démonstration fait ensuite vivre les contrats importés)."""
    lignes = list(lire(nom_fichier, contenu))
    rapport = Rapport(nom_fichier, essai)
    cles: dict[tuple[str, ...], int] = {}
    # Le référentiel lu une fois pour tout le fichier, plutôt qu'à chaque ligne.
    departements = dict(Departement.objects.values_list("code", "region_id"))
    with transaction.atomic(), attribuer(auteur, nom_fichier):
        for faites, ligne in enumerate(lignes, start=1):
            rapport.lignes.append(_traiter(ligne, region, auteur, cles, departements))
            if progression is not None:
                progression(faites, len(lignes))
        if not rapport.ecrit:
            transaction.set_rollback(True)
        elif etat:
            # Les contrats créés ou changés par le fichier : leur état gardé, dans la même transaction.
            recalculer(Contrat.objects.filter(cpts__region=region))
    return rapport
