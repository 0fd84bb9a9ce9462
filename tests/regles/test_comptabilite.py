"""Les règles de l'emploi des fonds : plan normalisé et ses contrôles, plafond des indemnités ([decret-2022-375],
notre lecture) autour de la limite, statistiques et leur secret."""

import datetime
from decimal import Decimal

import pytest

from cpts.regles.comptabilite import agregats, indemnites, parametres, plan
from cpts.regles.comptabilite.plan import Comptes, Ligne

D = Decimal
MISSIONS = ["fonctionnement", "acces", "parcours", "prevention"]


def _comptes(*lignes: tuple[str, str, str], ouverture: str = "10000.00") -> Comptes:
    return Comptes(tuple(Ligne(p, m, D(x)) for p, m, x in lignes), D(ouverture))


COMPTES = _comptes(
    ("aci", "fonctionnement", "50000.00"),
    ("aci", "acces", "30000.00"),
    ("fir", "fonctionnement", "15000.00"),
    ("personnel", "fonctionnement", "40000.00"),
    ("indemnites", "acces", "6000.00"),
    ("locaux", "fonctionnement", "5000.00"),
)


def test_le_resultat_est_la_difference_des_produits_et_des_charges_et_s_ajoute_aux_reserves() -> None:
    assert (COMPTES.produits, COMPTES.charges, COMPTES.resultat) == (D("95000.00"), D("51000.00"), D("44000.00"))
    assert COMPTES.reserves_cloture == D("54000.00")


def test_les_charges_se_lisent_par_mission_et_par_nature() -> None:
    assert COMPTES.charges_par_mission == {"fonctionnement": D("45000.00"), "acces": D("6000.00")}
    assert COMPTES.par_poste["indemnites"] == D("6000.00")
    assert COMPTES.aci_par_mission == {"fonctionnement": D("50000.00"), "acces": D("30000.00")}


def test_la_part_des_fonds_aci_depensee_rapporte_les_charges_a_l_aci_recue() -> None:
    assert COMPTES.part_aci_depensee == D("0.6375")
    assert _comptes(("fir", "fonctionnement", "10.00")).part_aci_depensee is None


def test_des_comptes_dont_les_reserves_de_cloture_ne_suivent_pas_le_resultat_sont_desequilibres() -> None:
    erreurs = plan.desequilibres(COMPTES, D("50000.00"), D("6000.00"))

    assert erreurs == [
        "Comptes non équilibrés : réserves à la clôture déclarées 50\u202f000 €, attendues 54\u202f000 € (réserves à "
        "l'ouverture 10\u202f000 € plus résultat 44\u202f000 €)."
    ]


def test_des_comptes_equilibres_dont_les_indemnites_concordent_passent_les_controles() -> None:
    assert plan.desequilibres(COMPTES, D("54000.00"), D("6000.00")) == []


def test_les_indemnites_declarees_membre_par_membre_doivent_egaler_leur_poste() -> None:
    (erreur,) = plan.desequilibres(COMPTES, D("54000.00"), D("5000.00"))

    assert erreur.startswith("Indemnités des membres : 5\u202f000 € déclarés membre par membre, 6\u202f000 € au poste")


def test_un_montant_negatif_une_mission_inconnue_ou_un_poste_sans_mission_sont_refuses() -> None:
    erreurs = plan.erreurs_lignes(
        [Ligne("personnel", "acces", D("-1.00")), Ligne("locaux", "lune", D(1)), Ligne("fir", "acces", D(1))],
        MISSIONS,
    )

    assert erreurs == [
        "Personnel de coordination — acces : un montant ne peut pas être négatif (-1.00).",
        "Locaux : mission inconnue « lune ».",
        "Fonds d'intervention régional (ARS) : ce poste ne se répartit pas par mission.",
    ]


def test_le_budget_realise_se_lit_a_cote_du_prevu_avec_ses_ecarts() -> None:
    ecarts = {e.libelle: e for e in plan.ecarts({"personnel": D("50000.00"), "aci": D("80000.00")}, COMPTES)}

    assert ecarts["Personnel de coordination"].ecart == D("-10000.00")
    assert ecarts["Personnel de coordination"].taux == D("-0.2")
    assert ecarts["ACI (Assurance Maladie)"].ecart == D("0.00")
    assert ecarts["Locaux"].taux is None
    assert ecarts["Total des charges"].prevu == D("50000.00")


def test_l_aci_comptabilisee_se_rapproche_des_versements_mission_par_mission() -> None:
    rapprochement = plan.rapprocher(COMPTES, {"fonctionnement": D("50000.00"), "parcours": D("1000.00")})

    assert [(r.mission, r.ecart) for r in rapprochement] == [
        ("acces", D("30000.00")),
        ("fonctionnement", D("0.00")),
        ("parcours", D("-1000.00")),
    ]


