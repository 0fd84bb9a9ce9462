from datetime import date
from decimal import Decimal

import pytest

from cpts.regles import EntreeInvalide, Financement, montants_annuels

AVANT_AVENANT_2 = date(2022, 3, 31)
AVENANT_2 = date(2022, 4, 1)
TOUTES = ["acces", "parcours", "prevention", "crise", "qualite", "accompagnement"]


def montants(financement: Financement) -> dict[tuple[str, str], Decimal]:
    return {(ligne.mission, ligne.volet): ligne.montant for ligne in financement.lignes}


@pytest.mark.parametrize(
    ("le", "texte"),
    [
        (date(2019, 8, 25), "aci-2019"),
        (date(2021, 6, 1), "aci-2019"),
        (AVANT_AVENANT_2, "aci-2019"),
        (AVENANT_2, "avenant-2"),
        (date(2030, 1, 1), "avenant-2"),
    ],
)
def test_le_texte_applique_est_celui_en_vigueur_le_jour_dit(le: date, texte: str) -> None:
    assert montants_annuels(le, 1, ["acces"]).texte == texte


def test_le_volet_fixe_acces_change_le_jour_de_l_avenant_2() -> None:
    veille = montants(montants_annuels(AVANT_AVENANT_2, 2, ["acces"]))
    jour = montants(montants_annuels(AVENANT_2, 2, ["acces"]))

    assert (veille[("acces", "fixe")], jour[("acces", "fixe")]) == (Decimal("17500.00"), Decimal("70000.00"))


def test_une_date_anterieure_a_l_aci_2019_est_refusee() -> None:
    with pytest.raises(EntreeInvalide, match=r"la date du 24/08/2019 précède le premier texte, ACI 2019"):
        montants_annuels(date(2019, 8, 24), 1, [])


def test_un_texte_impose_s_applique_a_toute_date() -> None:
    assert montants_annuels(date(2023, 1, 1), 1, [], texte="aci-2019").texte == "aci-2019"
    assert montants(montants_annuels(date(2020, 1, 1), 1, ["acces"], texte="avenant-2"))[("acces", "fixe")] == 55000


def test_un_texte_impose_ne_permet_pas_une_date_anterieure_a_l_aci() -> None:
    with pytest.raises(EntreeInvalide, match="précède"):
        montants_annuels(date(2018, 1, 1), 1, [], texte="avenant-2")


@pytest.mark.parametrize(("texte", "message"), [("avenant-7", "inconnu"), ("avenant-1", "ne porte pas sur")])
def test_un_texte_inconnu_ou_sans_montants_est_refuse(texte: str, message: str) -> None:
    with pytest.raises(EntreeInvalide, match=message):
        montants_annuels(date(2023, 1, 1), 1, [], texte=texte)


def test_le_fonctionnement_est_toujours_compte_meme_sans_mission() -> None:
    financement = montants_annuels(date(2023, 1, 1), 3, [])

    assert [(ligne.mission, ligne.montant) for ligne in financement.lignes] == [("fonctionnement", 75000)]


def test_les_lignes_suivent_l_ordre_du_texte_quel_que_soit_l_ordre_demande() -> None:
    financement = montants_annuels(date(2023, 1, 1), 1, ["qualite", "acces"])

    assert [ligne.mission for ligne in financement.lignes] == ["fonctionnement", "acces", "acces", "qualite", "qualite"]


# Majoration de 10 % (avenant 2, [urps-med-aura-guide-2022] « 1.4 Financements »)


def test_la_taille_4_a_99_membres_n_est_pas_majoree() -> None:
    financement = montants_annuels(date(2023, 1, 1), 4, ["parcours"], membres=99)

    assert (financement.majore, financement.total) == (False, Decimal("190000.00"))


def test_la_taille_4_a_100_membres_est_majoree_de_10_pour_cent_sur_chaque_mission() -> None:
    financement = montants(montants_annuels(date(2023, 1, 1), 4, TOUTES, membres=100, crise_survenue=True))

    assert financement[("parcours", "fixe")] == Decimal("55000.00")
    assert financement[("acces", "variable")] == Decimal("49500.00")
    assert financement[("crise", "variable")] == Decimal("82500.00")
    assert financement[("accompagnement", "fixe")] == Decimal("16500.00")


def test_la_majoration_ne_touche_pas_le_fonctionnement() -> None:
    financement = montants(montants_annuels(date(2023, 1, 1), 4, ["parcours"], membres=500))

    assert financement[("fonctionnement", "fixe")] == Decimal("90000.00")


def test_la_taille_3_n_est_pas_majoree_meme_avec_100_membres() -> None:
    assert not montants_annuels(date(2023, 1, 1), 3, ["parcours"], membres=100).majore


def test_l_aci_2019_ne_prevoit_pas_de_majoration() -> None:
    assert not montants_annuels(date(2021, 1, 1), 4, ["parcours"], membres=100).majore


# Mission crises sanitaires (avenant 2)


@pytest.mark.parametrize(
    ("annee_du_plan", "fixe"), [("premiere", Decimal("35000.00")), ("suivante", Decimal("17500.00"))]
)
def test_le_fixe_crise_depend_de_l_annee_du_plan(annee_du_plan: str, fixe: Decimal) -> None:
    financement = montants_annuels(date(2023, 1, 1), 2, ["crise"], annee_du_plan=annee_du_plan)  # type: ignore[arg-type]

    assert montants(financement)[("crise", "fixe")] == fixe


