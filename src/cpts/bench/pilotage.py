"""Scénarios des pages nationales (état des lieux, couvertures) : durée par le vrai serveur face à une page
triviale, et nombre de requêtes SQL compté dans le processus, sur tout le jeu puis sur un sous-ensemble.

Le sous-ensemble est le même jeu vu à une date où peu de projets existaient : mêmes pages, même code, beaucoup
moins de lignes. Un nombre de requêtes égal aux deux dates montre qu'il ne dépend pas de la taille des données.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.test import Client as ClientDjango
from django.test.utils import CaptureQueriesContext

from cpts.bench.jeu import DATE_JEU, DATE_SOUS_ENSEMBLE
from cpts.bench.mesure import comparer
from cpts.bench.rapport import Resultat
from cpts.bench.serveur import HOTE, Client, verifier
from cpts.comptes.models import Utilisateur
from cpts.dossiers.etape_datee import engage_a_la_date
from cpts.dossiers.models import Cpts

CIBLE_PAGE = 5.0
PAGE_TRIVIALE = "/comptes/jetons/"
REFERENCE = (
    f"page triviale GET {PAGE_TRIVIALE} (même gabarit de base, même session, une requête SQL propre : "
    "la plus petite page d'un utilisateur connecté)"
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


def _projets_a(date: datetime.date) -> int:
    return Cpts.objects.filter(engage_a_la_date(date)).count()


def compter_requetes(lecteur: Utilisateur) -> dict[str, dict[str, int]]:
    """Requêtes SQL de chaque page, au jour du jeu et au jour du sous-ensemble (après un premier affichage)."""
    client = ClientDjango(HTTP_HOST=HOTE)
    client.force_login(lecteur)
    comptes = {}
    for page in PAGES:
        par_date = {}
        for nom, date in (("jeu_complet", DATE_JEU), ("sous_ensemble", DATE_SOUS_ENSEMBLE)):
            chemin = page.a_la_date(date)
            client.get(chemin)
            with CaptureQueriesContext(connection) as requetes:
                statut = client.get(chemin).status_code
            if statut != 200:
                raise RuntimeError(f"{chemin} répond {statut}.")
            par_date[nom] = len(requetes)
        comptes[page.code] = par_date
    return comptes


def mesurer(client: Client, lecteur: Utilisateur, repetitions: int) -> list[Resultat]:
    comptes = compter_requetes(lecteur)
    projets = {"jeu_complet": _projets_a(DATE_JEU), "sous_ensemble": _projets_a(DATE_SOUS_ENSEMBLE)}
    resultats = []
    for page in PAGES:
        chemin = page.a_la_date(DATE_JEU)
        serie, reference = comparer(
            lambda chemin=chemin: verifier(client.get(chemin)),
            lambda: verifier(client.get(PAGE_TRIVIALE)),
            repetitions,
        )
        requetes = comptes[page.code]
        constant = requetes["jeu_complet"] == requetes["sous_ensemble"]
        resultats.append(
            Resultat(
                page.code,
                f"{page.libelle} ({requetes['jeu_complet']} requêtes SQL)",
                f"≤ {CIBLE_PAGE:g} × page triviale, requêtes constantes",
                serie.mediane / reference.mediane <= CIBLE_PAGE and constant,
                serie,
                reference,
                REFERENCE,
                details={
                    "chemin": chemin,
                    "requetes_sql": requetes,
                    "requetes_constantes": constant,
                    "projets": projets,
                    "dates": {"jeu_complet": DATE_JEU.isoformat(), "sous_ensemble": DATE_SOUS_ENSEMBLE.isoformat()},
                },
            )
        )
    return resultats
