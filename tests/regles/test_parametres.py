"""Le chargeur lit les textes livrés, les superpose, et refuse tout fichier mal formé en nommant
le fichier et la clé."""

import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cpts.regles import ParametresInvalides, montants_annuels, referentiel
from cpts.regles import parametres as module_parametres
from cpts.regles.bareme import Parametre, Texte
from cpts.regles.parametres import DOSSIER_PARAMETRES, charger


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    for fichier in DOSSIER_PARAMETRES.glob("*.yaml"):
        shutil.copy(fichier, tmp_path)
    return tmp_path


@pytest.fixture
def referentiel_de(dossier: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Les calculs lisent `dossier` au lieu des paramètres livrés."""
    monkeypatch.setattr(module_parametres, "DOSSIER_PARAMETRES", dossier)
    referentiel.cache_clear()
    yield dossier
    referentiel.cache_clear()


def remplacer(fichier: Path, avant: str, apres: str) -> None:
    contenu = fichier.read_text("utf-8")
    assert avant in contenu, f"« {avant} » introuvable dans {fichier.name}"
    fichier.write_text(contenu.replace(avant, apres, 1), "utf-8")


def parametres_de(texte: Texte) -> Iterator[Parametre[object]]:
    for section in ("tailles", "versement", "majoration"):
        parametre = getattr(texte, section)
        if parametre is not None:
            yield parametre
    yield from (texte.delais or {}).values()
    for mission in (texte.missions or {}).values():
        for volet in mission.volets:
            yield volet.montants  # type: ignore[misc]


def test_les_trois_textes_livres_sont_charges_dans_l_ordre_chronologique() -> None:
    textes = referentiel().textes

    assert [(texte.code, texte.en_vigueur_le) for texte in textes] == [
        ("aci-2019", date(2019, 8, 25)),
        ("avenant-1", date(2021, 1, 4)),
        ("avenant-2", date(2022, 4, 1)),
    ]


def test_l_avenant_1_ne_porte_pas_sur_le_financement() -> None:
    assert [texte.code for texte in referentiel().financiers] == ["aci-2019", "avenant-2"]


def test_l_avenant_2_herite_des_tailles_et_des_versements_de_l_aci_2019() -> None:
    aci, avenant = referentiel().bareme("aci-2019"), referentiel().bareme("avenant-2")

    assert (avenant.tailles, avenant.versement) == (aci.tailles, aci.versement)


@pytest.mark.parametrize("texte", referentiel().textes, ids=lambda texte: texte.code)
def test_chaque_valeur_livree_cite_le_texte_officiel_et_une_source_de_la_bibliographie(texte: Texte) -> None:
    for parametre in parametres_de(texte):
        for valeur in parametre.valeurs:
            titres = [reference.titre for reference in valeur.references]
            sources = [reference.source for reference in valeur.references if reference.source]
            assert any(texte.libelle.split()[0].lower() in titre.lower() for titre in titres), parametre.cle
            assert sources, parametre.cle


def test_le_financement_additionnel_du_fonctionnement_est_marque_non_verifie() -> None:
    fonctionnement = referentiel().bareme("avenant-2").missions["fonctionnement"]
    additionnel = next(volet for volet in fonctionnement.volets if volet.code == "additionnel")

    assert (additionnel.montants.verifie, additionnel.si) == (False, "fonctionnement_additionnel")


def test_un_montant_qui_n_est_pas_un_nombre_est_refuse_avec_fichier_et_cle(dossier: Path) -> None:
    remplacer(dossier / "aci-2019.yaml", "{1: 50000,", "{1: cinquante,")

    with pytest.raises(ParametresInvalides) as erreur:
        charger(dossier)

    assert str(erreur.value) == (
        "aci-2019.yaml, missions.fonctionnement.volets.fixe.valeurs.2019-08-25.valeur.1 :"
        " nombre attendu, lu « cinquante »"
    )


def test_un_montant_negatif_est_refuse(dossier: Path) -> None:
    remplacer(dossier / "avenant-2.yaml", "{1: 55000,", "{1: -55000,")

    with pytest.raises(ParametresInvalides, match=r"missions\.acces\.volets\.fixe\.valeurs\.2022-04-01\.valeur\.1"):
        charger(dossier)


def test_une_taille_manquante_est_refusee(dossier: Path) -> None:
    remplacer(dossier / "aci-2019.yaml", "{1: 15000, 2: 17500, 3: 25000, 4: 30000}", "{1: 15000, 2: 17500, 3: 25000}")

    with pytest.raises(ParametresInvalides) as erreur:
        charger(dossier)

    assert str(erreur.value) == (
        "aci-2019.yaml, missions.acces.volets.fixe.valeurs.2019-08-25.valeur : taille 4 manquante"
    )


def test_une_premiere_valeur_posterieure_a_l_entree_en_vigueur_laisse_un_trou(dossier: Path) -> None:
    remplacer(
        dossier / "avenant-2.yaml",
        "          2022-04-01:\n            valeur: {1: 55000",
        "          2022-04-02:\n            valeur: {1: 55000",
    )

    with pytest.raises(
        ParametresInvalides, match=r"avenant-2\.yaml, missions\.acces\.volets\.fixe\.valeurs\.2022-04-02 : .*sans trou"
    ):
        charger(dossier)


def test_une_date_repetee_est_un_chevauchement_refuse(dossier: Path) -> None:
    remplacer(
        dossier / "avenant-2.yaml",
        "          2022-04-01:\n            valeur: {1: 55000, 2: 70000, 3: 90000, 4: 110000}\n",
        "          2022-04-01:\n            valeur: {1: 55000, 2: 70000, 3: 90000, 4: 110000}\n"
        "            references: [{titre: avenant 2}]\n"
        "          2022-04-01:\n            valeur: {1: 60000, 2: 70000, 3: 90000, 4: 110000}\n",
    )

    with pytest.raises(ParametresInvalides, match=r"avenant-2\.yaml : YAML invalide : clé « 2022-04-01 » en double"):
        charger(dossier)


def test_des_dates_dans_le_desordre_sont_refusees(dossier: Path) -> None:
    remplacer(
        dossier / "avenant-2.yaml",
        "          2022-04-01:\n            valeur: {1: 55000, 2: 70000, 3: 90000, 4: 110000}\n",
        "          2022-04-01:\n            valeur: {1: 55000, 2: 70000, 3: 90000, 4: 110000}\n"
        "            references: [{titre: avenant 2}]\n"
        "          2022-01-01:\n            valeur: {1: 60000, 2: 70000, 3: 90000, 4: 110000}\n",
    )

    with pytest.raises(ParametresInvalides, match=r"acces\.volets\.fixe\.valeurs\.2022-01-01 : dates à ranger"):
        charger(dossier)


def test_deux_textes_entrant_en_vigueur_le_meme_jour_se_chevauchent(dossier: Path) -> None:
    remplacer(dossier / "avenant-1.yaml", "publie_le: 2021-01-03", "publie_le: 2019-08-24")

    with pytest.raises(ParametresInvalides, match=r"texte\.en_vigueur_le : même date d'entrée en vigueur"):
        charger(dossier)


def test_une_section_inconnue_est_refusee(dossier: Path) -> None:
    (dossier / "avenant-2.yaml").write_text(
        (dossier / "avenant-2.yaml").read_text("utf-8") + "\nmontants: {}\n", "utf-8"
    )

    with pytest.raises(ParametresInvalides, match=r"avenant-2\.yaml, montants : section inconnue"):
        charger(dossier)


def test_une_cle_mal_orthographiee_est_refusee(dossier: Path) -> None:
    remplacer(dossier / "aci-2019.yaml", "        unite: EUR/an\n", "        unites: EUR/an\n")

    with pytest.raises(ParametresInvalides, match=r"missions\.fonctionnement\.volets\.fixe\.unites : clé inconnue"):
        charger(dossier)


def test_une_valeur_sans_reference_est_refusee(dossier: Path) -> None:
    remplacer(dossier / "avenant-2.yaml", "            references: *tableau_avenant\n", "")

    with pytest.raises(
        ParametresInvalides, match=r"missions\.acces\.volets\.fixe\.valeurs\.2022-04-01\.references : au moins une"
    ):
        charger(dossier)


def test_un_taux_de_majoration_hors_de_0_a_1_est_refuse(dossier: Path) -> None:
    remplacer(dossier / "avenant-2.yaml", "taux: 0.10", "taux: 1.5")

    with pytest.raises(ParametresInvalides, match=r"majoration\.valeurs\.2022-04-01\.valeur\.taux : taux entre 0 et 1"):
        charger(dossier)


def test_un_code_different_du_nom_de_fichier_est_refuse(dossier: Path) -> None:
    remplacer(dossier / "avenant-2.yaml", "code: avenant-2", "code: avenant-3")

    with pytest.raises(ParametresInvalides, match=r"avenant-2\.yaml, texte\.code : « avenant-3 » ne correspond pas"):
        charger(dossier)


def test_un_fichier_yaml_illisible_est_refuse(dossier: Path) -> None:
    (dossier / "avenant-2.yaml").write_text("texte: [", "utf-8")

    with pytest.raises(ParametresInvalides, match=r"^avenant-2\.yaml : YAML invalide"):
        charger(dossier)


def test_une_majoration_pour_une_mission_inconnue_est_refusee(dossier: Path) -> None:
    remplacer(dossier / "avenant-2.yaml", "hors: [fonctionnement]", "hors: [fonctionement]")

    with pytest.raises(
        ParametresInvalides, match=r"majoration\.valeurs\.2022-04-01\.valeur\.hors : mission « fonctionement » inconnue"
    ):
        charger(dossier)


AVENANT_FUTUR = """
texte:
  code: avenant-9
  libelle: avenant 9
  titre: Avenant fictif qui relève la majoration
  en_vigueur_le: 2030-01-01
  references: [{titre: avenant 9 (fictif)}]
majoration:
  description: Majoration relevée
  unite: taux
  valeurs:
    2030-01-01:
      valeur: {taux: 0.20, taille: 4, membres_minimum: 50, hors: [fonctionnement]}
      references: [{titre: avenant 9 (fictif), document: tests}]
"""


def test_un_avenant_futur_ne_demande_qu_un_fichier_de_plus(referentiel_de: Path) -> None:
    (referentiel_de / "avenant-9.yaml").write_text(AVENANT_FUTUR, "utf-8")

    avant = montants_annuels(date(2029, 12, 31), 4, ["qualite"], membres=60)
    apres = montants_annuels(date(2030, 1, 1), 4, ["qualite"], membres=60)

    assert (avant.texte, avant.total) == ("avenant-2", Decimal("130000.00"))
    assert (apres.texte, apres.total) == ("avenant-9", Decimal("90000.00") + Decimal("48000.00"))


def test_une_valeur_nulle_met_fin_a_un_montant(referentiel_de: Path) -> None:
    qualite_fixe = (
        "          2022-04-01:\n"
        "            valeur: {1: 7500, 2: 10000, 3: 15000, 4: 20000}\n"
        "            references: *tableau_avenant\n"
    )
    fin = "          2025-01-01:\n            valeur: null\n            references: *tableau_avenant\n"
    remplacer(referentiel_de / "avenant-2.yaml", qualite_fixe, qualite_fixe + fin)

    lignes = montants_annuels(date(2025, 1, 1), 1, ["qualite"]).lignes

    assert [(ligne.mission, ligne.volet) for ligne in lignes] == [("fonctionnement", "fixe"), ("qualite", "variable")]
