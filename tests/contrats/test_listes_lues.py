"""Les alertes et les versements à venir d'un agent, lus en colonnes dans l'état gardé : l'API rend, au caractère près,
le JSON des listes calculées contrat par contrat, et chaque liste coûte un nombre fixe de requêtes SQL."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from ninja import Schema
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel, create_model

from cpts.api.contrats import AlerteSortie, AVenirSortie, LigneSortie, _alerte_json
from cpts.comptes import jetons
from cpts.contrats.alertes import alertes
from cpts.contrats.colonnes import a_venir_json
from cpts.contrats.echeancier import lignes_a_venir
from cpts.contrats.etat import (
    ORDRE_LISTES,
    _lecture_des_alertes,
    _nombre_des_alertes,
    alertes_gardees,
    lignes_a_venir_gardees,
)
from cpts.contrats.models import Contrat
from cpts.contrats.prechargement import precharger
from cpts.preparees import RANG_DE_FIN, _Marque
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, PaiementFactory

pytestmark = pytest.mark.django_db

MISSIONS = dict.fromkeys(["acces", "parcours", "prevention", "crise"])
HORIZON = 3660


def contrats_de_la_region(nombre: int) -> None:
    """Des contrats signés à des jours différents (lignes dues et alertes à toutes les échéances), dont un versement."""
    aujourd_hui = timezone.localdate()
    for rang in range(nombre):
        contrat = ContratFactory(signature=aujourd_hui - datetime.timedelta(days=250 + 200 * rang), missions=MISSIONS)
        if rang == 0:
            PaiementFactory(contrat=contrat, date=contrat.signature)


def calculees() -> list[Contrat]:
    # L'ordre des listes : le nom de la CPTS, puis le contrat (le tri du calcul est stable).
    return list(precharger(Contrat.objects.select_related("cpts").order_by("cpts__nom", "pk")))


def client_api(agent: object) -> Client:
    _, jeton = jetons.creer(agent, "listes")  # type: ignore[arg-type]
    return Client(HTTP_AUTHORIZATION=f"Bearer {jeton}")


def requetes(client: Client, chemin: str) -> int:
    client.get(chemin)  # premier affichage : caches de processus, état calculé
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(chemin).status_code == 200
    return len(contexte)


def test_l_api_des_versements_a_venir_rend_le_json_des_lignes_calculees() -> None:
    contrats_de_la_region(3)
    client = client_api(UtilisateurFactory(agent_ars_region=True))
    lu = client.get(f"/api/v1/contrats/versements-a-venir?jours={HORIZON}&page_size=200").json()
    attendu = [a_venir_json(entree) for entree in lignes_a_venir(calculees(), timezone.localdate(), HORIZON)]
    assert len(attendu) > 10
    assert lu == {"items": attendu, "count": len(attendu)}


def test_l_api_des_alertes_rend_le_json_des_alertes_calculees() -> None:
    contrats_de_la_region(3)
    client = client_api(UtilisateurFactory(agent_ars_region=True))
    lu = client.get("/api/v1/contrats/alertes?page_size=200").json()
    attendu = [_alerte_json(alerte) for alerte in alertes(calculees(), timezone.localdate())]
    assert len(attendu) > 3
    # Les dates passent en texte ISO dans le JSON.
    assert lu == {"items": [{**a, "echeance": a["echeance"].isoformat()} for a in attendu], "count": len(attendu)}


@pytest.mark.parametrize("modele", [LigneSortie, AVenirSortie, AlerteSortie])
def test_les_lignes_de_l_api_sont_decrites_comme_par_un_schema_de_django_ninja(modele: type[BaseModel]) -> None:
    # Le même modèle écrit en `Schema` de django-ninja (ce qu'il était) : même description OpenAPI.
    jumeau = create_model(  # type: ignore[call-overload]
        modele.__name__,
        __base__=Schema,
        **{nom: (champ.annotation, champ) for nom, champ in modele.model_fields.items()},
    )
    assert modele.model_json_schema(schema_generator=NinjaGenerateJsonSchema) == jumeau.model_json_schema(
        schema_generator=NinjaGenerateJsonSchema
    )


def test_chaque_page_des_versements_a_venir_est_la_tranche_des_lignes_calculees_meme_a_dates_dues_egales() -> None:
    # Deux contrats signés chaque jour : leurs lignes sont dues aux mêmes dates, départagées par le nom de la CPTS.
    aujourd_hui = timezone.localdate()
    for rang in range(4):
        ContratFactory(signature=aujourd_hui - datetime.timedelta(days=400 + 200 * (rang // 2)), missions=MISSIONS)
    entrees, _total = lignes_a_venir_gardees(Contrat.objects.all(), aujourd_hui, HORIZON)
    attendues = [a_venir_json(entree) for entree in lignes_a_venir(calculees(), aujourd_hui, HORIZON)]
    assert len({entree["du_le"] for entree in attendues}) <= len(attendues) / 2
    for taille in (1, 3, 7, 50):
        pages = [entrees[debut : debut + taille] for debut in range(0, len(attendues) + taille, taille)]
        assert [a_venir_json(entree) for page in pages for entree in page] == attendues, taille
    # L'export parcourt la liste entière.
    assert [a_venir_json(entree) for entree in entrees] == attendues


def test_chaque_page_des_alertes_est_la_tranche_des_alertes_calculees_meme_a_echeances_egales() -> None:
    # Deux contrats signés chaque jour : leurs alertes tombent aux mêmes échéances, départagées par le nom de la CPTS.
    aujourd_hui = timezone.localdate()
    for rang in range(6):
        ContratFactory(signature=aujourd_hui - datetime.timedelta(days=250 + 200 * (rang // 2)), missions=MISSIONS)
    liste = alertes_gardees(Contrat.objects.all(), aujourd_hui)
    attendues = [_alerte_json(alerte) for alerte in alertes(calculees(), aujourd_hui)]
    assert len({(alerte["niveau"], alerte["echeance"]) for alerte in attendues}) <= len(attendues) / 2
    for taille in (1, 3, 7, 50):
        pages = [liste[debut : debut + taille] for debut in range(0, len(attendues) + taille, taille)]
        assert [_alerte_json(alerte) for page in pages for alerte in page] == attendues, taille
    assert [_alerte_json(alerte) for alerte in liste] == attendues


def test_les_premieres_alertes_de_l_accueil_sont_celles_de_la_liste_entiere_dans_l_ordre_des_signatures() -> None:
    aujourd_hui = timezone.localdate()
    for rang in range(6):
        ContratFactory(signature=aujourd_hui - datetime.timedelta(days=250 + 200 * (rang // 2)), missions=MISSIONS)
    # L'ordre de l'accueil d'un agent (`cpts.www.pilotage.tableau_de_bord`) : les contrats signés en dernier d'abord.
    liste = alertes_gardees(Contrat.objects.all(), aujourd_hui, ordre_contrats=("-contrat__signature", "contrat_id"))
    entiere = [_alerte_json(alerte) for alerte in liste]
    assert len(entiere) > 15
    for fin in (1, 15, len(entiere)):
        assert [_alerte_json(alerte) for alerte in liste[0:fin]] == entiere[:fin], fin


@pytest.mark.skipif(connection.vendor != "sqlite", reason="plan de requête propre à SQLite")
def test_sur_sqlite_les_alertes_d_une_page_sont_comptees_et_triees_dans_l_index_seul() -> None:
    contrats_de_la_region(2)
    valeurs = {"contrats": list(Contrat.objects.values_list("pk", flat=True)), "le": timezone.localdate()}
    valeurs[RANG_DE_FIN] = 49
    for lecture in (_lecture_des_alertes(False, False, ORDRE_LISTES, True), _nombre_des_alertes(False, False)):
        compilee = lecture._compilee(connection.alias)
        parametres = [
            p.champ.get_db_prep_value(valeurs[p.nom], connection, prepared=False) if isinstance(p, _Marque) else p
            for p in compilee.parametres
        ]
        with connection.cursor() as curseur:
            curseur.execute(f"EXPLAIN QUERY PLAN {compilee.sql}", parametres)
            plan = [str(ligne[-1]) for ligne in curseur.fetchall()]
        # Seules les alertes de la page sont lues dans la table, par leur clé.
        alertes = [etape for etape in plan if "alerteetat" in etape]
        assert alertes, plan
        assert all("COVERING INDEX alerteetat_triees" in etape or "PRIMARY KEY" in etape for etape in alertes), plan


# Session, compte, départements du filtre, version des données, contrats à recalculer ; les alertes lisent aussi les
# récapitulatifs reçus par l'agent. Le nombre (et le total) et la page, lus au premier affichage, sont gardés sous la
# version des données (`cpts.contrats.etat`) : relus seulement après une écriture.
@pytest.mark.parametrize(("page", "attendues"), [("contrats:versements", 5), ("contrats:alertes", 6)])
def test_une_liste_d_un_agent_coute_un_nombre_fixe_de_requetes(client: Client, page: str, attendues: int) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contrats_de_la_region(1)
    assert requetes(client, reverse(page)) == attendues
    contrats_de_la_region(3)
    assert requetes(client, reverse(page)) == attendues


# Jeton, version des données, contrats à recalculer (nombre, total et page gardés sous la version).
@pytest.mark.parametrize("chemin", ["/api/v1/contrats/alertes", "/api/v1/contrats/versements-a-venir"])
def test_une_liste_de_l_api_coute_un_nombre_fixe_de_requetes(chemin: str) -> None:
    client = client_api(UtilisateurFactory(agent_ars_region=True))
    contrats_de_la_region(1)
    assert requetes(client, chemin) == 3
    contrats_de_la_region(3)
    assert requetes(client, chemin) == 3