@pytest.mark.parametrize(("survenue", "variable"), [(True, Decimal("52500.00")), (False, None)])
def test_le_variable_crise_n_existe_que_l_annee_d_une_crise(survenue: bool, variable: Decimal | None) -> None:
    financement = montants_annuels(date(2023, 1, 1), 2, ["crise"], crise_survenue=survenue)

    assert montants(financement).get(("crise", "variable")) == variable


def test_la_mission_crise_n_existe_pas_avant_l_avenant_2() -> None:
    with pytest.raises(EntreeInvalide, match=r"la mission « crise » n'existe pas dans le texte ACI 2019"):
        montants_annuels(AVANT_AVENANT_2, 2, ["crise"])


def test_une_annee_du_plan_inconnue_est_refusee() -> None:
    with pytest.raises(EntreeInvalide, match="premiere ou suivante"):
        montants_annuels(date(2023, 1, 1), 2, ["crise"], annee_du_plan="derniere")  # type: ignore[arg-type]


# Taux d'atteinte


def test_un_taux_d_atteinte_reduit_les_seuls_volets_variables() -> None:
    financement = montants(montants_annuels(date(2023, 1, 1), 1, ["acces"], atteinte=Decimal("0.5")))

    assert (financement[("acces", "fixe")], financement[("acces", "variable")]) == (55000, 12500)


def test_un_taux_par_mission_laisse_les_autres_a_100_pour_cent() -> None:
    financement = montants(
        montants_annuels(date(2023, 1, 1), 1, ["acces", "parcours"], atteinte={"parcours": Decimal("0.2")})
    )

    assert (financement[("acces", "variable")], financement[("parcours", "variable")]) == (25000, 5000)


def test_un_taux_nul_fait_disparaitre_la_ligne_variable() -> None:
    financement = montants_annuels(date(2023, 1, 1), 1, ["parcours"], atteinte=0)

    assert ("parcours", "variable") not in montants(financement)


def test_le_montant_est_arrondi_au_centime_superieur_a_partir_du_demi_centime() -> None:
    # 7 500 × 0,12345 = 925,875 €
    financement = montants_annuels(date(2023, 1, 1), 1, ["qualite"], atteinte=Decimal("0.12345"))

    assert montants(financement)[("qualite", "variable")] == Decimal("925.88")


def test_la_majoration_et_le_taux_sont_appliques_avant_l_arrondi_unique() -> None:
    # 15 000 × 1,1 × 0,333303 = 5 499,4995 € ; arrondir d'abord 15 000 × 0,333303 = 4 999,545 € en
    # 4 999,55 € puis majorer donnerait 5 499,51 €.
    financement = montants_annuels(date(2023, 1, 1), 4, ["accompagnement"], membres=100, atteinte=Decimal("0.333303"))

    assert montants(financement)[("accompagnement", "variable")] == Decimal("5499.50")


@pytest.mark.parametrize("atteinte", [Decimal("-0.01"), Decimal("1.01"), Decimal("NaN"), 2])
def test_un_taux_hors_de_0_a_1_est_refuse(atteinte: Decimal) -> None:
    with pytest.raises(EntreeInvalide, match="taux d'atteinte"):
        montants_annuels(date(2023, 1, 1), 1, ["acces"], atteinte=atteinte)


def test_un_taux_en_float_est_refuse_pour_ne_jamais_calculer_en_virgule_flottante() -> None:
    with pytest.raises(EntreeInvalide, match="nombre décimal"):
        montants_annuels(date(2023, 1, 1), 1, ["acces"], atteinte=0.5)  # type: ignore[arg-type]


def test_un_taux_pour_une_mission_non_retenue_est_refuse() -> None:
    with pytest.raises(EntreeInvalide, match=r"« qualite », qui n'est pas une mission retenue \(acces\)"):
        montants_annuels(date(2023, 1, 1), 1, ["acces"], atteinte={"qualite": Decimal(1)})


# Entrées invalides


def test_une_mission_inconnue_est_refusee_en_citant_les_missions_du_texte() -> None:
    with pytest.raises(EntreeInvalide, match=r"« urgences » n'existe pas dans le texte avenant 2 \(missions : fonct"):
        montants_annuels(date(2023, 1, 1), 1, ["urgences"])


def test_une_mission_donnee_comme_texte_et_non_comme_liste_est_refusee() -> None:
    with pytest.raises(EntreeInvalide, match="une liste de codes"):
        montants_annuels(date(2023, 1, 1), 1, "acces")


@pytest.mark.parametrize("taille", [0, 5, True])
def test_une_taille_hors_de_1_a_4_est_refusee(taille: int) -> None:
    with pytest.raises(EntreeInvalide, match="de 1 à 4"):
        montants_annuels(date(2023, 1, 1), taille, [])


def test_un_nombre_de_membres_negatif_est_refuse() -> None:
    with pytest.raises(EntreeInvalide, match="membres"):
        montants_annuels(date(2023, 1, 1), 1, [], membres=-1)


# Financement additionnel du fonctionnement : non vérifié, donc seulement sur demande


def test_le_financement_additionnel_n_est_pas_applique_par_defaut() -> None:
    assert montants_annuels(date(2023, 1, 1), 1, []).total == Decimal("50000.00")


def test_le_financement_additionnel_porte_le_fonctionnement_au_montant_rapporte_sans_majoration() -> None:
    financement = montants_annuels(date(2023, 1, 1), 4, [], membres=100, fonctionnement_additionnel=True)

    assert financement.total == Decimal("157500.00")
