"""Le monde de la matrice des droits : un utilisateur par rôle et, de chaque côté du périmètre, un jeu complet
d'objets (CPTS avec territoire, membres, documents et version déposée, demande de complément, note, contrat signé
avec missions, avenant, indicateur et valeur, dialogue de gestion et bilan, versement, comptes annuels ; CPR avec
composition, réunion, point et scrutin clos).

Dedans : région 84 (Auvergne-Rhône-Alpes), département 69, la CPTS du coordinateur. Dehors : région 52 (Pays de la
Loire), département 44.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from cpts.commission.models import Commission, Composition, PointOrdreDuJour, Reunion, Scrutin, Siege
from cpts.commission.services import deliberations, scrutins
from cpts.comptabilite.models import Exercice
from cpts.comptes import jetons
from cpts.comptes.models import JetonApi, Utilisateur
from cpts.comptes.roles import Role
from cpts.contrats.etat import recalculer
from cpts.contrats.models import Avenant, BilanMission, Contrat, DialogueGestion, Indicateur, MissionContrat, Paiement
from cpts.dossiers import instruction
from cpts.dossiers.enums import TypeDocument
from cpts.dossiers.models import Cpts, DecisionEtape, DemandeComplement, Depot, Membre
from tests.commission.factories import CommissionFactory, PointFactory, ReunionFactory, composition_paritaire
from tests.comptabilite.factories import ExerciceFactory
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import (
    BilanFactory,
    ContratFactory,
    DialogueFactory,
    IndicateurFactory,
    PaiementFactory,
)
from tests.dossiers.factories import COMMUNES_MONTS_DU_LYONNAIS, CptsFactory, DecisionFactory, valeurs_pre_projet
from tests.dossiers.parcours import depot_direct, equipe_pluriprofessionnelle

# Quelques communes de l'agglomération nantaise (Loire-Atlantique).
COMMUNES_NANTAISES = ["44109", "44143", "44162", "44190"]
# Un autre établissement de la même association que celle des fabriques (le SIRET est unique par CPTS).
SIRET_DEHORS = "78283015700023"
PDF_MINIMAL = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ANONYME = "anonyme"
ROLES = (
    ANONYME,
    "administrateur",
    "lecteur_national",
    "agent_ars",
    "agent_cpam",
    "agent_cpam_region",
    "coordinateur",
    "membre_cpr",
)
DEDANS, DEHORS = "dedans", "dehors"


@dataclass
class Cote:
    """Les objets d'un côté du périmètre."""

    region: str
    cpts: Cpts
    membre: Membre
    depot: Depot
    demande: DemandeComplement
    decision: DecisionEtape
    contrat: Contrat
    mission: MissionContrat
    avenant: Avenant
    indicateur: Indicateur
    dialogue: DialogueGestion
    bilan: BilanMission
    paiement: Paiement
    exercice: Exercice
    commission: Commission
    composition: Composition
    siege: Siege
    reunion: Reunion
    point: PointOrdreDuJour
    scrutin: Scrutin


@dataclass
class Monde:
    utilisateurs: dict[str, Utilisateur]
    cotes: dict[str, Cote]
    # Le jeton de chaque rôle (et sa valeur en clair, pour l'API) ; celui d'un autre compte est le jeton « dehors ».
    jetons: dict[str, tuple[JetonApi, str]] = field(default_factory=dict)
    jeton_autre: JetonApi | None = None


def _pdf(objet: object, champ: str) -> None:
    getattr(objet, champ).save("document.pdf", ContentFile(PDF_MINIMAL), save=True)


def _commission(region: str, secretariat: Utilisateur) -> tuple[Composition, Reunion, PointOrdreDuJour, Scrutin]:
    composition = composition_paritaire(CommissionFactory(region=region))
    point = PointFactory(reunion=ReunionFactory(commission=composition.commission, en_seance=True))
    reunion = point.reunion
    sieges = deliberations.sieges_votants(reunion)
    deliberations.enregistrer_presences(reunion, {s.pk: ("titulaire", None) for s in sieges}, secretariat)
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    for siege in sieges:
        scrutins.voter(scrutin, siege, "pour", secretariat, pour_le_secretariat=True)
    scrutins.clore_scrutin(scrutin, secretariat)
    return composition, reunion, point, scrutin


