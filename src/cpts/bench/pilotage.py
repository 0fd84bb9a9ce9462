"""Scénarios des pages ouvertes chaque jour : les pages nationales (état des lieux, couvertures) pour le lecteur
national, l'accueil, les versements à venir, les alertes, la fiche d'une CPTS, l'échéancier et la fiche d'un contrat
pour un agent ARS. Durée par le vrai serveur face à la plus petite page d'un utilisateur connecté (la même session), et
nombre de requêtes SQL compté dans le processus à deux tailles de données.

Pour les pages nationales, la petite taille est le même jeu vu à une date où peu de projets existaient. Pour les pages
d'un agent, c'est la même page vue par l'agent de la région qui a le moins de CPTS (et au moins un contrat), la fiche
et l'échéancier du contrat qui a le moins de versements ; la grande taille, la région qui a le plus de CPTS et son
contrat qui a le plus de versements. Un nombre de requêtes égal aux deux tailles montre qu'il ne dépend pas des données.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.test import Client as ClientDjango
from django.test.utils import CaptureQueriesContext

from cpts.bench import acces
from cpts.bench.jeu import DATE_JEU, DATE_SOUS_ENSEMBLE, agent_ars
from cpts.bench.mesure import comparer
from cpts.bench.rapport import Resultat
from cpts.bench.serveur import HOTE, Client, verifier
from cpts.comptes.models import Utilisateur
from cpts.contrats.models import Contrat
from cpts.dossiers.etape_datee import engage_a_la_date
from cpts.dossiers.models import Cpts
from cpts.territoires.deploiement import nouvelle_version

CIBLE_PAGE = 2.0
PAGE_TRIVIALE = "/comptes/jetons/"
REFERENCE = (
    f"page triviale GET {PAGE_TRIVIALE} (même serveur, même client, même gabarit de base, même session, une requête "
    "SQL propre : la plus petite page d'un utilisateur connecté), alternée avec la page mesurée"
)
TAILLES = ("jeu_complet", "sous_ensemble")
API_TRIVIALE = "/api/v1/contrats?page_size=1"
REFERENCE_API = (
    f"appel trivial GET {API_TRIVIALE} (même serveur, même client, même jeton d'API de l'agent : le premier contrat "
    "de sa région), alterné avec l'appel mesuré"
)


@dataclass(frozen=True)
class Page:
    code: str
    libelle: str
    chemin: str

    def a_la_date(self, date: datetime.date) -> str:
        return self.chemin.format(iso=date.isoformat(), fr=f"{date:%d/%m/%Y}")


PAGES = (
    Page("etat_des_lieux", "État des lieux national", "/pilotage/tableau/etat-des-lieux/?date={iso}"),
    Page("couverture_regions", "Couverture nationale par région", "/pilotage/tableau/couverture-regions/?date={iso}"),
    Page(
        "couverture_departements",
        "Couverture par département",
        "/territoires/couverture/?niveau=departement&date={fr}",
    ),
)

# Les chemins se complètent du périmètre de l'agent : `{cpts}` et `{contrat}`.
PAGES_AGENT = (
    Page("accueil_ars", "Accueil d'un agent ARS (tableau de bord de sa région)", "/"),
    Page("versements_a_venir", "Versements à venir d'une région (agent ARS)", "/contrats/versements/"),
    Page("alertes_contrats", "Alertes des contrats d'une région (agent ARS)", "/contrats/alertes/"),
    Page("fiche_cpts", "Fiche d'une CPTS sous contrat (agent ARS)", "/cpts/{cpts}/"),
    Page("echeancier_contrat", "Échéancier d'un contrat (agent ARS)", "/contrats/{contrat}/echeancier/"),
    Page("fiche_contrat", "Fiche d'un contrat (agent ARS)", "/contrats/{contrat}/"),
)

# Les pages d'agent gardées sous les versions des données (tableau de bord de la région ; nombre et page des versements
# à venir et des alertes) : aussi mesurées recalculées.
PAGES_AGENT_GARDEES = ("accueil_ars", "versements_a_venir", "alertes_contrats")

# Les listes de l'API que l'agent appelle avec son jeton : la première page (50 lignes) de toute sa région.
API_AGENT = (
    Page("api_alertes", "Alertes des contrats d'une région (API, agent ARS)", "/api/v1/contrats/alertes"),
    Page(
        "api_versements_a_venir",
        "Versements à venir d'une région (API, agent ARS)",
        "/api/v1/contrats/versements-a-venir",
    ),
)


@dataclass(frozen=True)
class Perimetre:
    """Ce que voit l'agent ARS d'une région : les CPTS de sa région, et le contrat choisi (avec sa CPTS)."""

    region: str
    projets: int
    contrats: int
    contrat: int
    cpts: int
    versements: int

    def chemin(self, page: Page) -> str:
        return page.chemin.format(cpts=self.cpts, contrat=self.contrat)

    def en_json(self) -> dict[str, object]:
        return {
            "region": self.region,
            "projets": self.projets,
            "contrats": self.contrats,
            "contrat": self.contrat,
            "versements_du_contrat": self.versements,
        }


def _projets_a(date: datetime.date) -> int:
    return Cpts.objects.filter(engage_a_la_date(date)).count()


def perimetres() -> dict[str, Perimetre]:
    """La région qui a le plus de CPTS (jeu complet) et celle qui en a le moins (sous-ensemble), parmi les régions
    qui ont au moins un contrat ; dans chacune, le contrat qui a le plus (resp. le moins) de versements."""
    sous_contrat = Contrat.objects.values_list("cpts__region", flat=True).distinct()
    regions = sorted(
        Cpts.objects.filter(region__in=sous_contrat).values_list("region").annotate(n=Count("pk")),
        key=lambda ligne: (-ligne[1], ligne[0]),
    )
    choix = {}
    for taille, (region, projets), ordre in (("jeu_complet", regions[0], "-n"), ("sous_ensemble", regions[-1], "n")):
        contrats = Contrat.objects.filter(cpts__region=region).annotate(n=Count("paiements"))
        pk, cpts, versements = contrats.order_by(ordre, "pk").values_list("pk", "cpts_id", "n")[0]
        choix[taille] = Perimetre(region, projets, contrats.count(), pk, cpts, versements)
    return choix


def _compter(client: ClientDjango, chemin: str) -> int:
    """Les requêtes SQL d'une page, après un premier affichage (caches de processus chauds)."""
    client.get(chemin)
    with CaptureQueriesContext(connection) as requetes:
        statut = client.get(chemin).status_code
    if statut != 200:
        raise RuntimeError(f"{chemin} répond {statut}.")
    return len(requetes)


