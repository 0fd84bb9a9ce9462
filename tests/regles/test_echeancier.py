"""Échéancier : cas nommés tirés du guide ARS AuRA (« LES MODALITÉS DE VERSEMENT »), puis les
invariants vérifiés sur des contrats générés."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpts.regles import Contrat, EntreeInvalide, Versement, echeancier, montants_annuels
from cpts.regles.dates import ajouter_mois, anniversaire
from cpts.regles.montants import arrondi

AVENANT_2 = date(2022, 4, 1)


def lignes(versements: tuple[Versement, ...], mission: str) -> list[tuple[int, str, str, Decimal, date, date]]:
    return [
        (v.annee_contrat, v.volet, v.nature, v.montant, v.du_le, v.au_plus_tard)
        for v in versements
        if v.mission == mission
    ]


# Fonctionnement


def test_le_fonctionnement_est_verse_en_entier_a_la_signature_avant_le_demarrage_des_missions() -> None:
    versements = echeancier(Contrat(date(2023, 1, 1), 1, {"acces": date(2023, 6, 1)}))

    assert lignes(versements, "fonctionnement")[0] == (
        1,
        "fixe",
        "integral",
        Decimal("50000.00"),
        date(2023, 1, 1),
        date(2023, 3, 1),
    )


def test_le_fonctionnement_passe_en_avance_et_solde_une_fois_les_missions_demarrees() -> None:
    versements = echeancier(Contrat(date(2023, 1, 1), 1, {"acces": date(2023, 6, 1)}))

    assert lignes(versements, "fonctionnement")[1:3] == [
        (2, "fixe", "avance", Decimal("37500.00"), date(2024, 1, 1), date(2024, 3, 1)),
        (2, "fixe", "solde", Decimal("12500.00"), date(2025, 1, 1), date(2025, 3, 1)),
    ]


def test_le_fonctionnement_reste_integral_chaque_annee_tant_qu_aucune_mission_ne_demarre() -> None:
    versements = echeancier(Contrat(date(2023, 1, 1), 1, {}))

    assert {(v.nature, v.montant) for v in versements} == {("integral", Decimal("50000.00"))}
    assert [v.du_le for v in versements] == [anniversaire(date(2023, 1, 1), annee) for annee in range(5)]


def test_une_mission_demarrant_a_la_signature_donne_une_avance_de_fonctionnement_des_la_premiere_annee() -> None:
    versements = echeancier(Contrat(date(2023, 1, 1), 1, {"parcours": date(2023, 1, 1)}))

    assert lignes(versements, "fonctionnement")[0][2:4] == ("avance", Decimal("37500.00"))


# Missions


def test_l_avance_d_une_mission_est_de_75_pour_cent_du_fixe_ramene_au_prochain_anniversaire() -> None:
    # 70 000 € × 183 jours / 365 = 35 095,89 € ; 75 % = 26 321,92 € ; solde 8 773,97 €
    versements = echeancier(Contrat(date(2023, 1, 1), 2, {"acces": date(2023, 7, 2)}))

    assert lignes(versements, "acces")[:3] == [
        (1, "fixe", "avance", Decimal("26321.92"), date(2023, 7, 2), date(2023, 9, 2)),
        (1, "fixe", "solde", Decimal("8773.97"), date(2024, 1, 1), date(2024, 3, 1)),
        (1, "variable", "solde", Decimal("15041.10"), date(2024, 1, 1), date(2024, 3, 1)),
    ]


def test_chaque_anniversaire_verse_le_solde_de_l_annee_close_et_l_avance_de_la_nouvelle() -> None:
    versements = echeancier(Contrat(date(2023, 1, 1), 2, {"parcours": date(2023, 1, 1)}))

    assert [ligne for ligne in lignes(versements, "parcours") if ligne[4] == date(2024, 1, 1)] == [
        (1, "fixe", "solde", Decimal("8750.00"), date(2024, 1, 1), date(2024, 3, 1)),
        (1, "variable", "solde", Decimal("35000.00"), date(2024, 1, 1), date(2024, 3, 1)),
        (2, "fixe", "avance", Decimal("26250.00"), date(2024, 1, 1), date(2024, 3, 1)),
    ]


def test_le_variable_de_chaque_annee_suit_son_taux_d_atteinte() -> None:
    versements = echeancier(
        Contrat(date(2023, 1, 1), 2, {"parcours": date(2023, 1, 1)}),
        atteinte=Decimal("0.8"),
        atteintes_par_annee={2: {"parcours": Decimal("0.5")}},
    )

    variables = [v.montant for v in versements if v.mission == "parcours" and v.volet == "variable"]

    assert variables == [Decimal("28000.00"), Decimal("17500.00"), *[Decimal("28000.00")] * 3]


def test_la_majoration_s_applique_aux_versements_des_missions() -> None:
    versements = echeancier(Contrat(date(2023, 1, 1), 4, {"prevention": date(2023, 1, 1)}, membres=100))

    assert lignes(versements, "prevention")[0][2:4] == ("avance", Decimal("16500.00"))


def test_le_plan_de_crise_est_paye_en_premiere_redaction_la_premiere_annee_puis_en_mise_a_jour() -> None:
    versements = echeancier(Contrat(date(2023, 1, 1), 1, {"crise": date(2023, 1, 1)}))

    bases = [v.base for v in versements if v.mission == "crise" and v.nature == "avance"]

    assert bases == [Decimal("25000.00"), *[Decimal("12500.00")] * 4]


def test_le_variable_crise_n_est_verse_que_les_annees_de_crise_survenue() -> None:
    versements = echeancier(Contrat(date(2023, 1, 1), 1, {"crise": date(2023, 1, 1)}), crises_survenues={3})

    assert [(v.annee_contrat, v.montant) for v in versements if v.mission == "crise" and v.volet == "variable"] == [
        (3, Decimal("37500.00"))
    ]


def test_chaque_annee_suit_le_texte_en_vigueur_a_son_ouverture() -> None:
    options = {"snp-compensation": date(2021, 6, 1), "snp-regulation": date(2021, 6, 1)}
    versements = echeancier(Contrat(date(2021, 6, 1), 2, {"acces": date(2021, 6, 1)}, options=options))

    avances = [(v.annee_contrat, v.volet, v.base) for v in versements if v.mission == "acces" and v.nature == "avance"]

    assert avances[:4] == [
        (1, "fixe", Decimal("17500.00")),
        (1, "snp_compensation", Decimal("12000.00")),
        (1, "snp_regulation", Decimal("45000.00")),
        (2, "fixe", Decimal("70000.00")),
    ]


def test_une_mission_creee_par_l_avenant_2_demarre_en_cours_d_une_annee_ouverte_sous_l_aci_2019() -> None:
    # Année 1 du 01/06/2021 au 01/06/2022 ; crise démarrée le 01/05/2022 : 31 jours sur 365
    versements = echeancier(Contrat(date(2021, 6, 1), 1, {"crise": date(2022, 5, 1)}))

    premiere = next(v for v in versements if v.mission == "crise")

    assert (premiere.annee_contrat, premiere.base) == (1, arrondi(Decimal(25000) * 31 / 365))


def test_un_texte_impose_vaut_pour_toutes_les_annees() -> None:
    versements = echeancier(Contrat(date(2020, 1, 1), 2, {"acces": date(2020, 1, 1)}), texte="avenant-2")

    assert {v.volet for v in versements if v.mission == "acces"} == {"fixe", "variable"}


def test_les_versements_sont_ranges_par_date_d_exigibilite() -> None:
    versements = echeancier(Contrat(date(2023, 1, 1), 2, {"qualite": date(2024, 5, 1), "acces": date(2023, 3, 1)}))

    assert [v.du_le for v in versements] == sorted(v.du_le for v in versements)


def test_une_signature_un_29_fevrier_garde_ses_anniversaires_au_28_fevrier() -> None:
    versements = echeancier(Contrat(date(2024, 2, 29), 1, {}))

    assert [v.du_le for v in versements][:2] == [date(2024, 2, 29), date(2025, 2, 28)]


# Entrées invalides


@pytest.mark.parametrize(
    ("contrat", "message"),
    [
        pytest.param(
            Contrat(date(2019, 8, 24), 1),
            "signature du 24/08/2019 antérieure au premier texte, ACI 2019, en vigueur le 25/08/2019",
            id="signature-avant-l-aci",
        ),
        pytest.param(
            Contrat(date(2023, 1, 1), 1, {"acces": date(2022, 12, 31)}),
            r"« acces » démarre le 31/12/2022, avant la signature du 01/01/2023",
            id="mission-avant-la-signature",
        ),
        pytest.param(
            Contrat(date(2023, 1, 1), 1, {"acces": date(2028, 1, 1)}),
            "après la fin du contrat le 01/01/2028",
            id="mission-apres-la-fin",
        ),
        pytest.param(
            Contrat(date(2021, 1, 1), 1, {"crise": date(2022, 3, 31)}),
            r"« crise » n'existe pas dans le texte ACI 2019, en vigueur à son démarrage le 31/03/2022",
            id="crise-avant-l-avenant-2",
        ),
        pytest.param(
            Contrat(date(2023, 1, 1), 1, {"fonctionnement": date(2023, 1, 1)}),
            "pas une mission",
            id="fonctionnement-date",
        ),
        pytest.param(Contrat(date(2023, 1, 1), 1, {"urgences": date(2023, 1, 1)}), "inconnue", id="mission-inconnue"),
        pytest.param(Contrat(date(2023, 1, 1), 5), "de 1 à 4", id="taille-5"),
        pytest.param(Contrat(date(2023, 1, 1), 1, membres=-3), "membres", id="membres-negatifs"),
    ],
)
def test_un_contrat_hors_des_regles_est_refuse(contrat: Contrat, message: str) -> None:
    with pytest.raises(EntreeInvalide, match=message):
        echeancier(contrat)


def test_une_annee_de_crise_hors_du_contrat_est_refusee() -> None:
    with pytest.raises(EntreeInvalide, match=r"année de contrat « 6 » hors du contrat \(1 à 5\)"):
        echeancier(Contrat(date(2023, 1, 1), 1, {"crise": date(2023, 1, 1)}), crises_survenues={6})


def test_un_taux_d_atteinte_hors_de_0_a_1_est_refuse() -> None:
    with pytest.raises(EntreeInvalide, match="hors de"):
        echeancier(Contrat(date(2023, 1, 1), 1, {"acces": date(2023, 1, 1)}), atteinte=Decimal("1.5"))


# Invariants sur des contrats générés

MISSIONS = ("acces", "parcours", "prevention", "crise", "qualite", "accompagnement")


@st.composite
def contrats(draw: st.DrawFn) -> Contrat:
    signature = draw(st.dates(date(2019, 8, 25), date(2031, 12, 31)))
    fin = anniversaire(signature, 5)
    missions = {}
    for code in draw(st.lists(st.sampled_from(MISSIONS), unique=True)):
        demarrage = signature + timedelta(days=draw(st.integers(0, (fin - signature).days - 1)))
        if code == "crise":
            demarrage = max(demarrage, AVENANT_2)
        if demarrage < fin:
            missions[code] = demarrage
    membres = draw(st.sampled_from([0, 99, 100, 250]))
    return Contrat(signature, draw(st.integers(1, 4)), missions, membres)


taux = st.decimals(0, 1, places=2)
crises = st.sets(st.integers(1, 5))
REGLAGES = settings(max_examples=150, deadline=None, database=None)


@REGLAGES
@given(contrats(), taux, crises)
def test_rien_n_est_du_avant_la_signature_ni_plus_de_deux_mois_apres_la_fin(
    contrat: Contrat, atteinte: Decimal, crises_survenues: set[int]
) -> None:
    limite = ajouter_mois(anniversaire(contrat.signature, 5), 2)

    for versement in echeancier(contrat, atteinte=atteinte, crises_survenues=crises_survenues):
        assert contrat.signature <= versement.du_le <= versement.au_plus_tard <= limite
        assert 1 <= versement.annee_contrat <= 5
        assert versement.montant > 0


@REGLAGES
@given(contrats(), taux)
def test_une_avance_vaut_75_pour_cent_de_sa_base_et_le_solde_le_reste(contrat: Contrat, atteinte: Decimal) -> None:
    versements = echeancier(contrat, atteinte=atteinte)
    soldes = {(v.annee_contrat, v.mission, v.volet): v.montant for v in versements if v.nature == "solde"}

    for avance in (v for v in versements if v.nature == "avance"):
        assert avance.montant == arrondi(avance.base * Decimal("0.75"))
        assert avance.montant + soldes.get((avance.annee_contrat, avance.mission, avance.volet), 0) == avance.base


@REGLAGES
@given(contrats(), crises)
def test_une_annee_pleine_a_100_pour_cent_verse_exactement_le_montant_annuel(
    contrat: Contrat, crises_survenues: set[int]
) -> None:
    versements = echeancier(contrat, crises_survenues=crises_survenues)
    par_annee: dict[int, dict[tuple[str, str], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for v in versements:
        par_annee[v.annee_contrat][(v.mission, v.volet)] += v.montant

    for annee in range(1, 6):
        ouverture = anniversaire(contrat.signature, annee - 1)
        pleines = [code for code, demarrage in contrat.missions.items() if demarrage <= ouverture]
        crise = contrat.missions.get("crise")
        attendu = montants_annuels(
            ouverture,
            contrat.taille,
            pleines,
            membres=contrat.membres,
            annee_du_plan="premiere" if crise == ouverture else "suivante",
            crise_survenue=annee in crises_survenues,
        )
        for ligne in attendu.lignes:
            assert par_annee[annee][(ligne.mission, ligne.volet)] == ligne.montant, (annee, ligne)


@REGLAGES
@given(contrats(), taux, crises)
def test_les_versements_d_une_annee_ne_depassent_jamais_le_maximum_possible(
    contrat: Contrat, atteinte: Decimal, crises_survenues: set[int]
) -> None:
    maximum = max(
        montants_annuels(
            date(2023, 1, 1), contrat.taille, codes, membres=contrat.membres, crise_survenue=True, texte=texte
        ).total
        for texte, codes in (("aci-2019", [m for m in MISSIONS if m != "crise"]), ("avenant-2", MISSIONS))
    )
    par_annee: dict[int, Decimal] = defaultdict(Decimal)

    for versement in echeancier(contrat, atteinte=atteinte, crises_survenues=crises_survenues):
        par_annee[versement.annee_contrat] += versement.montant

    assert all(total <= maximum for total in par_annee.values())
