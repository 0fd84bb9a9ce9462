"""Les commandes `cpts contrat echeancier ID`, `cpts versements` et `cpts alertes`."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.contrats.factories import ContratFactory, PaiementFactory

pytestmark = pytest.mark.django_db


def commande(*arguments: str) -> str:
    sortie = StringIO()
    call_command(*arguments, stdout=sortie)
    return sortie.getvalue()


def test_l_echeancier_d_un_contrat_en_json_donne_chaque_ligne_et_le_total() -> None:
    contrat = ContratFactory()
    PaiementFactory(contrat=contrat)
    donnees = json.loads(commande("contrat", "echeancier", str(contrat.pk), "--format", "json"))
    premiere = donnees["lignes"][0]
    assert (premiere["mission"], premiere["nature"], premiere["montant"], premiere["verse"]) == (
        "fonctionnement",
        "avance",
        "45000.00",
        "1000.00",
    )
    assert donnees["total"]["verse"] == "1000.00"
    assert donnees["fin"] == "2027-06-15"
    assert (premiere["texte"], donnees["avertissements"]) == ("avenant-2", [])


def test_l_echeancier_d_un_contrat_ancien_avertit_de_la_mission_crise_manquante() -> None:
    contrat = ContratFactory(aci_2019=True)
    sortie = commande("contrat", "echeancier", str(contrat.pk))
    assert "Avertissement : La mission socle crises sanitaires graves manque au contrat" in sortie
    assert "ACI 2019 (notre lecture)" in sortie


def test_l_echeancier_en_tableau_se_lit_en_francais() -> None:
    contrat = ContratFactory()
    sortie = commande("contrat", "echeancier", str(contrat.pk))
    assert "contrat signé le 15/06/2022, jusqu'au 15/06/2027" in sortie
    assert "45\u202f000,00\u00a0€" in sortie


def test_l_echeancier_en_csv_s_ouvre_dans_excel_en_francais() -> None:
    contrat = ContratFactory()
    sortie = commande("contrat", "echeancier", str(contrat.pk), "--format", "csv")
    assert sortie.startswith("\ufeffAnnée du contrat;Mission;Volet;Nature;Dû le")
    assert "1;Fonctionnement;montant total;Avance;15/06/2022;15/08/2022;45000,00;0,00;45000,00" in sortie


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("contrat", "echeancier", "999"), "contrat « 999 » introuvable"),
        (("contrat", "payer", "1"), "action « payer » inconnue"),
        (("versements", "--region", "99"), "région « 99 » inconnue"),
        (("versements", "--region", "84", "--a-venir", "-3"), "--a-venir « -3 »"),
        (("alertes", "--region", "84", "--format", "xml"), "format « xml » inconnu"),
    ],
)
def test_une_entree_invalide_donne_un_message_en_francais_et_le_code_2(arguments: tuple, message: str) -> None:
    with pytest.raises(CommandError, match=message) as erreur:
        commande(*arguments)
    assert erreur.value.returncode == 2


def test_les_versements_a_venir_de_la_region(communes: None) -> None:
    recent = ContratFactory(
        signature=datetime.date.today() - datetime.timedelta(days=20),
        missions=dict.fromkeys(["acces", "parcours", "prevention", "crise"]),
    )
    ContratFactory(hors_region=True, signature=recent.signature)
    donnees = json.loads(commande("versements", "--region", "84", "--a-venir", "60", "--format", "json"))
    assert [(d["cpts"], d["nature"]) for d in donnees] == [(recent.cpts.nom, "integral")]


def test_sans_rien_a_verser_la_commande_le_dit(communes: None) -> None:
    assert commande("versements", "--region", "84") == "Rien à verser d'ici 60 jours dans la région 84.\n"


def test_le_resume_quotidien_des_alertes_de_la_region(communes: None) -> None:
    ContratFactory(
        signature=datetime.date.today() - datetime.timedelta(days=300),
        missions=dict.fromkeys(["acces", "parcours", "prevention", "crise"]),
    )
    sortie = commande("alertes", "--region", "84")
    assert "[RETARD ]" in sortie
    assert "Mission Accès aux soins : démarrage attendu au plus tard le" in sortie
    donnees = json.loads(commande("alertes", "--region", "84", "--format", "json"))
    assert {d["type"] for d in donnees} >= {"demarrage", "versement"}