def compter_requetes(lecteur: Utilisateur) -> dict[str, dict[str, int]]:
    """Requêtes SQL de chaque page nationale, au jour du jeu et au jour du sous-ensemble."""
    client = ClientDjango(HTTP_HOST=HOTE)
    client.force_login(lecteur)
    return {
        page.code: {
            taille: _compter(client, page.a_la_date(date))
            for taille, date in zip(TAILLES, (DATE_JEU, DATE_SOUS_ENSEMBLE), strict=True)
        }
        for page in PAGES
    }


def compter_requetes_agent(choix: Mapping[str, Perimetre]) -> dict[str, dict[str, int]]:
    """Requêtes SQL de chaque page d'agent, vue par l'agent de la grande région puis par celui de la petite."""
    comptes: dict[str, dict[str, int]] = {page.code: {} for page in PAGES_AGENT}
    for taille, perimetre in choix.items():
        client = ClientDjango(HTTP_HOST=HOTE)
        client.force_login(agent_ars(perimetre.region))
        for page in PAGES_AGENT:
            comptes[page.code][taille] = _compter(client, perimetre.chemin(page))
    return comptes


def _resultat(
    client: Client,
    page: Page,
    chemin: str,
    requetes: dict[str, int],
    repetitions: int,
    details: dict[str, object],
    triviale: tuple[str, str] = (PAGE_TRIVIALE, REFERENCE),
    note: str = "",
) -> Resultat:
    """`triviale` : le chemin de la référence et sa description."""
    serie, reference = comparer(
        lambda: verifier(client.get(chemin)), lambda: verifier(client.get(triviale[0])), repetitions
    )
    constant = requetes["jeu_complet"] == requetes["sous_ensemble"]
    return Resultat(
        page.code,
        f"{page.libelle} ({requetes['jeu_complet']} requêtes SQL)",
        f"≤ {CIBLE_PAGE:g} × {'appel trivial' if triviale[0] == API_TRIVIALE else 'page triviale'}, requêtes "
        "constantes",
        serie.mediane / reference.mediane <= CIBLE_PAGE and constant,
        serie,
        reference,
        f"{triviale[1]}{note}",
        details={"chemin": chemin, "requetes_sql": requetes, "requetes_constantes": constant, **details},
    )


