"""La démo charge les deux CPR des supports de séance publiés sans donnée personnelle ; `cpts commission` les lit."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cpts.commission.models import Commission, Reunion, Siege
from cpts.demo.commission import creer_commissions

pytestmark = pytest.mark.django_db


def commande(*arguments: str) -> str:
    sortie = StringIO()
    call_command("commission", *arguments, stdout=sortie)
    return sortie.getvalue()


def test_la_demo_charge_les_cpr_auvergne_rhone_alpes_et_pays_de_la_loire() -> None:
    assert creer_commissions() == 2
    assert sorted(Commission.objects.values_list("region", flat=True)) == ["52", "84"]
    assert Siege.objects.filter(composition__commission__region="84").count() == 34 + 17 + 7
    assert Siege.objects.filter(composition__commission__region="52").count() == 35 + 13 + 6
    assert Reunion.objects.count() == 2


def test_relancer_la_demo_ne_cree_rien_de_plus() -> None:
    creer_commissions()
    avant = (Commission.objects.count(), Siege.objects.count(), Reunion.objects.count())
    assert creer_commissions() == 0
    assert (Commission.objects.count(), Siege.objects.count(), Reunion.objects.count()) == avant


@pytest.mark.parametrize("nom", ["LAPICA", "FREZET", "KREMER", "RIEFFEL", "Duquesnel", "Rousseau", "Guillet", "@"])
def test_la_demo_ne_contient_aucun_nom_de_personne_ni_coordonnee(nom: str) -> None:
    creer_commissions()
    textes = list(Siege.objects.values_list("organisation", flat=True))
    textes += list(Reunion.objects.values_list("observations", flat=True))
    textes += list(Commission.objects.values_list("nom", flat=True))
    assert not any(nom.lower() in texte.lower() for texte in textes)


def test_la_commande_donne_la_composition_pays_de_la_loire_en_json() -> None:
    creer_commissions()
    donnees = json.loads(commande("composition", "--region", "52", "--date", "2021-02-04", "--format", "json"))
    assert donnees["sections"]["professionnelle"] == {
        "sieges": 35,
        "voix": 35,
        "sieges_vacants": 16,
        "professions_non_representees": ["Sages-femmes", "Opticiens"],
    }
    assert donnees["sections"]["sociale"]["voix_rg"] == 28
    assert donnees["sections"]["sociale"]["voix_msa"] == 7
    assert donnees["parite"] is True
    assert donnees["consultatifs"] == 6


def test_la_commande_donne_la_composition_auvergne_rhone_alpes_en_tableau() -> None:
    creer_commissions()
    sortie = commande("composition", "--region", "84", "--date", "2021-06-09")
    assert "section professionnelle : 34 sièges, 34 voix, 7 sièges vacants" in sortie
    assert "section sociale : 17 sièges, 34 voix (régime général 27, MSA 7)" in sortie
    assert "parité des voix : oui" in sortie


def test_la_commande_refuse_une_date_avant_la_premiere_composition() -> None:
    creer_commissions()
    with pytest.raises(CommandError, match="pas de composition en vigueur le 01/01/2020"):
        commande("composition", "--region", "84", "--date", "2020-01-01")


def test_la_commande_refuse_une_region_sans_commission() -> None:
    with pytest.raises(CommandError, match="Aucune commission pour la région « 11 »"):
        commande("composition", "--region", "11")


def test_la_commande_dit_quelle_section_preside_chaque_annee() -> None:
    creer_commissions()
    sortie = commande("presidence", "--region", "52", "--annee", "2022")
    assert sortie.strip() == "2022 : section professionnelle (président non désigné)"


def test_la_commande_des_reunions_donne_les_dates_limites_et_alerte_des_annees_sans_reunion() -> None:
    creer_commissions()
    sortie = commande("reunions", "--region", "52")
    assert "04/02/2021 : Tenue — convocation au plus tard le 20/01/2021, ordre du jour au plus tard le 30/01/2021" in (
        sortie
    )
    assert "Alerte : aucune réunion en 2022 (au moins 1 par an)." in sortie
