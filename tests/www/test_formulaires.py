"""Les formulaires des pages : groupes de champs de django-dsfr, erreurs liées à leur champ par un identifiant qui
existe, résumé des erreurs en tête qui redit celles des champs, identifiants uniques, nombres à la française."""

import html
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cpts.contrats.models import Contrat
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, IndicateurFactory
from tests.dossiers import factories

pytestmark = pytest.mark.usefixtures("communes")


def _ids(contenu: str) -> Counter[str]:
    return Counter(re.findall(r'\sid="([^"]+)"', contenu))


def _decrits(contenu: str) -> list[str]:
    return [cible for valeur in re.findall(r'aria-describedby="([^"]+)"', contenu) for cible in valeur.split()]


@pytest.fixture(autouse=True)
def _fichiers(fichiers_temporaires: object) -> None:
    """Les contrats déposent des PDF : chaque test a son dossier jetable."""


def test_la_fiche_d_une_cpts_n_a_aucun_identifiant_en_double(client: Client) -> None:
    cpts = factories.CptsFactory()
    agent = UtilisateurFactory(agent_ars_region=True)
    from cpts.dossiers import instruction

    instruction.demander_complement(cpts, agent, objet="Budget", texte="Précisez.")
    instruction.demander_complement(cpts, agent, objet="Statuts", texte="Joignez-les.")
    client.force_login(agent)
    contenu = client.get(reverse("dossiers:detail", args=[cpts.pk])).content.decode()
    doubles = {identifiant: n for identifiant, n in _ids(contenu).items() if n > 1}
    assert doubles == {}


def test_une_erreur_est_liee_a_son_champ_et_redite_dans_le_resume(client: Client) -> None:
    cpts = factories.CptsFactory()
    client.force_login(UtilisateurFactory(cpts=[cpts]))
    reponse = client.post(
        reverse("dossiers:modifier", args=[cpts.pk]), {"association_statut": "creee", "siret": "78283015700016"}
    )
    contenu = html.unescape(reponse.content.decode())
    ids = _ids(contenu)
    assert _decrits(contenu)
    assert all(ids[cible] == 1 for cible in _decrits(contenu))
    resume = contenu[
        contenu.index("data-resume-erreurs") : contenu.index("</div>", contenu.index("data-resume-erreurs"))
    ]
    lien = re.search(r'<a href="#([^"]+)">SIRET de l\'association : ([^<]+)</a>', resume)
    assert lien is not None
    assert ids[lien.group(1)] == 1
    erreur_du_champ = contenu[contenu.index(f'id="{lien.group(1)}-desc-error"') :]
    assert lien.group(2).strip() in erreur_du_champ[: erreur_du_champ.index("</div>")]


def test_le_champ_d_un_formulaire_de_django_lie_aussi_son_erreur(client: Client) -> None:
    client.force_login(UtilisateurFactory())
    donnees = {
        "old_password": "faux",
        "new_password1": "Un-mot-de-passe-neuf-1",
        "new_password2": "Un-mot-de-passe-neuf-1",
    }
    contenu = client.post(reverse("password_change"), donnees).content.decode()
    assert "id_old_password-desc-error" in _decrits(contenu)
    assert _ids(contenu)["id_old_password-desc-error"] == 1


def test_un_indicateur_se_saisit_a_la_francaise(client: Client) -> None:
    contrat = ContratFactory()
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    donnees = {
        "mission": "prevention",
        "libelle": "Patients suivis",
        "definition": "Nombre de patients.",
        "source": "CPTS",
        "sens": "croissant",
        "reference": "6 000",
        "poids": "1,5",
        "cible_1": "6\u202f500",
    }
    assert client.post(reverse("contrats:ajouter_indicateur", args=[contrat.pk]), donnees).status_code == 302
    indicateur = contrat.indicateurs.get(libelle="Patients suivis")
    assert (indicateur.reference, indicateur.poids) == (Decimal(6000), Decimal("1.5"))
    assert indicateur.cibles.get(annee=1).valeur == Decimal(6500)


def test_le_champ_nombre_est_une_zone_de_texte_que_le_navigateur_ne_refuse_pas(client: Client) -> None:
    contrat = ContratFactory()
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contenu = client.get(reverse("contrats:ajouter_indicateur", args=[contrat.pk])).content.decode()
    assert 'type="number"' not in contenu
    assert 'inputmode="decimal"' in contenu


