"""Les exports s'ouvrent juste dans un tableur en français : CSV à virgule décimale sans séparateur de milliers ni
décimales à rallonge, XLSX aux dates et nombres typés et mis en forme, en-tête en gras et figé."""

import csv
import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from cpts import exports

LIGNE = {
    "cpts": "Monts du Lyonnais",
    "signature": datetime.date(2024, 12, 31),
    "montant": Decimal("247125.00"),
    "part": Decimal(1) / Decimal(7),
    "taux": 0.1476667580275172,
    "population": 43210,
}
COLONNES = [
    exports.Colonne("CPTS", lambda ligne: ligne["cpts"]),
    exports.Colonne("Signature", lambda ligne: ligne["signature"]),
    exports.Colonne("Montant", lambda ligne: ligne["montant"], "montant"),
    exports.Colonne("Part couverte", lambda ligne: ligne["part"], "part"),
    exports.Colonne("Taux", lambda ligne: ligne["taux"]),
    exports.Colonne("Population", lambda ligne: ligne["population"], "entier"),
]


def _csv() -> list[list[str]]:
    texte = exports.contenu_csv(COLONNES, [LIGNE]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(texte), delimiter=";"))


def _feuille() -> object:
    return load_workbook(io.BytesIO(exports.contenu_xlsx(COLONNES, [LIGNE], "Contrats"))).active


def test_le_csv_ecrit_les_nombres_a_virgule_sans_separateur_de_milliers() -> None:
    assert _csv()[1][2] == "247125,00"


def test_le_csv_arrondit_une_part_a_quatre_decimales_au_lieu_de_vingt_huit() -> None:
    assert _csv()[1][3:5] == ["0,1429", "0,1477"]


def test_le_csv_ecrit_les_dates_en_jj_mm_aaaa_et_les_entiers_tels_quels() -> None:
    assert (_csv()[1][1], _csv()[1][5]) == ("31/12/2024", "43210")


def test_le_csv_ecrit_un_montant_avec_ses_deux_decimales() -> None:
    colonnes = [exports.Colonne("Montant", lambda ligne: ligne, "montant")]
    texte = exports.contenu_csv(colonnes, [Decimal("1500"), Decimal("0.125")]).decode("utf-8-sig")
    assert texte.splitlines()[1:] == ["1500,00", "0,13"]


def test_le_xlsx_garde_une_vraie_date_affichee_jj_mm_aaaa() -> None:
    cellule = _feuille()["B2"]
    assert (cellule.value.date(), cellule.number_format, cellule.is_date) == (
        datetime.date(2024, 12, 31),
        "DD/MM/YYYY",
        True,
    )


def test_le_xlsx_donne_un_format_a_chaque_sorte_de_nombre() -> None:
    feuille = _feuille()
    assert [(feuille[ref].value, feuille[ref].number_format) for ref in ("C2", "D2", "F2")] == [
        (247125, '#,##0.00 "€"'),
        (0.1429, "0.0%"),
        (43210, "#,##0"),
    ]


def test_le_xlsx_arrondit_un_nombre_a_virgule_a_quatre_decimales() -> None:
    assert _feuille()["E2"].value == 0.1477


def test_l_en_tete_du_xlsx_est_en_gras_et_figee() -> None:
    feuille = _feuille()
    assert all(cellule.font.bold for cellule in feuille[1])
    assert feuille.freeze_panes == "A2"


def test_un_horodatage_s_ecrit_a_l_heure_de_paris() -> None:
    instant = datetime.datetime(2026, 11, 16, 9, 30, tzinfo=datetime.UTC)
    assert exports.texte_csv(instant) == "16/11/2026 10:30"
