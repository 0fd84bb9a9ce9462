"""Test de fumée du banc d'essai : `cpts bench --petit` de bout en bout (base, jeu, sauvegarde et restauration,
serveur, charge mixte), pour qu'il ne pourrisse pas. Aucune durée n'est vérifiée ici : seulement que chaque mesure
existe et a une forme saine. Sur le référentiel des deux régions des départements du jeu réduit : importer,
sauvegarder et restaurer les 35 000 communes du référentiel entier prenait la moitié du test, sans rien éprouver de
plus du banc (le référentiel entier est mesuré par `make bench`, son import éprouvé par ses propres tests)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cpts.bench.jeu import DEPARTEMENTS_PETIT
from cpts.territoires import referentiel
from tests import referentiel_reduit
from tests.base_neuve import copier_dans_le_dossier_du_banc

SCENARIOS = {
    "import_communes",
    "maj_populations",
    "import_portefeuille",
    "echeanciers",
    "resume_territoire",
    "ajout_commune",
    "retrait_commune",
    "profil_territoire",
    "recherche_commune",
    "page_triviale",
    "etat_des_lieux",
    "couverture_regions",
    "couverture_departements",
    "sauvegarde",
    "restauration",
    "charge_pages",
    "charge_api",
    "accueil_ars",
    "versements_a_venir",
    "alertes_contrats",
    "fiche_cpts",
    "echeancier_contrat",
    "fiche_contrat",
    "api_alertes",
    "api_versements_a_venir",
}
PAGES = {
    "etat_des_lieux",
    "couverture_regions",
    "couverture_departements",
    "accueil_ars",
    "versements_a_venir",
    "alertes_contrats",
    "fiche_cpts",
    "echeancier_contrat",
    "fiche_contrat",
    "api_alertes",
    "api_versements_a_venir",
}
CHARGES = {"charge_pages", "charge_api"}


def _referentiel_du_jeu_reduit(cible: Path) -> Path:
    regions = {commune.region for commune in referentiel.lire_communes() if commune.departement in DEPARTEMENTS_PETIT}
    return referentiel_reduit.ecrire(referentiel.DOSSIER_PAR_DEFAUT, cible, regions)


def _lancer_le_banc_reduit(dossier: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    sortie = dossier / "resultats.json"
    # La base vide que le banc copie avant chaque import mesuré : celle de la suite, faite par le même `base_vide`
    # (`tests/base_neuve.py`).
    copier_dans_le_dossier_du_banc(tmp_path_factory, dossier / "bench")
    # Le banc choisit lui-même sa base et ses réglages : rien de l'environnement des tests ne doit le guider.
    env = {
        cle: valeur for cle, valeur in os.environ.items() if not cle.startswith(("DATABASE_URL", "DJANGO_", "CPTS_"))
    }
    env["CPTS_DATA_DIR"] = str(dossier / "donnees-locales")
    commande = [sys.executable, "-m", "cpts", "bench", "--petit", "--repetitions", "2", "--duree-charge", "1"]
    commande += ["--dossier", str(dossier / "bench"), "--sortie", str(sortie)]
    commande += ["--referentiel", str(_referentiel_du_jeu_reduit(dossier / "referentiel"))]
    resultat = subprocess.run(commande, env=env, capture_output=True, text=True, timeout=300)
    assert resultat.returncode == 0, resultat.stderr[-3000:]
    assert "Mesure" in resultat.stdout
    assert "atteinte" in resultat.stdout
    return json.loads(sortie.read_text())


def test_un_referentiel_qui_n_en_est_pas_un_est_refuse_avant_toute_mesure(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Référentiel refusé : .* n'est pas un référentiel figé"):
        call_command("bench", "--referentiel", str(tmp_path / "absent"), "--dossier", str(tmp_path / "bench"))
    assert not (tmp_path / "bench").exists()


@pytest.mark.banc
@pytest.mark.timeout(420)  # le banc lui-même est borné à 300 s (`subprocess.run`)
def test_le_banc_reduit_produit_toutes_les_mesures_avec_references_requetes_et_charge_sans_erreur(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    resultats = _lancer_le_banc_reduit(tmp_path, tmp_path_factory)
    mesures = {mesure["code"]: mesure for mesure in resultats["mesures"]}

    assert set(mesures) == SCENARIOS
    assert resultats["machine"]["coeurs"] > 0
    assert resultats["machine"]["base"] == "sqlite"
    assert resultats["jeu"]["projets"] > resultats["jeu"]["territoires"] > resultats["jeu"]["contrats"] > 0
    assert resultats["jeu"]["paiements"] > 0
    assert resultats["jeu"]["valeurs"] > 0
    for code, mesure in mesures.items():
        assert isinstance(mesure["atteinte"], bool), code
        if code not in CHARGES:
            temps = mesure["mesure"]
            assert 0 < temps["min"] <= temps["mediane"] <= temps["max"], code
        if mesure["reference"] is not None:
            assert mesure["rapport"] > 0, code
    for page in PAGES:
        requetes = mesures[page]["details"]["requetes_sql"]
        assert min(requetes["jeu_complet"], requetes["sous_ensemble"]) > 0, page
    perimetres = mesures["accueil_ars"]["details"]["perimetres"]
    assert perimetres["jeu_complet"]["region"] != perimetres["sous_ensemble"]["region"]
    assert perimetres["jeu_complet"]["projets"] >= perimetres["sous_ensemble"]["projets"]
    # Le tableau de bord gardé est aussi mesuré recalculé, comme après une écriture.
    assert mesures["accueil_ars"]["details"]["calcul_hors_cache"]["rapport"] > 0
    assert mesures["import_communes"]["details"]["memoire_pointe_mo"] > 0
    assert mesures["import_portefeuille"]["details"]["memoire_pointe_mo"] > 0
    assert mesures["import_portefeuille"]["rapport"] > 0
    for code in CHARGES:
        charge = mesures[code]["details"]
        assert charge["requetes"] > 0, code
        assert charge["erreurs"] == 0, charge["exemples_erreurs"]
        latences = charge["latence_ms"]
        assert 0 < latences["p50"] <= latences["p90"] <= latences["p99"] <= latences["max"], code
    assert mesures["charge_pages"]["details"]["plan"] == mesures["charge_api"]["details"]["plan"]
    for code in ("sauvegarde", "restauration"):
        assert mesures[code]["details"]["memoire_pointe_mo"] > 0, code
        assert mesures[code]["note"], code
    restauration = mesures["restauration"]["details"]
    assert restauration["objets"] > 0
    # Le jeu est bâti sur le référentiel donné (deux régions) : moins d'objets que les seules communes de France.
    assert resultats["parametres"]["referentiel"] == str((tmp_path / "referentiel").resolve())
    assert restauration["objets"] < 34_000
    assert restauration["tables"] > 50
    assert restauration["ecarts"] == {}
