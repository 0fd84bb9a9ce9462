"""La démonstration redonne les tableaux publiés par la CPR Auvergne-Rhône-Alpes du 9 juin 2021
([cpr-aura-2021-06-09])."""

import datetime
import json

import pytest
from django.core.management import call_command

from cpts.pilotage import presentation

pytestmark = pytest.mark.usefixtures("demo")

# [cpr-aura-2021-06-09], « ETAT DES LIEUX DES CPTS EN AURA (AU 1ER JUIN 2021) » : dynamiques, pré-projets validés,
# projets de santé validés, contrats signés, total.
ETAT_AU_1ER_JUIN_2021 = {
    "01": (3, 1, 0, 2, 6),
    "03": (1, 2, 0, 1, 4),
    "07": (3, 1, 0, 0, 4),
    "15": (0, 0, 0, 1, 1),
    "26": (7, 2, 0, 1, 10),
    "38": (3, 6, 0, 3, 12),
    "42": (3, 1, 0, 2, 6),
    "43": (3, 0, 0, 1, 4),
    "63": (5, 1, 0, 1, 7),
    "69": (16, 8, 1, 4, 29),
    "73": (2, 1, 0, 3, 6),
    "74": (4, 2, 0, 1, 7),
    "TOTAL": (50, 25, 1, 20, 96),
}
# [cpr-aura-2021-06-09], « FOCUS CONTRATS ACI SIGNES » : département, CPTS, date de signature, taille.
CONTRATS_AU_4_JUIN_2021 = [
    ("01", "Bugey Sud", "07/02/2020", 2),
    ("01", "Ussès ValsRhône", "04/02/2021", 1),
    ("03", "Sud Allier", "17/06/2020", 1),
    ("15", "Mauriac", "21/02/2020", 1),
    ("26", "Sud Valence", "01/09/2020", 1),
    ("38", "Lacs et Montagne Sud Isère", "20/05/2021", 1),
    ("38", "Sud Est Grenoblois", "09/07/2021", 2),
    ("38", "Vercors", "16/12/2019", 1),
    ("42", "Forez Est", "08/07/2020", 2),
    ("42", "Roanne", "09/12/2020", 3),
    ("43", "Nord Velay Forez", "18/12/2020", 1),
    ("63", "Haute Combraille Et Volcans", "19/02/2020", 1),
    ("69", "Beaujolais Dombes", "04/11/2020", 4),
    ("69", "Monts du Lyonnais", "05/10/2020", 2),
    ("69", "Pays de l'Ozon", "01/02/2021", 2),
    ("69", "Vénissieux", "24/09/2019", 2),
    ("73", "Cœur de Savoie", "01/03/2021", 2),
    ("73", "Haute Tarentaise", "01/03/2021", 1),
    ("73", "Yenne", "14/12/2020", 1),
    ("74", "Grand Annecy", "17/12/2020", 4),
]
COLONNES = ("dynamique", "pre_projet_valide", "projet_sante_valide", "contrat_signe", "total")


def test_l_etat_des_lieux_au_1er_juin_2021_est_celui_du_support_de_la_cpr(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("etat-des-lieux", "--region", "84", "--date", "2021-06-01", "--format", "json")
    donnees = json.loads(capsys.readouterr().out)
    obtenu = {ligne["departement"]: tuple(ligne[c] for c in COLONNES) for ligne in donnees["lignes"]}
    obtenu["TOTAL"] = tuple(donnees["total"][c] for c in COLONNES)
    assert (donnees["region"], donnees["date"]) == ("84", "2021-06-01")
    assert obtenu == ETAT_AU_1ER_JUIN_2021


def test_le_tableau_des_contrats_signes_liste_les_20_contrats_publies() -> None:
    tableau = presentation.contrats_signes("84", datetime.date(2021, 6, 4))
    lignes = [
        (ligne["departement"], ligne["nom"], f"{ligne['signature']:%d/%m/%Y}", ligne["taille"])
        for ligne in tableau.lignes
    ]
    assert lignes == CONTRATS_AU_4_JUIN_2021


def test_l_ecart_de_date_du_sud_est_grenoblois_est_signale_comme_qualite_des_donnees() -> None:
    lignes = {ligne["nom"]: ligne for ligne in presentation.contrats_signes("84", datetime.date(2021, 6, 4)).lignes}
    assert lignes["Sud Est Grenoblois"]["avertissement"].startswith(
        "Qualité des données : le contrat est daté du 09/07/2021"
    )
    assert lignes["Roanne"]["avertissement"] == ""


def test_les_territoires_des_signataires_tombent_dans_leur_taille_publiee() -> None:
    for ligne in presentation.contrats_signes("84", datetime.date(2021, 6, 4)).lignes:
        minimum, maximum = {1: (15_000, 40_000), 2: (40_000, 80_000), 3: (80_000, 175_000), 4: (175_000, 10**7)}[
            ligne["taille"]
        ]
        assert minimum <= ligne["population"] < maximum, ligne["nom"]


def test_les_chiffres_nationaux_publies_de_la_demo_sont_a_part_de_la_couverture_calculee() -> None:
    publies = {
        ligne["region"]: ligne for ligne in presentation.couverture_publiee(None, datetime.date(2021, 6, 4)).lignes
    }
    calcules = {
        ligne["region"]: ligne for ligne in presentation.couverture_regions(None, datetime.date(2021, 6, 4)).lignes
    }
    assert (publies["24"]["cpts_signees"], publies["24"]["population_couverte"]) == (18, 1_825_050)
    assert publies["24"]["publie_le"] == datetime.date(2021, 6, 4)
    assert (calcules["24"]["cpts_signees"], calcules["24"]["population_couverte"]) == (0, 0)
    assert (calcules["84"]["cpts_signees"], calcules["84"]["source"]) == (20, "calculé")


def test_la_demo_ne_contient_aucune_adresse_ni_telephone() -> None:
    from cpts.dossiers.models import Cpts

    assert not Cpts.objects.exclude(contact_courriel="").exists()
    assert not Cpts.objects.exclude(contact_telephone="").exists()
