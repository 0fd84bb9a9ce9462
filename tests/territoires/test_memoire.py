"""Ce que le compositeur et les cartes gardent en mémoire (communes, recherche, contours des départements) ne survit pas
à un import des communes."""

import dataclasses
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from shapely.geometry import shape

from cpts.territoires.cartographie import contour_departement, entite_territoire
from cpts.territoires.composition import resumer
from cpts.territoires.importation import importer
from cpts.territoires.memoire import (
    CommuneGardee,
    communes_actives,
    communes_par_nom,
    echelons,
    epcis_par_nom,
    memoire,
)
from cpts.territoires.models import Commune, Epci
from cpts.territoires.version import nouvelle_version
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")
LYON, VILLEURBANNE = "69123", "69266"
RHONE = "69"
METROPOLE_DE_LYON = "200046977"


def test_apres_un_import_le_resume_ne_sert_plus_les_communes_lues_avant(referentiel_regional: Path) -> None:
    nouvelle_version()  # une mémoire vide, quoi qu'aient lu les tests d'avant
    Commune.objects.filter(code=LYON).update(population=F("population") + 1_000_000)
    gonflee = resumer([LYON, VILLEURBANNE]).population
    Commune.objects.filter(code=LYON).update(population=F("population") - 1_000_000)
    # Seul l'import change les communes : sans lui, la mémoire sert encore ce qu'elle a lu.
    assert resumer([LYON, VILLEURBANNE]).population == gonflee
    importer(referentiel_regional)
    assert resumer([LYON, VILLEURBANNE]).population == gonflee - 1_000_000


def test_apres_un_import_les_conflits_ne_nomment_plus_la_commune_comme_avant(referentiel_regional: Path) -> None:
    TerritoireFactory(cpts__nom="CPTS Villeurbanne", communes=[VILLEURBANNE])
    nouvelle_version()
    Commune.objects.filter(code=VILLEURBANNE).update(nom="Villeurbanne-la-Grande")
    assert [c.nom_commune for c in resumer([LYON, VILLEURBANNE]).conflits] == ["Villeurbanne-la-Grande"]
    importer(referentiel_regional)
    assert [c.nom_commune for c in resumer([LYON, VILLEURBANNE]).conflits] == ["Villeurbanne"]


def test_apres_un_import_la_recherche_ne_propose_plus_les_communes_lues_avant(referentiel_regional: Path) -> None:
    nouvelle_version()
    Commune.objects.filter(code=LYON).update(population=F("population") + 1_000_000)
    gonflee = communes_par_nom("lyon", 1, memoire())[0].population
    Commune.objects.filter(code=LYON).update(population=F("population") - 1_000_000)
    assert communes_par_nom("lyon", 1, memoire())[0].population == gonflee
    importer(referentiel_regional)
    assert communes_par_nom("lyon", 1, memoire())[0].population == gonflee - 1_000_000


def test_apres_un_import_la_carte_ne_dessine_plus_le_departement_lu_avant(referentiel_regional: Path) -> None:
    nouvelle_version()
    Commune.objects.filter(departement_id=RHONE).exclude(code=LYON).update(contour="")
    lyon_seule = contour_departement(RHONE, memoire())
    # Seul l'import change les contours : sans lui, la mémoire sert encore celui qu'elle a dessiné.
    assert contour_departement(RHONE, memoire()) == lyon_seule
    importer(referentiel_regional)
    redessine = contour_departement(RHONE, memoire())
    assert shape(redessine["geometry"]).area > 10 * shape(lyon_seule["geometry"]).area


def test_apres_un_import_la_carte_ne_dessine_plus_le_territoire_lu_avant(referentiel_regional: Path) -> None:
    territoire = TerritoireFactory(communes=[LYON, VILLEURBANNE])
    nouvelle_version()
    Commune.objects.filter(code=VILLEURBANNE).update(contour="")
    lyon_seule = entite_territoire(territoire)["geometry"]
    assert entite_territoire(territoire)["geometry"] == lyon_seule
    importer(referentiel_regional)
    redessine = entite_territoire(territoire)["geometry"]
    assert shape(redessine).area > 1.2 * shape(lyon_seule).area


