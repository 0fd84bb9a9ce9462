"""L'aller-retour du scénario de sauvegarde du banc : chaque table comptée des deux côtés, tout écart nommé."""

import sqlite3
from contextlib import closing

from cpts.bench.sauvegarde import compter, ecarts


def test_les_lignes_de_chaque_table_sont_comptees_par_un_curseur_de_base_de_donnees() -> None:
    with closing(sqlite3.connect(":memory:")) as base:
        base.executescript(
            'CREATE TABLE "dossiers_cpts" (id INTEGER); INSERT INTO "dossiers_cpts" VALUES (1), (2), (3);'
            'CREATE TABLE "contrats_contrat" (id INTEGER);'
        )

        assert compter(base.cursor(), ["dossiers_cpts", "contrats_contrat"]) == {
            "dossiers_cpts": 3,
            "contrats_contrat": 0,
        }


def test_un_aller_retour_fidele_n_a_aucun_ecart() -> None:
    assert ecarts({"dossiers_cpts": 3, "contrats_contrat": 0}, {"dossiers_cpts": 3, "contrats_contrat": 0}) == {}


def test_une_table_qui_a_perdu_des_lignes_ou_qui_manque_d_un_cote_est_un_ecart_avec_ses_deux_comptes() -> None:
    avant = {"dossiers_cpts": 3, "contrats_contrat": 2}
    apres = {"dossiers_cpts": 3, "contrats_contrat": 1, "contrats_paiement": 4}

    assert ecarts(avant, apres) == {"contrats_contrat": [2, 1], "contrats_paiement": [0, 4]}
