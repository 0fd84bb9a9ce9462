"""Délais de démarrage et de déploiement (frise « CALENDRIER DE DEPLOIEMENT DES MISSIONS » de 000,
guide ARS « LE CALENDRIER DE MISE EN PLACE DES MISSIONS »)."""

from datetime import date

import pytest

from cpts.regles import Alerte, EcheanceMission, EntreeInvalide, SuiviMission, alertes_delais, echeances_missions

SIGNATURE = date(2023, 1, 15)


@pytest.mark.parametrize(
    ("mission", "demarrage", "deploiement"),
    [
        ("acces", date(2023, 7, 15), date(2024, 7, 15)),
        ("parcours", date(2024, 1, 15), date(2025, 1, 15)),
        ("prevention", date(2024, 1, 15), date(2025, 1, 15)),
        ("crise", date(2023, 7, 15), date(2024, 7, 15)),
        ("qualite", None, None),
        ("accompagnement", None, None),
    ],
)
def test_chaque_mission_a_ses_dates_limites_apres_la_signature(
    mission: str, demarrage: date | None, deploiement: date | None
) -> None:
    (echeance,) = echeances_missions(SIGNATURE, [mission], date(2023, 2, 1))

    assert echeance == EcheanceMission(mission, SIGNATURE, demarrage, deploiement)


def test_les_trois_missions_socles_de_l_aci_2019_sont_deployees_en_deux_ans_au_plus() -> None:
    echeances = echeances_missions(date(2020, 3, 1), ["acces", "parcours", "prevention"], date(2020, 3, 1))

    assert max(e.deploiement_au_plus_tard for e in echeances if e.deploiement_au_plus_tard) == date(2022, 3, 1)


def test_le_delai_de_la_mission_crise_court_de_l_avenant_2_pour_un_contrat_plus_ancien() -> None:
    (echeance,) = echeances_missions(date(2020, 9, 1), ["crise"], date(2022, 6, 1))

    assert (echeance.compte_depuis, echeance.demarrage_au_plus_tard) == (date(2022, 4, 1), date(2022, 10, 1))


def test_sous_un_texte_impose_tous_les_delais_courent_de_la_signature() -> None:
    (echeance,) = echeances_missions(date(2020, 9, 1), ["crise"], date(2020, 9, 1), texte="avenant-2")

    assert echeance.demarrage_au_plus_tard == date(2021, 3, 1)


def test_la_mission_crise_n_a_pas_de_delai_sous_l_aci_2019() -> None:
    (echeance,) = echeances_missions(date(2020, 9, 1), ["crise"], date(2021, 1, 1))

    assert echeance.deploiement_au_plus_tard is None


def test_une_mission_non_demarree_apres_sa_date_limite_est_en_retard() -> None:
    alertes = alertes_delais(SIGNATURE, {"acces": SuiviMission()}, date(2023, 7, 16))

    assert alertes == (Alerte("acces", "demarrage", date(2023, 7, 15), "en_retard"),)


def test_le_jour_de_la_date_limite_n_est_pas_encore_un_retard() -> None:
    alertes = alertes_delais(SIGNATURE, {"acces": SuiviMission()}, date(2023, 7, 15))

    assert [alerte.statut for alerte in alertes] == ["bientot"]


def test_une_date_limite_dans_les_deux_mois_est_signalee_bientot() -> None:
    alertes = alertes_delais(SIGNATURE, {"parcours": SuiviMission()}, date(2023, 11, 15))

    assert alertes == (Alerte("parcours", "demarrage", date(2024, 1, 15), "bientot"),)


def test_une_date_limite_lointaine_ne_donne_pas_d_alerte() -> None:
    assert alertes_delais(SIGNATURE, {"parcours": SuiviMission()}, date(2023, 11, 14)) == ()


def test_une_etape_franchie_meme_en_retard_ne_donne_plus_d_alerte() -> None:
    suivi = {"acces": SuiviMission(demarree_le=date(2023, 9, 1))}

    assert alertes_delais(SIGNATURE, suivi, date(2023, 10, 1)) == ()


def test_une_mission_demarree_mais_pas_deployee_a_temps_est_en_retard_de_deploiement() -> None:
    suivi = {"acces": SuiviMission(demarree_le=date(2023, 3, 1))}

    assert alertes_delais(SIGNATURE, suivi, date(2024, 8, 1)) == (
        Alerte("acces", "deploiement", date(2024, 7, 15), "en_retard"),
    )


def test_une_etape_franchie_apres_le_jour_d_observation_compte_encore_comme_non_franchie() -> None:
    suivi = {"acces": SuiviMission(demarree_le=date(2023, 9, 1))}

    assert [alerte.statut for alerte in alertes_delais(SIGNATURE, suivi, date(2023, 8, 1))] == ["en_retard"]


def test_les_missions_optionnelles_ne_sont_jamais_en_retard() -> None:
    assert alertes_delais(SIGNATURE, {"qualite": SuiviMission()}, date(2030, 1, 1)) == ()


def test_les_alertes_sont_rangees_par_date_limite() -> None:
    suivi = {"parcours": SuiviMission(), "acces": SuiviMission()}

    alertes = alertes_delais(SIGNATURE, suivi, date(2025, 6, 1))

    assert [a.au_plus_tard for a in alertes] == sorted(a.au_plus_tard for a in alertes)
    assert len(alertes) == 4


@pytest.mark.parametrize(("mission", "message"), [("urgences", "inconnue"), ("fonctionnement", "pas une mission")])
def test_une_mission_inconnue_ou_le_fonctionnement_sont_refuses(mission: str, message: str) -> None:
    with pytest.raises(EntreeInvalide, match=message):
        echeances_missions(SIGNATURE, [mission], SIGNATURE)


def test_un_horizon_negatif_est_refuse() -> None:
    with pytest.raises(EntreeInvalide, match="horizon"):
        alertes_delais(SIGNATURE, {}, SIGNATURE, horizon_mois=-1)
