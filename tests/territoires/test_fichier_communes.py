import io

import pytest
from openpyxl import Workbook

from cpts.territoires.fichier_communes import lire

pytestmark = pytest.mark.usefixtures("communes")


def xlsx(*valeurs: object) -> bytes:
    classeur = Workbook()
    for valeur in valeurs:
        classeur.active.append([valeur])
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def test_un_csv_d_excel_avec_entete_et_bom_donne_ses_codes() -> None:
    lecture = lire("communes.csv", "\ufeffCode INSEE;Nom\r\n69123;Lyon\r\n69266;Villeurbanne\r\n".encode())
    assert (lecture.codes, lecture.erreurs) == (["69123", "69266"], [])


def test_un_classeur_xlsx_donne_ses_codes_et_retrouve_le_zero_initial() -> None:
    lecture = lire("communes.xlsx", xlsx("Code INSEE", 1004, "69123"))
    assert lecture.codes == ["01004", "69123"]
    assert lecture.avertissements == ["Ligne 2 : 1004 lu comme 01004 (zéro initial rétabli)."]


def test_chaque_mauvaise_ligne_est_signalee_par_son_numero_et_rien_n_est_retenu() -> None:
    lecture = lire("communes.csv", b"69123\n\n99999\n69123\nLyon\n69266\n")
    assert lecture.codes == []
    assert lecture.erreurs == [
        "Ligne 2 : ligne vide.",
        "Ligne 3 : code INSEE inconnu 99999.",
        "Ligne 4 : le code 69123 figure déjà ligne 1.",
        "Ligne 5 : « Lyon » n'est pas un code INSEE (5 caractères).",
    ]


def test_un_fichier_qui_n_est_pas_en_utf8_est_signale_avec_sa_ligne() -> None:
    lecture = lire("communes.csv", "69123\n69266;Villeurbanne\n42218;Saint-Étienne\n".encode("cp1252"))
    assert lecture.erreurs == [
        "Ligne 3 : caractères illisibles. Enregistrez le fichier au format « CSV UTF-8 » "
        "(Excel : Enregistrer sous, CSV UTF-8)."
    ]


def test_un_faux_classeur_est_refuse() -> None:
    assert lire("communes.xlsx", b"pas un classeur").erreurs == [
        "Le fichier porte l'extension .xlsx mais n'est pas un classeur Excel."
    ]


def test_un_fichier_vide_est_refuse() -> None:
    assert lire("communes.csv", b"").erreurs == ["Le fichier ne contient aucun code INSEE."]
