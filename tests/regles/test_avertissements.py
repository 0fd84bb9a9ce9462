"""Les avertissements accompagnent un montant : missions socles manquantes, territoire trop petit,
mission crise absente après l'avenant 2 ; une liste vide quand il n'y a rien à dire."""

from datetime import date

from cpts.regles import Contrat, avertissements_echeancier, montants_annuels

SOCLES_AVENANT_2 = ["acces", "parcours", "prevention", "crise"]


def test_un_calcul_sans_toutes_les_missions_socles_avertit_qu_il_ne_pourra_pas_etre_finance() -> None:
    (avertissement,) = montants_annuels(date(2023, 1, 1), 1, ["qualite"]).avertissements

    assert "ne pourra pas être financé" in avertissement
    assert "accès aux soins, parcours, prévention, crises sanitaires" in avertissement


def test_un_calcul_complet_sur_un_territoire_assez_peuple_n_a_aucun_avertissement() -> None:
    assert montants_annuels(date(2023, 1, 1), 1, SOCLES_AVENANT_2, population=20_000).avertissements == ()


def test_un_territoire_sous_15_000_habitants_est_signale() -> None:
    (avertissement,) = montants_annuels(date(2023, 1, 1), 1, SOCLES_AVENANT_2, population=12_000).avertissements

    assert avertissement.startswith("Territoire de 12 000 habitants, sous les 15 000 attendus")


def test_un_contrat_de_2021_sans_mission_crise_est_alerte_a_partir_de_l_avenant_2() -> None:
    contrat = Contrat(date(2021, 1, 1), 1, {code: date(2021, 1, 1) for code in ("acces", "parcours", "prevention")})

    avertissements = avertissements_echeancier(contrat)

    assert any("crises sanitaires graves manque au contrat depuis le 01/01/2023" in a for a in avertissements)


def test_un_contrat_de_2021_qui_ajoute_la_mission_crise_n_est_pas_alerte() -> None:
    missions = {code: date(2021, 1, 1) for code in ("acces", "parcours", "prevention")} | {"crise": date(2022, 6, 1)}

    avertissements = avertissements_echeancier(Contrat(date(2021, 1, 1), 1, missions))

    assert not any("crises sanitaires" in a for a in avertissements)
