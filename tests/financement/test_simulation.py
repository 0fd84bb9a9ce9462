"""La simulation de l'interface calcule comme les commandes : mêmes entrées, mêmes montants, au centime."""

import datetime
import json
from decimal import Decimal

import pytest

from cpts.financement.simulation import Scenario, comparer, simuler
from tests.financement.outils import cpts

Capture = pytest.CaptureFixture[str]
Patch = pytest.MonkeyPatch

TOUTES = ("acces", "parcours", "prevention", "crise", "qualite", "accompagnement")
SIGNATURE = datetime.date(2023, 1, 15)


def scenario(**valeurs: object) -> Scenario:
    defauts: dict[str, object] = {
        "population": 30_000,
        "signature": SIGNATURE,
        "missions": dict.fromkeys(TOUTES),
    }
    return Scenario(**(defauts | valeurs))  # type: ignore[arg-type]


def lignes(simulation: object) -> list[dict[str, str]]:
    return [
        {"mission": ligne.mission, "volet": ligne.volet, "montant": f"{ligne.montant:.2f}"}
        for ligne in simulation.financement.lignes  # type: ignore[attr-defined]
    ]


def test_la_taille_1_sous_l_avenant_2_donne_les_montants_publies_et_ceux_de_la_commande(
    capsys: Capture, monkeypatch: Patch
) -> None:
    simulation = simuler(scenario(crises=frozenset({1})))
    sortie = cpts(
        capsys,
        monkeypatch,
        "financement",
        "--date",
        "2023-01-15",
        "--population",
        "30000",
        "--missions",
        ",".join(TOUTES),
        "--crise-survenue",
        "--format",
        "json",
    )
    attendu = json.loads(sortie.stdout)

    assert simulation.taille == 1
    # Le total possible de la taille 1 selon l'avenant 2 (guide de l'URPS Médecins libéraux AuRA, « 1.4 »).
    assert simulation.financement.total == Decimal("287500.00")
    assert lignes(simulation) == attendu["lignes"]
    assert f"{simulation.financement.total:.2f}" == attendu["total"]


def test_le_taux_d_atteinte_les_membres_et_le_texte_impose_donnent_les_montants_de_la_commande(
    capsys: Capture, monkeypatch: Patch
) -> None:
    simulation = simuler(
        scenario(
            population=200_000,
            membres=120,
            atteinte=Decimal("0.85"),
            texte="aci-2019",
            missions=dict.fromkeys(("acces", "parcours", "prevention", "qualite")),
        )
    )
    sortie = cpts(
        capsys,
        monkeypatch,
        "financement",
        "--date",
        "2023-01-15",
        "--population",
        "200000",
        "--membres",
        "120",
        "--atteinte",
        "0.85",
        "--texte",
        "aci-2019",
        "--missions",
        "acces,parcours,prevention,qualite",
        "--format",
        "json",
    )

    assert lignes(simulation) == json.loads(sortie.stdout)["lignes"]


def test_les_enveloppes_conditionnelles_choisies_donnent_les_montants_de_la_commande_avec_ses_options(
    capsys: Capture, monkeypatch: Patch
) -> None:
    options = frozenset({"snp-compensation", "snp-regulation"})
    simulation = simuler(scenario(texte="aci-2019", missions=dict.fromkeys(("acces",)), options=options))
    sortie = cpts(
        capsys,
        monkeypatch,
        "financement",
        "--date",
        "2023-01-15",
        "--population",
        "30000",
        "--texte",
        "aci-2019",
        "--missions",
        "acces",
        "--options",
        "snp-compensation,snp-regulation",
        "--format",
        "json",
    )

    assert lignes(simulation) == json.loads(sortie.stdout)["lignes"]
    # Taille 1, ACI 2019 : 10 000 € de compensation et 35 000 € de régulation (guide ARS Auvergne-Rhône-Alpes).
    assert {"mission": "acces", "volet": "snp_regulation", "montant": "35000.00"} in lignes(simulation)


def test_l_echeancier_est_celui_de_la_commande_echeancier(capsys: Capture, monkeypatch: Patch) -> None:
    demarrages = {
        "acces": datetime.date(2023, 3, 1),
        "parcours": datetime.date(2023, 9, 1),
        "prevention": None,
        "crise": datetime.date(2023, 6, 1),
    }
    simulation = simuler(scenario(missions=demarrages, atteinte=Decimal("0.8")))
    sortie = cpts(
        capsys,
        monkeypatch,
        "echeancier",
        "--signature",
        "2023-01-15",
        "--population",
        "30000",
        "--missions",
        "acces:2023-03-01,parcours:2023-09-01,prevention:2023-01-15,crise:2023-06-01",
        "--atteinte",
        "0.8",
        "--format",
        "json",
    )
    attendus = json.loads(sortie.stdout)["versements"]

    obtenus = [
        {
            "annee_contrat": v.annee_contrat,
            "mission": v.mission,
            "volet": v.volet,
            "nature": v.nature,
            "montant": f"{v.montant:.2f}",
            "du_le": v.du_le.isoformat(),
            "au_plus_tard": v.au_plus_tard.isoformat(),
            "texte": v.texte,
            "notre_lecture": bool(v.lecture),
        }
        for v in simulation.versements
    ]
    assert obtenus == attendus
    assert simulation.total_contrat == sum((a.total for a in simulation.annees), Decimal(0))
    assert [annee.annee for annee in simulation.annees] == [1, 2, 3, 4, 5]


