"""Les pages et l'API de l'emploi des fonds : le coordinateur ouvre, saisit, importe et dépose ses comptes ; l'agent
les lit avec les noms des bénéficiaires et conclut au dialogue de gestion ; la vue nationale et les données
ouvertes sont anonymes."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cpts.comptabilite.enums import Statut
from cpts.comptabilite.models import ConclusionsFinancieres, Exercice
from cpts.comptes import jetons
from tests.comptabilite import fec
from tests.comptabilite.factories import ExerciceFactory, IndemniteFactory
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, DialogueFactory, PaiementFactory

pytestmark = pytest.mark.django_db
D = Decimal


def _client(utilisateur: object) -> Client:
    client = Client()
    client.force_login(utilisateur)
    return client


def test_le_coordinateur_ouvre_l_exercice_et_retrouve_l_aci_versee_dans_la_saisie() -> None:
    contrat = ContratFactory()
    PaiementFactory(contrat=contrat, mission="acces", montant=D("41250.00"), date=datetime.date(2025, 6, 15))
    client = _client(UtilisateurFactory(cpts=[contrat.cpts]))

    reponse = client.post(reverse("comptabilite:exercices", args=[contrat.cpts.pk]), {"annee": "2025"}, follow=True)

    assert reponse.redirect_chain[-1][0] == reverse("comptabilite:saisie", args=[contrat.cpts.pk, 2025])
    assert re.search(r'name="m-aci-acces"\s+value="41250.00"', reponse.content.decode())


def test_une_saisie_enregistree_se_lit_en_synthese_avec_son_resultat() -> None:
    exercice = ExerciceFactory(lignes={})
    client = _client(UtilisateurFactory(cpts=[exercice.cpts]))

    reponse = client.post(
        reverse("comptabilite:saisie", args=[exercice.cpts.pk, 2025]),
        {
            "revision": exercice.revision,
            "m-aci-fonctionnement": "50 000",
            "m-personnel-fonctionnement": "30000,50",
            "reserves_ouverture": "0",
            "reserves_cloture": "19999.50",
        },
        follow=True,
    )

    page = reponse.content.decode()
    assert "Comptes 2025 enregistrés." in page
    assert "19\u202f999,50\u00a0€" in page
    assert "À corriger avant le dépôt" not in page


def test_une_saisie_negative_est_refusee_en_francais_sans_rien_ecrire() -> None:
    exercice = ExerciceFactory()
    client = _client(UtilisateurFactory(cpts=[exercice.cpts]))

    reponse = client.post(
        reverse("comptabilite:saisie", args=[exercice.cpts.pk, 2025]), {"m-locaux-fonctionnement": "-10"}
    )

    assert reponse.status_code == 400
    assert "Montant négatif refusé : -10." in reponse.content.decode()
    assert exercice.lignes.get(poste="locaux").montant == D("8000.00")


def test_un_fec_refuse_affiche_la_ligne_et_le_champ_et_ne_change_rien() -> None:
    exercice = ExerciceFactory()
    client = _client(UtilisateurFactory(cpts=[exercice.cpts]))
    fichier = fec.fichier(fec.avec(fec.ecritures(), 1, date="20240215"))

    reponse = client.post(
        reverse("comptabilite:fec", args=[exercice.cpts.pk, 2025]),
        {"fichier": SimpleUploadedFile("fec-2025.txt", fichier, content_type="text/plain")},
    )

    assert reponse.status_code == 400
    assert "Ligne 4, EcritureDate : écriture du 15/02/2024, hors de l&#x27;exercice 2025" in reponse.content.decode()
    assert exercice.lignes.count() == 8


def test_l_agent_lit_les_comptes_et_les_noms_des_beneficiaires_sans_pouvoir_les_saisir() -> None:
    exercice = ExerciceFactory(depose=True)
    IndemniteFactory(exercice=exercice, beneficiaire="Dr Jeanne Rivière", montant=D("48000.00"))
    agent = UtilisateurFactory(agent_ars_region=True)

    page = _client(agent).get(reverse("comptabilite:exercice", args=[exercice.cpts.pk, 2025])).content.decode()

    assert "Dr Jeanne Rivière" in page
    assert "au-delà du plafond annuel par membre de 47\u202f100 €" in page
    assert "Saisir les comptes" not in page
    assert _client(agent).get(reverse("comptabilite:saisie", args=[exercice.cpts.pk, 2025])).status_code == 403


def test_le_lecteur_national_ne_lit_pas_les_comptes_d_une_cpts() -> None:
    exercice = ExerciceFactory(depose=True)

    reponse = _client(UtilisateurFactory()).get(reverse("comptabilite:exercice", args=[exercice.cpts.pk, 2025]))

    assert reponse.status_code == 403


@pytest.mark.parametrize(("format_", "type_"), [("pdf", "application/pdf"), ("xlsx", "spreadsheetml")])
def test_le_rapport_par_beneficiaire_s_exporte_pour_l_assemblee_generale(format_: str, type_: str) -> None:
    exercice = ExerciceFactory()
    IndemniteFactory(exercice=exercice)
    client = _client(UtilisateurFactory(cpts=[exercice.cpts]))

    reponse = client.get(reverse("comptabilite:beneficiaires", args=[exercice.cpts.pk, 2025]), {"format": format_})

    assert type_ in reponse["Content-Type"]
    assert f"indemnites-par-beneficiaire-2025.{format_}" in reponse["Content-Disposition"]


def test_le_depot_de_comptes_equilibres_les_fige() -> None:
    exercice = ExerciceFactory()
    client = _client(UtilisateurFactory(cpts=[exercice.cpts]))

    reponse = client.post(reverse("comptabilite:deposer", args=[exercice.cpts.pk, 2025]), follow=True)

    assert "Comptes 2025 déposés" in reponse.content.decode()
    assert Exercice.objects.get(pk=exercice.pk).statut == Statut.DEPOSE


def test_le_dialogue_de_gestion_s_ouvre_sur_la_situation_financiere_et_garde_les_conclusions() -> None:
    contrat = ContratFactory(signature=datetime.date(2024, 3, 1))
    ExerciceFactory(cpts=contrat.cpts, annee=2025, depose=True)
    dialogue = DialogueFactory(contrat=contrat, annee=1)
    agent = UtilisateurFactory(agent_cpam_departement=True)

    page = _client(agent).get(reverse("contrats:dialogue", args=[dialogue.pk])).content.decode()
    _client(agent).post(
        reverse("comptabilite:conclusions", args=[dialogue.pk]), {"texte": "Réserves à employer en 2026."}
    )

    assert "Situation financière de l'exercice 2025" in page
    assert "Charges : 80\u202f000,00\u00a0€" in page
    conclusions = ConclusionsFinancieres.objects.get(dialogue=dialogue)
    assert (conclusions.texte, conclusions.exercice.annee) == ("Réserves à employer en 2026.", 2025)


def test_la_vue_nationale_montre_les_agregats_au_lecteur_national_et_s_exporte() -> None:
    for _ in range(3):
        ExerciceFactory(depose=True)
    client = _client(UtilisateurFactory())

    page = client.get(reverse("comptabilite:national"), {"annee": "2025"}).content.decode()
    tableur = client.get(reverse("comptabilite:national"), {"annee": "2025", "format": "xlsx"})

    assert "Emploi des fonds des CPTS — exercice 2025" in page
    assert "63\u202f000\u00a0€" in page  # accès aux soins, trois CPTS
    assert "spreadsheetml" in tableur["Content-Type"]


def test_un_coordinateur_n_a_pas_la_vue_nationale() -> None:
    reponse = _client(UtilisateurFactory(cpts=[ExerciceFactory().cpts])).get(reverse("comptabilite:national"))

    assert reponse.status_code == 403


def test_les_donnees_ouvertes_se_telechargent_sans_compte_selon_leur_schema() -> None:
    for _ in range(3):
        ExerciceFactory(depose=True)

    reponse = Client().get(reverse("comptabilite:donnees_ouvertes"), {"annee": "2025"})

    entete, *lignes = reponse.content.decode().splitlines()
    assert entete == (
        "perimetre,exercice,date_des_donnees,categorie,code,libelle,nombre_cpts,total_euros,premier_quartile_euros,"
        "mediane_euros,troisieme_quartile_euros,euros_par_habitant"
    )
    assert "FR,2025,2026-11-16,mission,acces,Accès aux soins,3,63000.00,21000.00,21000.00,21000.00,0.47" in lignes


def test_l_api_donne_les_comptes_a_l_equipe_et_la_vue_nationale_au_lecteur() -> None:
    exercice = ExerciceFactory(depose=True)
    _, coordinateur = jetons.creer(UtilisateurFactory(cpts=[exercice.cpts]), "test")
    _, lecteur = jetons.creer(UtilisateurFactory(), "test")

    comptes = Client().get(
        f"/api/v1/cpts/{exercice.cpts.pk}/comptes/2025", headers={"Authorization": f"Bearer {coordinateur}"}
    )
    vue = Client().get("/api/v1/emploi-des-fonds?annee=2025", headers={"Authorization": f"Bearer {lecteur}"})

    assert comptes.json()["resultat"] == "30000.00"
    assert vue.json()["cpts"][0]["nom"] == exercice.cpts.nom
    assert vue.json()["statistiques"][0]["total_euros"] is None  # une seule CPTS : secret


def test_des_comptes_deposes_ne_s_ouvrent_plus_en_saisie() -> None:
    exercice = ExerciceFactory(depose=True)
    client = _client(UtilisateurFactory(cpts=[exercice.cpts]))

    reponse = client.get(reverse("comptabilite:saisie", args=[exercice.cpts.pk, 2025]), follow=True)

    assert reponse.redirect_chain[-1][0] == reverse("comptabilite:exercice", args=[exercice.cpts.pk, 2025])
    assert "Les comptes 2025 sont déposés : ils ne se modifient plus." in reponse.content.decode()
