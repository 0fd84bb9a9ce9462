"""Ce qui est attendu d'un dossier et pour quand, et ses contrôles de complétude.

`attendu` ne lit que la CPTS (son étape et sa date) : les listes l'affichent pour chaque ligne sans requête de plus.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cpts.dossiers import etapes
from cpts.dossiers.enums import Etape, TypeDocument
from cpts.dossiers.models import Cpts
from cpts.regles.dates import ajouter_mois

# On prévient l'ARS quinze jours avant que le projet de santé soit réputé validé.
ALERTE_AVANT_JOURS = 15
# « Les CPTS s'engagent à réaliser les trois missions socles dans un délai maximum de deux ans » ([ars-aura-guide],
# « Le calendrier de mise en place des missions ») ; le détail mission par mission relève du contrat.
DEPLOIEMENT_MISSIONS_MOIS = 24
POPULATION_CONSEILLEE = 15_000


@dataclass(frozen=True)
class Attendu:
    texte: str
    echeance: datetime.date | None = None
    # "" : rien à signaler ; "avertissement" : l'échéance approche ; "alerte" : elle est passée.
    niveau: str = ""


def attendu(cpts: Cpts, aujourd_hui: datetime.date | None = None) -> Attendu:
    aujourd_hui = aujourd_hui or timezone.localdate()
    if cpts.etape == Etape.DYNAMIQUE:
        return Attendu("Rédiger et déposer le pré-projet (annexe 3 du guide de l'ARS).")
    if cpts.etape == Etape.LETTRE_INTENTION:
        return Attendu("Instruction du pré-projet par l'ARS et la CPAM, présentation en ECD et en CTR.")
    if cpts.etape == Etape.PRE_PROJET_VALIDE:
        return Attendu("Rédiger et déposer le projet de santé, ses fiches action et son budget prévisionnel.")
    if cpts.etape == Etape.PROJET_SANTE_DEPOSE:
        echeance = cpts.reputee_validee_le
        if echeance is None:
            return Attendu("Décision de l'ARS et de la CPAM sur le projet de santé.")
        if echeance <= aujourd_hui:
            return Attendu(
                "Délai de deux mois écoulé sans opposition : le projet de santé est réputé validé, à constater.",
                echeance,
                "alerte",
            )
        niveau = "avertissement" if (echeance - aujourd_hui).days <= ALERTE_AVANT_JOURS else ""
        return Attendu(
            "Décision de l'ARS et de la CPAM ; sans opposition, le projet de santé sera réputé validé "
            "(code de la santé publique, L1434-12).",
            echeance,
            niveau,
        )
    if cpts.etape == Etape.PROJET_SANTE_VALIDE:
        return Attendu("Négociation des indicateurs et signature du contrat ACI tripartite.")
    if cpts.etape == Etape.CONTRAT_SIGNE:
        echeance = ajouter_mois(cpts.etape_depuis, DEPLOIEMENT_MISSIONS_MOIS) if cpts.etape_depuis else None
        # Un délai passé se marque : l'accueil ne redit pas une tâche échue comme si elle était à venir.
        niveau = "alerte" if echeance is not None and echeance < aujourd_hui else ""
        return Attendu("Déployer les missions socles du contrat.", echeance, niveau)
    return Attendu("Dossier clos.")


@dataclass(frozen=True)
class Controle:
    libelle: str
    raisons: list[str]
    conseil: bool = False  # un avis, qui n'empêche aucune décision

    @property
    def rempli(self) -> bool:
        return not self.raisons


def controles(cpts: Cpts, utilisateur: object = None, lu: etapes.Lu | None = None) -> list[Controle]:
    """Les contrôles de complétude du dossier, tels que les décisions d'étape les appliqueront ; `lu` : les dépôts et
    le territoire que la page a déjà lus."""
    demande = etapes.Demande(
        cpts=cpts,
        transition=etapes.TRANSITIONS[etapes.T.VALIDER_PROJET_SANTE],
        date=timezone.localdate(),
        instance="",
        motif="",
        auteur=utilisateur,
        lu=lu,
    )
    resultat = [
        Controle("Territoire enregistré, sans conflit avec une autre CPTS", etapes.territoire_sans_conflit(demande)),
        Controle("Équipe pluriprofessionnelle", etapes.pluriprofessionnelle(demande)),
    ]
    territoire = cpts.territoires.en_cours().first() if lu is None else lu.territoire
    if territoire is not None and territoire.population < POPULATION_CONSEILLEE:
        population = f"{territoire.population:,}".replace(",", "\u202f")
        resultat.append(
            Controle(
                "Population supérieure à 15 000 habitants",
                [f"{population} habitants : une population supérieure à 15 000 habitants est attendue (annexe 3)."],
                conseil=True,
            )
        )
    if cpts.etape in (Etape.DYNAMIQUE, Etape.LETTRE_INTENTION):
        resultat.append(Controle("Pré-projet déposé et complet", etapes.pre_projet_complet(demande)))
    else:
        resultat += [
            Controle("Projet de santé déposé et complet", etapes.projet_sante_complet(demande)),
            Controle("Une fiche action déposée par mission socle", etapes.missions_socles_couvertes(demande)),
            Controle("Budget prévisionnel déposé et équilibré", etapes.budget_depose(demande)),
            Controle("Association créée, avec son SIRET", etapes.association_creee(demande)),
        ]
    return resultat


def depots_attendus(cpts: Cpts) -> list[str]:
    """Les types de documents que l'étape appelle (pour guider l'équipe projet)."""
    if cpts.etape in (Etape.DYNAMIQUE, Etape.LETTRE_INTENTION):
        return [TypeDocument.PRE_PROJET]
    if cpts.etape in (Etape.PRE_PROJET_VALIDE, Etape.PROJET_SANTE_DEPOSE):
        return [TypeDocument.PROJET_SANTE, TypeDocument.FICHE_ACTION, TypeDocument.BUDGET]
    return []