def test_apres_un_import_les_comparaisons_du_diagnostic_comptent_les_communes_du_referentiel(
    referentiel_regional: Path,
) -> None:
    nouvelle_version()
    Commune.objects.filter(departement_id=RHONE).exclude(code=LYON).update(active=False)
    assert [code for code, _ in echelons(memoire()).departements[RHONE]] == [LYON]
    Commune.objects.filter(departement_id=RHONE).update(active=True)
    # Seul l'import change les communes : sans lui, la mémoire sert encore le Rhône réduit à Lyon.
    assert len(echelons(memoire()).departements[RHONE]) == 1
    importer(referentiel_regional)
    rhone = echelons(memoire()).departements[RHONE]
    assert len(rhone) == Commune.objects.filter(departement_id=RHONE, commune_parent__isnull=True).count()
    arrondissements = Commune.objects.filter(commune_parent=LYON).values_list("code", flat=True)
    assert sorted(dict(rhone)[LYON]) == sorted(arrondissements)


def test_la_recherche_par_le_nom_ne_relit_pas_les_communes_a_chaque_frappe() -> None:
    """Les plus peuplées d'abord, parmi les seules communes dont le nom commence par le début tapé."""
    communes_par_nom("vill", 1, memoire())
    with CaptureQueriesContext(connection) as requetes:
        proposees = communes_par_nom("vill", 3, memoire())
    assert [commune.nom for commune in proposees] == ["Villeurbanne", "Villeneuve-d'Ascq", "Villejuif"]
    assert not any("territoires_commune" in requete["sql"] for requete in requetes.captured_queries)


def test_apres_un_import_la_recherche_ne_propose_plus_les_epci_lus_avant(referentiel_regional: Path) -> None:
    nouvelle_version()
    Epci.objects.filter(siren=METROPOLE_DE_LYON).update(nom="Grand Lyon")
    assert [epci.nom for epci in epcis_par_nom("grand lyon", 5, memoire())] == ["Grand Lyon"]
    Epci.objects.filter(siren=METROPOLE_DE_LYON).update(nom="Métropole de Lyon")
    # Seul l'import change les EPCI : sans lui, la mémoire sert encore ce qu'elle a lu.
    assert [epci.siren for epci in epcis_par_nom("grand lyon", 5, memoire())] == [METROPOLE_DE_LYON]
    importer(referentiel_regional)
    assert epcis_par_nom("grand lyon", 5, memoire()) == []
    assert METROPOLE_DE_LYON in [epci.siren for epci in epcis_par_nom("métropole de lyon", 5, memoire())]


def test_la_recherche_des_epci_ignore_la_casse_suit_l_ordre_des_noms_et_ne_lit_pas_la_base() -> None:
    epcis_par_nom("lyon", 5, memoire())
    with CaptureQueriesContext(connection) as requetes:
        trouves = epcis_par_nom("MÉTROPOLE", 2, memoire())
    noms = sorted(nom for nom in Epci.objects.values_list("nom", flat=True) if "métropole" in nom.casefold())
    assert [epci.nom for epci in trouves] == noms[:2]
    assert not any("territoires_epci" in requete["sql"] for requete in requetes.captured_queries)


def test_une_recherche_deja_faite_rend_sa_reponse_gardee() -> None:
    nouvelle_version()
    premiere = communes_par_nom("vill", 3, memoire())
    assert communes_par_nom("vill", 3, memoire()) is premiere
    assert communes_par_nom("vill", 2, memoire()) == premiere[:2]


def test_une_commune_gardee_porte_en_attributs_simples_les_valeurs_de_sa_ligne() -> None:
    """Des attributs simples plutôt qu'une instance du modèle : ses clés étrangères passaient par un descripteur écrit
    en Python à chaque lecture (800 par résumé de 200 communes)."""
    nouvelle_version()
    (lyon_1er,) = communes_actives(["69381"], memoire())
    ligne = Commune.objects.get(code="69381")
    assert isinstance(lyon_1er, CommuneGardee)
    assert dataclasses.asdict(lyon_1er) == {
        champ.name: getattr(ligne, champ.name) for champ in dataclasses.fields(CommuneGardee)
    }
    assert lyon_1er.commune_parent_id == LYON


def test_les_communes_actives_suivent_l_ordre_demande_toutes_deja_lues_ou_non_sans_les_codes_inconnus() -> None:
    memo = memoire()
    assert [c.code for c in communes_actives([VILLEURBANNE, "99999", LYON], memo)] == [VILLEURBANNE, LYON]
    assert [c.code for c in communes_actives(iter([LYON, VILLEURBANNE, LYON]), memo)] == [LYON, VILLEURBANNE, LYON]
    assert [c.code for c in communes_actives([LYON, "99999"], memo)] == [LYON]