def _cote(cpts: Cpts, agent: Utilisateur, administrateur: Utilisateur) -> Cote:
    equipe_pluriprofessionnelle(cpts)
    depot = depot_direct(cpts, TypeDocument.PRE_PROJET, valeurs_pre_projet(), agent)
    instruction.ecrire_note(cpts, "Note d'instruction de la matrice.", agent)
    demande = instruction.demander_complement(cpts, agent, objet="Budget", texte="Précisez le budget.")
    contrat = ContratFactory(cpts=cpts, enregistre_par=agent)
    avenant = Avenant.objects.create(
        contrat=contrat,
        numero=1,
        signe_le=datetime.date(2023, 9, 1),
        effet_le=datetime.date(2023, 9, 1),
        objet="Avenant de la matrice",
        enregistre_par=agent,
    )
    _pdf(contrat, "document")
    _pdf(avenant, "document")
    dialogue = DialogueFactory(contrat=contrat)
    _pdf(dialogue, "compte_rendu")
    composition, reunion, point, scrutin = _commission(cpts.region, administrateur)
    return Cote(
        region=cpts.region,
        cpts=cpts,
        membre=cpts.membres.order_by("pk").first(),
        depot=depot,
        demande=demande,
        decision=DecisionFactory(cpts=cpts, enregistre_par=agent),
        contrat=contrat,
        mission=contrat.missions.order_by("pk").first(),
        avenant=avenant,
        indicateur=IndicateurFactory(contrat=contrat, cibles={1: 10}, valeurs={1: 5}),
        dialogue=dialogue,
        bilan=BilanFactory(dialogue=dialogue),
        paiement=PaiementFactory(contrat=contrat),
        exercice=ExerciceFactory(cpts=cpts, annee=2025),
        commission=composition.commission,
        composition=composition,
        siege=composition.sieges.order_by("pk").first(),
        reunion=reunion,
        point=point,
        scrutin=scrutin,
    )


def construire() -> Monde:
    administrateur = UtilisateurFactory(administrateur=True, is_staff=True, is_superuser=True)
    cpts_dedans = CptsFactory(avec_association=True, signe=True, territoire=COMMUNES_MONTS_DU_LYONNAIS)
    cpts_dehors = CptsFactory(
        avec_association=True, siret=SIRET_DEHORS, signe=True, hors_region=True, territoire=COMMUNES_NANTAISES
    )
    utilisateurs = {
        "administrateur": administrateur,
        "lecteur_national": UtilisateurFactory(),
        "agent_ars": UtilisateurFactory(agent_ars_region=True),
        "agent_cpam": UtilisateurFactory(agent_cpam_departement=True),
        # Le secrétariat de la CPR : la coordination régionale de l'Assurance Maladie.
        "agent_cpam_region": UtilisateurFactory(role=Role.AGENT_CPAM, region="84"),
        "coordinateur": UtilisateurFactory(cpts=[cpts_dedans]),
        "membre_cpr": UtilisateurFactory(membre_cpr=True),
    }
    monde = Monde(
        utilisateurs=utilisateurs,
        cotes={
            DEDANS: _cote(cpts_dedans, utilisateurs["agent_ars"], administrateur),
            DEHORS: _cote(cpts_dehors, administrateur, administrateur),
        },
    )
    for role, utilisateur in utilisateurs.items():
        monde.jetons[role] = jetons.creer(utilisateur, f"matrice {role}")
    monde.jeton_autre, _ = jetons.creer(UtilisateurFactory(), "jeton d'un autre compte")
    # Comme une base en service (`cpts etat` après un déploiement, puis chaque lecture) : l'état des contrats est
    # calculé. La page d'un contrat le lit, y compris pour redire un dépôt refusé ; sans lui, elle l'écrirait d'abord,
    # et le catalogue ne distinguerait plus cet état recalculable d'une ligne écrite par l'entrée refusée.
    recalculer(Contrat.objects.all())
    return monde