def test_une_annee_de_contrat_separe_volets_fixes_et_variables_avances_et_soldes() -> None:
    simulation = simuler(scenario(missions={"acces": None}))
    premiere = simulation.annees[0]

    # Fonctionnement 50 000, accès fixe 55 000 (avance 75 % puis solde), accès variable 25 000 (solde seul).
    assert (premiere.fixe, premiere.variable) == (Decimal("105000.00"), Decimal("25000.00"))
    assert premiere.avances == Decimal("78750.00")
    assert premiere.soldes == Decimal("51250.00")


def test_une_mission_que_le_texte_ignore_n_est_pas_comptee_et_c_est_dit() -> None:
    simulation = simuler(scenario(texte="aci-2019"))

    assert "crise" not in {ligne.mission for ligne in simulation.financement.lignes}
    assert "crise" not in {versement.mission for versement in simulation.versements}
    assert (
        "La mission Crises sanitaires n'existe pas dans le texte ACI 2019 : elle n'est pas comptée."
        in simulation.avertissements
    )


def test_les_avertissements_disent_les_socles_manquants_le_petit_territoire_et_la_majoration_manquee() -> None:
    petit = simuler(scenario(population=12_000, missions={"acces": None, "qualite": None}))
    grand = simuler(scenario(population=200_000, membres=80))

    # Les deux premiers sont ceux des règles (cpts.regles.avertissements), mot pour mot ceux de `cpts financement`.
    assert petit.avertissements == (
        "Missions socles manquantes (parcours, prévention, crises sanitaires) : sous le texte avenant 2, un"
        " projet sans toutes ses missions socles ne pourra pas être financé (guide ARS Auvergne-Rhône-Alpes,"
        " annexe 4 ; guide URPS Médecins libéraux Auvergne-Rhône-Alpes, §1.3).",
        "Territoire de 12 000 habitants, sous les 15 000 attendus par le guide ARS Auvergne-Rhône-Alpes (annexe 3) :"
        " sa pertinence sera discutée.",
    )
    assert grand.avertissements == (
        "Taille 4 avec 80 membres adhérents : la majoration de 10\u00a0% demande au moins 100 membres.",
    )


def test_un_demarrage_au_dela_du_delai_des_regles_est_signale() -> None:
    simulation = simuler(scenario(missions={**dict.fromkeys(TOUTES), "acces": datetime.date(2024, 1, 15)}))

    assert "La mission Accès aux soins démarre le 15/01/2024, après la date limite du 15/07/2023." in (
        simulation.avertissements
    )


def test_la_comparaison_met_les_deux_textes_ligne_a_ligne_avec_l_ecart() -> None:
    missions = dict.fromkeys(("acces", "parcours", "prevention"))
    comparaison = comparer(
        simuler(scenario(texte="aci-2019", missions=missions, options=frozenset({"snp-regulation"}))),
        simuler(scenario(texte="avenant-2", missions=missions)),
    )
    par_volet = {(ligne.libelle_mission, ligne.libelle_volet): ligne for ligne in comparaison.lignes}

    acces_fixe = par_volet[("Accès aux soins", "fixe")]
    assert (acces_fixe.montant_a, acces_fixe.montant_b, acces_fixe.ecart) == (
        Decimal("15000.00"),
        Decimal("55000.00"),
        Decimal("40000.00"),
    )
    assert par_volet[("Accès aux soins", "SNP, régulation")].montant_b == Decimal("0.00")
    assert comparaison.ecart_annuel == comparaison.b.financement.total - comparaison.a.financement.total
    assert [annee.annee for annee in comparaison.annees] == [1, 2, 3, 4, 5]


def test_le_volet_variable_des_crises_n_est_verse_que_les_annees_ou_une_crise_survient() -> None:
    simulation = simuler(scenario(crises=frozenset({2})))
    annees_de_crise = {
        versement.annee_contrat
        for versement in simulation.versements
        if (versement.mission, versement.volet) == ("crise", "variable")
    }

    assert annees_de_crise == {2}
    # Le montant annuel affiché compte la crise : 37 500 € pour la taille 1 (avenant 2).
    assert {(ligne.mission, ligne.volet): ligne.montant for ligne in simulation.financement.lignes}[
        ("crise", "variable")
    ] == Decimal("37500.00")