def test_l_atteinte_retenue_se_saisit_en_pourcentage(client: Client) -> None:
    from tests.contrats.factories import BilanFactory

    contrat: Contrat = ContratFactory()
    IndicateurFactory(contrat=contrat, mission="acces", cibles={1: 100}, valeurs={1: 80})
    bilan = BilanFactory(dialogue__contrat=contrat)
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    donnees = {f"bilan{bilan.pk}-taux": "85 %", f"bilan{bilan.pk}-motif": "Accord."}
    client.post(reverse("contrats:retenir", args=[bilan.pk]), donnees)
    bilan.refresh_from_db()
    assert bilan.taux_retenu == Decimal("0.85")


def test_un_montant_du_budget_se_saisit_a_la_francaise(client: Client) -> None:
    from cpts.dossiers import depots
    from cpts.dossiers.enums import TypeDocument

    cpts = factories.CptsFactory()
    client.force_login(UtilisateurFactory(cpts=[cpts]))
    document = depots.document_unique(cpts, TypeDocument.PRE_PROJET)
    donnees = {"budget_reunions": "6 000", "budget_remuneration": "12\u202f500,50 €", "revision": document.revision}
    client.post(reverse("dossiers:document", args=[cpts.pk, document.pk]), donnees)
    document.refresh_from_db()
    assert (document.brouillon["budget_reunions"], document.brouillon["budget_remuneration"]) == ("6000", "12500.50")


def _resume_en_tete(contenu: str, action: str) -> str:
    """Le résumé des erreurs du formulaire qui envoie à `action`, qui doit venir avant ses champs."""
    formulaire = contenu[contenu.index(f'action="{action}"') :]
    formulaire = formulaire[: formulaire.index("</form>")]
    debut = formulaire.index("data-resume-erreurs")
    assert debut < formulaire.index("<fieldset")
    return html.unescape(formulaire[debut : formulaire.index("</div>", debut)])


def test_une_decision_refusee_revient_sur_la_fiche_avec_le_resume_de_ses_erreurs(client: Client) -> None:
    cpts = factories.CptsFactory()
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    action = reverse("dossiers:decider", args=[cpts.pk])
    reponse = client.post(action, {"transition": "abandonner", "date": "31/02/2024", "instance": "ars", "motif": "Fin"})
    assert reponse.status_code == 400
    resume = _resume_en_tete(reponse.content.decode(), action)
    assert '<a href="#id_date">Date de la décision : Saisissez une date valide.</a>' in resume


def test_une_decision_confirmee_puis_refusee_repasse_par_la_confirmation(client: Client) -> None:
    cpts = factories.CptsFactory()
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    donnees = {"transition": "abandonner", "date": "31/02/2024", "instance": "ars", "confirmation": "on"}
    contenu = client.post(reverse("dossiers:decider", args=[cpts.pk]), donnees).content.decode()
    formulaire = contenu[contenu.index('id="decision"') :]
    assert re.search(r'name="confirmation"(?: value="[^"]*")?', formulaire).group(0) == 'name="confirmation"'


def test_un_import_de_membres_refuse_revient_avec_le_resume_de_ses_lignes_refusees(client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    cpts = factories.CptsFactory()
    client.force_login(UtilisateurFactory(cpts=[cpts]))
    action = reverse("dossiers:importer_membres", args=[cpts.pk])
    fichier = SimpleUploadedFile("membres.csv", b"type;profession;nom\r\nprofessionnel;druide;Panoramix\r\n")
    reponse = client.post(action, {"fichier": fichier})
    assert reponse.status_code == 400
    resume = _resume_en_tete(reponse.content.decode(), action)
    assert "Import refusé, aucun membre n'a été ajouté" in resume
    assert (
        '<a href="#id_fichier">Fichier des membres : Ligne 2, profession : « druide » n\'est pas dans la liste des '
        "professions.</a>" in resume
    )
    assert not cpts.membres.filter(nom="Panoramix").exists()


def test_une_valeur_d_indicateur_refusee_revient_avec_le_resume_de_ses_erreurs(client: Client) -> None:
    indicateur = IndicateurFactory(contrat=ContratFactory())
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    action = reverse("contrats:declarer_valeur", args=[indicateur.pk])
    prefixe = f"indicateur{indicateur.pk}"
    reponse = client.post(action, {f"{prefixe}-annee": "9", f"{prefixe}-valeur": "12"})
    assert reponse.status_code == 400
    resume = _resume_en_tete(reponse.content.decode(), action)
    assert f'<a href="#id_{prefixe}-annee">Année du contrat : ' in resume
    assert not indicateur.valeurs.exists()