# Plafond des indemnités : atteindre le plafond est permis, le dépasser d'un centime est signalé.

PLAFOND_2025 = D("47100.00")


@pytest.mark.parametrize(
    ("montant", "depasse"),
    [("47099.99", False), ("47100.00", False), ("47100.01", True), ("60000.00", True)],
    ids=["juste-en-dessous", "au-plafond", "un-centime-au-dessus", "bien-au-dessus"],
)
def test_une_indemnite_annuelle_est_signalee_au_dela_du_plafond_et_pas_au_plafond(montant: str, depasse: bool) -> None:
    lignes = [
        indemnites.Indemnisation("Dr Durand", "acces", D(10), D(montant) - D(1000)),
        indemnites.Indemnisation("Dr Durand", "parcours", D(5), D(1000)),
    ]

    (beneficiaire,) = indemnites.par_beneficiaire(lignes, PLAFOND_2025)

    assert beneficiaire.montant == D(montant)
    assert beneficiaire.heures == D(15)
    assert beneficiaire.depasse is depasse
    assert (indemnites.avertissement(beneficiaire) is not None) is depasse


def test_l_avertissement_de_depassement_dit_le_montant_le_plafond_et_l_exces() -> None:
    (beneficiaire,) = indemnites.par_beneficiaire(
        [indemnites.Indemnisation("Mme Leroy", "acces", D(1), D("47100.01"))], PLAFOND_2025
    )

    assert indemnites.avertissement(beneficiaire) == (
        "Mme Leroy : 47\u202f100,01 € d'indemnités dans l'année, au-delà du plafond annuel par membre de "
        "47\u202f100 € (0,01 € de trop)."
    )


def test_le_plafond_est_un_parametre_date_reference_et_marque_comme_notre_lecture() -> None:
    plafond = parametres.parametre("indemnites.plafond_annuel_par_membre")

    assert plafond.au(datetime.date(2025, 12, 31)) == PLAFOND_2025
    assert plafond.au(datetime.date(2022, 3, 18)) == D("41136.00")
    assert plafond.notre_lecture
    assert plafond.en_vigueur(datetime.date(2022, 3, 17)) is None
    assert plafond.valeurs[0].references[0].source == "decret-2022-375"


# Statistiques au-dessus de la CPTS et leur secret


def test_les_quartiles_s_interpolent_entre_les_valeurs_triees() -> None:
    valeurs = [D(40), D(10), D(30), D(20)]

    assert [agregats.quantile(valeurs, rang) for rang in (1, 2, 3)] == [D("17.50"), D("25.00"), D("32.50")]


def test_une_statistique_sur_moins_de_trois_cpts_est_tue_en_entier() -> None:
    secrete = agregats.statistique([D(100), D(200)], 50_000, 3)

    assert secrete.secret
    assert (secrete.total, secrete.mediane, secrete.premier_quartile, secrete.par_habitant) == (None,) * 4
    assert secrete.effectif == 2


def test_une_statistique_sur_trois_cpts_donne_total_quartiles_et_montant_par_habitant() -> None:
    publiee = agregats.statistique([D(100), D(200), D(600)], 100, 3)

    assert (publiee.total, publiee.mediane, publiee.par_habitant) == (D(900), D("200.00"), D("9.00"))


@pytest.mark.parametrize(("nombre", "publie"), [(0, 0), (1, None), (2, None), (3, 3), (12, 12)])
def test_un_nombre_de_personnes_sous_trois_ne_se_publie_pas(nombre: int, publie: int | None) -> None:
    assert agregats.compte_publiable(nombre, 3) == publie


def test_avant_le_decret_aucun_plafond_ne_s_applique_aux_indemnites() -> None:
    (beneficiaire,) = indemnites.par_beneficiaire(
        [indemnites.Indemnisation("Dr Martin", "acces", D(1), D("90000.00"))], None
    )

    assert parametres.parametre("indemnites.plafond_annuel_par_membre").en_vigueur(datetime.date(2021, 12, 31)) is None
    assert not beneficiaire.depasse
    assert indemnites.avertissement(beneficiaire) is None


def test_les_reglages_de_l_emploi_des_fonds_valent_depuis_l_entree_en_vigueur_de_l_aci() -> None:
    assert parametres.valeur("comptes.delai_depot_mois", datetime.date(2019, 8, 25)) == 6
    assert parametres.valeur("anonymat.effectif_minimum", datetime.date(2019, 8, 25)) == 3
