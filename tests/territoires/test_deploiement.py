"""Les tableaux nationaux gardés en cache (état des lieux, couvertures) égalent un calcul neuf après chaque sorte
d'écriture, et un tableau à une date passée reste celui de cette date."""

import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from cpts.dossiers import etapes, rectification
from cpts.dossiers.ecriture import enregistrer_fiche
from cpts.dossiers.enums import Instance, TransitionEtape
from cpts.dossiers.models import Cpts
from cpts.exploitation.sauvegarde import restaurer, sauvegarder
from cpts.pilotage.tableaux import (
    calculer_couverture_regions,
    calculer_etat_des_lieux,
    couverture_regions,
    etat_des_lieux,
)
from cpts.territoires import couverture
from cpts.territoires.deploiement import nouvelle_version
from cpts.territoires.enregistrement import enregistrer
from cpts.territoires.importation import importer
from cpts.territoires.models import Commune, VersionDeploiement
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import parcours
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.usefixtures("communes")

T = TransitionEtape
AVANT = datetime.date(2026, 8, 31)
DEPOT = datetime.date(2026, 9, 1)
APRES = datetime.date(2026, 10, 1)
LYON, VILLEURBANNE = "69123", "69266"


def gardes(date: datetime.date) -> tuple[object, ...]:
    return (
        etat_des_lieux(None, date),
        couverture.couverture("departement", date),
        couverture.couverture("region", date),
        couverture_regions(date),
    )


def neufs(date: datetime.date) -> tuple[object, ...]:
    return (
        calculer_etat_des_lieux(None, date),
        couverture.calculer("departement", date),
        couverture.calculer("region", date),
        calculer_couverture_regions(date),
    )


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


@pytest.fixture
def projet(agent: object) -> Cpts:
    """Un projet des Monts du Lyonnais, en dynamique, son territoire en cours depuis 2021."""
    return parcours.dossier_complet(agent)


def test_un_tableau_relu_ne_coute_que_la_lecture_des_versions(projet: Cpts) -> None:
    gardes(APRES)
    with CaptureQueriesContext(connection) as requetes:
        relus = gardes(APRES)
    assert len(requetes) == 4  # une par tableau
    assert relus == neufs(APRES)


def test_une_decision_d_etape_rend_caducs_les_tableaux_gardes(agent: object, projet: Cpts) -> None:
    avant = gardes(APRES)
    etapes.franchir(projet, T.DEPOSER_PRE_PROJET, agent, date=DEPOT, instance=Instance.EQUIPE_PROJET)
    etapes.franchir(projet, T.VALIDER_PRE_PROJET, agent, date=DEPOT, instance=Instance.ECD)
    assert gardes(APRES) == neufs(APRES) != avant


def test_le_tableau_d_une_date_passee_reste_celui_de_cette_date_apres_une_decision(agent: object, projet: Cpts) -> None:
    avant = gardes(AVANT)
    etapes.franchir(projet, T.DEPOSER_PRE_PROJET, agent, date=DEPOT, instance=Instance.EQUIPE_PROJET)
    etapes.franchir(projet, T.VALIDER_PRE_PROJET, agent, date=DEPOT, instance=Instance.ECD)
    assert gardes(AVANT) == neufs(AVANT) == avant


def test_une_rectification_rend_caducs_les_tableaux_gardes(agent: object, projet: Cpts) -> None:
    etapes.franchir(projet, T.DEPOSER_PRE_PROJET, agent, date=DEPOT, instance=Instance.EQUIPE_PROJET)
    etapes.franchir(projet, T.VALIDER_PRE_PROJET, agent, date=DEPOT, instance=Instance.ECD)
    valide = gardes(APRES)
    rectification.rectifier(projet.decisions.latest("pk"), agent, date=APRES, motif="Validé par erreur.")
    # La rectification est datée : le tableau à sa date ne compte plus la validation, celui de la veille si.
    assert gardes(APRES) == neufs(APRES) != valide
    veille = APRES - datetime.timedelta(days=1)
    assert gardes(veille) == neufs(veille)
    assert etat_des_lieux(None, veille).total == valide[0].total


def test_un_territoire_enregistre_rend_caduques_les_couvertures_gardees(agent: object, projet: Cpts) -> None:
    avant = gardes(APRES)
    enregistrer(projet, [LYON], agent, date=DEPOT)
    assert gardes(APRES) == neufs(APRES) != avant


def test_une_fiche_changee_de_departement_rend_caduc_l_etat_des_lieux_garde(agent: object, projet: Cpts) -> None:
    avant = gardes(APRES)
    projet.departement = "42"
    enregistrer_fiche(projet, agent, revision=projet.revision)
    assert gardes(APRES) == neufs(APRES) != avant


def test_un_projet_inscrit_ou_supprime_rend_caducs_les_tableaux_gardes() -> None:
    avant = gardes(APRES)
    cpts = CptsFactory(dynamique_depuis=DEPOT)
    inscrit = gardes(APRES)
    assert inscrit == neufs(APRES) != avant
    cpts.delete()
    assert gardes(APRES) == neufs(APRES) == avant


def test_un_import_des_communes_rend_caduques_les_couvertures_gardees(
    agent: object,
    projet: Cpts,
    referentiel_regional: Path,
) -> None:
    # Une population que l'import va corriger, lue par le territoire à son enregistrement.
    Commune.objects.filter(code=LYON).update(population=F("population") + 1_000_000)
    enregistrer(projet, [LYON], agent, date=DEPOT)
    gonflees = gardes(APRES)
    importer(referentiel_regional)
    assert gardes(APRES) == neufs(APRES) != gonflees


def test_une_ecriture_d_un_autre_processus_se_lit_a_la_version_changee_en_base(projet: Cpts) -> None:
    avant = gardes(APRES)
    # Un autre processus écrit et change la version dans la même transaction : ici, seule la base en garde la trace.
    Cpts.objects.filter(pk=projet.pk).update(departement="42")
    assert gardes(APRES) == avant
    nouvelle_version()
    assert gardes(APRES) == neufs(APRES) != avant


@pytest.mark.usefixtures("fichiers_temporaires", "referentiel_regional")
def test_une_restauration_rend_les_tableaux_des_donnees_restaurees(agent: object, projet: Cpts, tmp_path: Path) -> None:
    sauvegarde = tmp_path / "sauvegarde.jsonl.gz"
    sauvegarder(sauvegarde)
    sauvegardes = gardes(APRES)
    enregistrer(projet, [LYON, VILLEURBANNE], agent, date=DEPOT)
    assert gardes(APRES) != sauvegardes
    restaurer(sauvegarde)
    assert gardes(APRES) == neufs(APRES) == sauvegardes


@pytest.mark.usefixtures("fichiers_temporaires", "referentiel_regional")
def test_une_sauvegarde_sans_version_est_restauree_sous_une_version_neuve(projet: Cpts, tmp_path: Path) -> None:
    VersionDeploiement.objects.all().delete()
    sauvegarde = tmp_path / "sauvegarde.jsonl.gz"
    sauvegarder(sauvegarde)
    restaurer(sauvegarde)
    assert VersionDeploiement.objects.get().numero != 0