def _hors_cache(client: Client, chemin: str, repetitions: int) -> tuple[str, dict[str, object]]:
    """Pour information, la page gardée (nationale, tableau de bord d'une région) calculée à chaque mesure : la version
    des données changée avant chaque affichage (hors chrono), comme après une écriture ; rien n'est relu d'un cache."""
    calcul, reference = comparer(
        lambda: verifier(client.get(chemin)),
        lambda: verifier(client.get(PAGE_TRIVIALE)),
        repetitions,
        preparation=nouvelle_version,
    )
    rapport = calcul.mediane / reference.mediane
    note = f" (calculée à chaque mesure, hors cache : médiane {calcul.mediane * 1000:.1f} ms, {rapport:.1f} ×)"
    return note.replace(".", ","), {
        "calcul_hors_cache": {**calcul.en_json(), "reference_mediane_ms": reference.mediane * 1000, "rapport": rapport}
    }


def mesurer(client: Client, lecteur: Utilisateur, repetitions: int) -> list[Resultat]:
    """Les pages nationales, par le client du lecteur national."""
    comptes = compter_requetes(lecteur)
    details = {
        "projets": {"jeu_complet": _projets_a(DATE_JEU), "sous_ensemble": _projets_a(DATE_SOUS_ENSEMBLE)},
        "dates": {"jeu_complet": DATE_JEU.isoformat(), "sous_ensemble": DATE_SOUS_ENSEMBLE.isoformat()},
    }
    resultats = []
    for page in PAGES:
        chemin = page.a_la_date(DATE_JEU)
        note, hors_cache = _hors_cache(client, chemin, repetitions)
        resultats.append(
            _resultat(client, page, chemin, comptes[page.code], repetitions, {**details, **hors_cache}, note=note)
        )
    return resultats


def mesurer_agent(port: int, repetitions: int) -> list[Resultat]:
    """Les pages d'un agent ARS de la grande région, par un client à sa session (la page triviale aussi)."""
    choix = perimetres()
    comptes = compter_requetes_agent(choix)
    grand = choix["jeu_complet"]
    client = Client(port, acces.preparer(agent_ars(grand.region)).entetes)
    details = {"perimetres": {taille: perimetre.en_json() for taille, perimetre in choix.items()}}
    try:
        resultats = []
        for page in PAGES_AGENT:
            chemin = grand.chemin(page)
            note, hors_cache = (
                _hors_cache(client, chemin, repetitions) if page.code in PAGES_AGENT_GARDEES else ("", {})
            )
            resultats.append(
                _resultat(client, page, chemin, comptes[page.code], repetitions, {**details, **hors_cache}, note=note)
            )
        return resultats
    finally:
        client.fermer()


def mesurer_api_agent(port: int, repetitions: int) -> list[Resultat]:
    """Les listes de l'API d'un agent ARS de la grande région, par un client à son jeton, face à l'appel trivial ;
    requêtes SQL comptées pour l'agent de la grande région puis pour celui de la petite."""
    choix = perimetres()
    comptes: dict[str, dict[str, int]] = {page.code: {} for page in API_AGENT}
    for taille, perimetre in choix.items():
        jeton = acces.preparer(agent_ars(perimetre.region)).jeton
        client_django = ClientDjango(HTTP_HOST=HOTE, HTTP_AUTHORIZATION=f"Bearer {jeton}")
        for page in API_AGENT:
            comptes[page.code][taille] = _compter(client_django, page.chemin)
    grand = choix["jeu_complet"]
    client = Client(port, acces.preparer(agent_ars(grand.region)).entetes_api)
    details = {"perimetres": {taille: perimetre.en_json() for taille, perimetre in choix.items()}}
    try:
        return [
            _resultat(
                client, page, page.chemin, comptes[page.code], repetitions, details, (API_TRIVIALE, REFERENCE_API)
            )
            for page in API_AGENT
        ]
    finally:
        client.fermer()
