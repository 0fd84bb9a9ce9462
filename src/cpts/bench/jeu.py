"""Le jeu de données national du banc d'essai : vraies communes, projets générés, déterministe.

Les territoires sont des EPCI pris dans un département (des communes voisines, comme une vraie CPTS), tirés
au sort jusqu'à couvrir environ 80 % de la population de chaque département, sans chevauchement. Chaque projet
parcourt les étapes comme dans la démonstration (`cpts.demo.aura`), son territoire passe par le service
d'enregistrement (conflits, contiguïté), et la moitié environ signe un contrat par le service de reprise
(missions, indicateurs nationaux). Valeurs d'indicateurs et versements sont écrits en lot, avec les valeurs
exactes que les services écriraient (restant dû de la ligne d'échéancier, auteur, historique).
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from simple_history.utils import bulk_create_with_history

from cpts.comptes.models import Utilisateur
from cpts.comptes.roles import Role
from cpts.contrats import missions, services
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.etat import recalculer
from cpts.contrats.models import Contrat, Paiement, Valeur
from cpts.contrats.peremption import perimer
from cpts.demo.aura import INSTANCES, PARCOURS
from cpts.dossiers.enums import Etape
from cpts.dossiers.etapes import TRANSITIONS
from cpts.dossiers.models import Cpts, DecisionEtape
from cpts.regles import taille
from cpts.regles.dates import anniversaire
from cpts.territoires.enregistrement import enregistrer
from cpts.territoires.models import Commune, Departement

# Changer la version invalide les jeux déjà construits (voir `cpts.bench.base`).
VERSION = 2
GRAINE = 2026
PART_COUVERTE = 0.8
# Le jour où l'on regarde le jeu : les tableaux nationaux sont mesurés à cette date, tout est versé avant.
DATE_JEU = datetime.date(2026, 6, 30)
# Une date où peu de projets existaient : mêmes pages, beaucoup moins de données (nombre de requêtes constant ?).
DATE_SOUS_ENSEMBLE = datetime.date(2020, 6, 30)
# Le jeu réduit du test de fumée : deux petits départements.
DEPARTEMENTS_PETIT = ("15", "48")
# Part des projets sans territoire (dynamiques naissantes), en plus des projets qui en ont un.
PART_SANS_TERRITOIRE = 0.2
# Colonne visée au jour du jeu, par tirage : un peu plus de la moitié des territoires signent un contrat.
REPARTITION = (
    (0.55, "contrat_signe"),
    (0.70, "projet_sante_valide"),
    (0.85, "pre_projet_valide"),
    (1.00, "dynamique"),
)
IDENTIFIANT_AGENT = "bench.agent"
IDENTIFIANT_LECTEUR = "bench.lecteur"
# Les agents ARS mesurés (accueil, versements, alertes) : un compte par région, créé à la première mesure.
PREFIXE_AGENT_ARS = "bench.ars."

Progression = Callable[[int], None]


@dataclass(frozen=True)
class Bilan:
    departements: int
    projets: int
    territoires: int
    communes_couvertes: int
    part_population_couverte: float
    contrats: int
    valeurs: int
    paiements: int

    def en_json(self) -> dict[str, object]:
        return asdict(self)


def groupes_de_communes(departement: str) -> list[list[str]]:
    """Les communes (hors arrondissements) du département, groupées par EPCI, chaque groupe trié par code."""
    groupes: dict[str, list[str]] = defaultdict(list)
    communes = Commune.objects.filter(departement_id=departement, active=True, type="commune").order_by("code")
    for code, epci in communes.values_list("code", "epci_id"):
        groupes[epci or f"sans-epci-{departement}"].append(code)
    return [groupes[cle] for cle in sorted(groupes)]


def _tirer_territoires(rng: random.Random, departement: str, population: dict[str, int]) -> list[list[str]]:
    groupes = groupes_de_communes(departement)
    rng.shuffle(groupes)
    total = sum(population[code] for groupe in groupes for code in groupe)
    visee = PART_COUVERTE * total
    retenus, couverte = [], 0
    for groupe in groupes:
        habitants = sum(population[code] for code in groupe)
        # Un EPCI n'est retenu que s'il rapproche de la cible : un grand qui la dépasserait trop est laissé.
        if abs(couverte + habitants - visee) < abs(couverte - visee):
            retenus.append(groupe)
            couverte += habitants
    return retenus


def _jour(rng: random.Random, debut: datetime.date, fin: datetime.date) -> datetime.date:
    return debut + datetime.timedelta(days=rng.randrange((fin - debut).days))


def _repere(rng: random.Random, colonne: str) -> datetime.date:
    """La date de la dernière décision du parcours : la signature pour un contrat."""
    if colonne == "contrat_signe":
        return _jour(rng, datetime.date(2019, 9, 1), datetime.date(2025, 12, 31))
    return _jour(rng, datetime.date(2022, 1, 1), datetime.date(2026, 5, 31))


def _creer_projet(
    rng: random.Random, departement: str, region: str, numero: int, colonne: str, agent: Utilisateur
) -> tuple[Cpts, datetime.date]:
    """Le projet et ses décisions d'étape, comme la reprise d'historique de la démonstration."""
    repere = _repere(rng, colonne)
    etapes = PARCOURS[colonne]
    premier = repere - datetime.timedelta(days=etapes[0][1] if etapes else 0)
    cpts = Cpts(
        nom=f"CPTS {departement}-{numero:03d}",
        departement=departement,
        region=region,
        dynamique_depuis=premier - datetime.timedelta(days=90 + rng.randrange(200)),
    )
    etape = Etape.DYNAMIQUE
    decisions = []
    for transition, ecart in etapes:
        date = repere - datetime.timedelta(days=ecart)
        decisions.append(
            DecisionEtape(
                transition=transition,
                etape_avant=etape,
                etape_apres=TRANSITIONS[transition].vers,
                date=date,
                instance=INSTANCES[transition],
                motif="Jeu de données du banc d'essai.",
                enregistre_par=agent,
            )
        )
        etape = TRANSITIONS[transition].vers
        cpts.etape_depuis = date
    cpts.etape = etape
    cpts._history_user = agent
    cpts.save()
    for decision in decisions:
        decision.cpts = cpts
    DecisionEtape.objects.bulk_create(decisions)
    # Le territoire est composé pendant le pré-projet, ou quelques mois après le début de la dynamique.
    debut_territoire = repere - datetime.timedelta(days=etapes[0][1]) if etapes else cpts.dynamique_depuis
    return cpts, min(debut_territoire + datetime.timedelta(days=60), DATE_JEU)


def _signer(rng: random.Random, cpts: Cpts, population: int, agent: Utilisateur) -> Contrat:
    signature = cpts.etape_depuis
    fin = anniversaire(signature, missions.duree_contrat(signature))
    choisies = missions.socles(signature) + [
        code for code in missions.du_texte(signature) if code not in missions.socles(signature) and rng.random() < 0.3
    ]
    demarrages = {code: min(signature + datetime.timedelta(days=rng.randrange(180)), fin) for code in choisies}
    return services.reprendre_contrat(
        cpts,
        agent,
        signature=signature,
        taille_publiee=taille(population, signature),
        missions_choisies=demarrages,
        population=population,
        membres=20 + rng.randrange(180),
    )


def _declarer_valeurs(rng: random.Random, contrat: Contrat, agent: Utilisateur) -> list[Valeur]:
    """Une valeur par indicateur et par année du contrat commencée au jour du jeu."""
    annees = [
        annee
        for annee in range(1, missions.duree_contrat(contrat.signature) + 1)
        if anniversaire(contrat.signature, annee - 1) <= DATE_JEU
    ]
    moment = datetime.datetime.combine(DATE_JEU, datetime.time(12), tzinfo=datetime.UTC)
    return [
        Valeur(
            indicateur=indicateur,
            annee=annee,
            valeur=Decimal(rng.randrange(1000, 9000)) / 100,
            declaree_par=agent,
            declaree_le=moment,
        )
        for indicateur in contrat.indicateurs.all()
        for annee in annees
    ]


def _verser(contrat: Contrat, agent: Utilisateur) -> list[Paiement]:
    """Chaque ligne exigible au jour du jeu, versée à son échéance, pour ce qui reste dû (comme le service)."""
    return [
        Paiement(
            contrat=contrat,
            annee=ligne.annee,
            mission=ligne.mission,
            volet=ligne.volet,
            nature=ligne.nature,
            montant=ligne.payable,
            date=ligne.du_le,
            reference=f"BENCH-{contrat.pk}-{ligne.identifiant}",
            du_a_l_enregistrement=ligne.restant,
            enregistre_par=agent,
        )
        for ligne in echeancier_du_contrat(contrat, DATE_JEU).a_payer(DATE_JEU)
    ]


def creer_comptes() -> tuple[Utilisateur, Utilisateur]:
    agent, _ = Utilisateur.objects.get_or_create(
        username=IDENTIFIANT_AGENT, defaults={"role": Role.ADMINISTRATEUR, "is_staff": True, "is_superuser": True}
    )
    lecteur, _ = Utilisateur.objects.get_or_create(
        username=IDENTIFIANT_LECTEUR, defaults={"role": Role.LECTEUR_NATIONAL}
    )
    return agent, lecteur


def agent_ars(region: str) -> Utilisateur:
    """L'agent ARS d'une région du jeu : son accueil est le tableau de bord de la région."""
    agent, _ = Utilisateur.objects.get_or_create(
        username=f"{PREFIXE_AGENT_ARS}{region}", defaults={"role": Role.AGENT_ARS, "region": region}
    )
    return agent


@transaction.atomic
def construire(
    departements: Iterable[str] | None = None, graine: int = GRAINE, progression: Progression | None = None
) -> Bilan:
    """Génère le jeu sur le référentiel déjà importé ; `departements` restreint (jeu réduit), sinon la France."""
    rng = random.Random(graine)
    avancer = progression or (lambda _n: None)
    agent, _ = creer_comptes()
    choisis = Departement.objects.order_by("code")
    if departements is not None:
        choisis = choisis.filter(code__in=list(departements))
    population = dict(Commune.objects.filter(active=True).values_list("code", "population"))
    projets = territoires = contrats = valeurs = paiements = 0
    communes_couvertes: set[str] = set()
    for departement in choisis:
        groupes = _tirer_territoires(rng, departement.code, population)
        sans_territoire = round(len(groupes) * PART_SANS_TERRITOIRE)
        for numero, groupe in enumerate([*groupes, *([None] * sans_territoire)], start=1):
            tirage = rng.random()
            colonne = "dynamique" if groupe is None else next(c for seuil, c in REPARTITION if tirage < seuil)
            cpts, debut = _creer_projet(rng, departement.code, departement.region_id, numero, colonne, agent)
            projets += 1
            avancer(1)
            if groupe is None:
                continue
            territoire = enregistrer(cpts, groupe, agent, date=debut)
            territoires += 1
            communes_couvertes.update(groupe)
            if colonne == "contrat_signe":
                contrat = _signer(rng, cpts, territoire.population, agent)
                nouvelles = _declarer_valeurs(rng, contrat, agent)
                bulk_create_with_history(nouvelles, Valeur, default_user=agent)
                versements = _verser(contrat, agent)
                Paiement.objects.bulk_create(versements)
                # Écritures en masse, hors des signaux : l'état du contrat est périmé à la main.
                perimer([contrat.pk])
                contrats += 1
                valeurs += len(nouvelles)
                paiements += len(versements)
    recalculer(Contrat.objects.all())
    habitants = choisis.aggregate(total=Sum("population"))["total"] or 0
    couverte = sum(population[code] for code in communes_couvertes)
    return Bilan(
        departements=choisis.count(),
        projets=projets,
        territoires=territoires,
        communes_couvertes=len(communes_couvertes),
        part_population_couverte=round(couverte / habitants, 4) if habitants else 0.0,
        contrats=contrats,
        valeurs=valeurs,
        paiements=paiements,
    )


def communes_d_un_territoire(nombre: int, departements: Iterable[str] | None = None) -> list[str]:
    """`nombre` communes voisines pour le résumé mesuré : des EPCI entiers du département le plus morcelé."""
    codes = Commune.objects.filter(active=True, type="commune")
    if departements is not None:
        codes = codes.filter(departement_id__in=list(departements))
    par_departement: dict[str, int] = defaultdict(int)
    for departement in codes.values_list("departement_id", flat=True):
        par_departement[departement] += 1
    departement = max(sorted(par_departement), key=par_departement.__getitem__)
    choisies = [code for groupe in groupes_de_communes(departement) for code in groupe]
    return choisies[:nombre]
