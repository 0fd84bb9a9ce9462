"""Les courriels de la CPR partent vraiment : convocation avec invitation de calendrier, ordre du jour, relevé, reçus
par un vrai serveur SMTP sur la boucle locale après un tour du travailleur."""

import html
from datetime import date, time, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cpts.commission.models import Reunion, Siege
from cpts.commission.services import reunions
from cpts.notifications.enums import StatutCourriel, TypeCourriel
from cpts.notifications.models import Courriel, Desabonnement
from tests.commission.factories import CommissionFactory, CompositionFactory, PointFactory, ReunionFactory, SiegeFactory
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat() -> object:
    return UtilisateurFactory(role="agent_cpam", region="84")


@pytest.fixture
def titulaire() -> object:
    return UtilisateurFactory(membre_cpr=True, first_name="Claire", last_name="Titulaire", email="claire@exemple.fr")


@pytest.fixture
def suppleant() -> object:
    return UtilisateurFactory(membre_cpr=True, first_name="Paul", last_name="Suppléant", email="paul@exemple.fr")


@pytest.fixture
def siege(titulaire: object, suppleant: object) -> Siege:
    composition = CompositionFactory(commission=CommissionFactory(nom="CPR CPTS Auvergne-Rhône-Alpes"))
    return SiegeFactory(
        composition=composition, organisation="CSMF", compte_titulaire=titulaire, compte_suppleant=suppleant
    )


@pytest.fixture
def reunion(siege: Siege) -> Reunion:
    return ReunionFactory(
        commission=siege.composition.commission, date=date(2026, 3, 20), heure=time(14, 0), lieu="Lyon, salle 2"
    )


def sujet(message: EmailMessage) -> str:
    # Le sujet encodé (RFC 2047) est replié par l'expéditeur : le lecteur garde l'espace de repli en tête.
    return str(message["Subject"]).strip()


def textes(message: EmailMessage) -> tuple[str, str]:
    return (
        message.get_body(preferencelist=("plain",)).get_content(),
        message.get_body(preferencelist=("html",)).get_content(),
    )


def invitation(message: EmailMessage) -> Calendar:
    (piece,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert piece.get_param("method") == "REQUEST"
    return Calendar.from_ical(piece.get_content())


def test_la_convocation_part_au_titulaire_et_au_suppleant_avec_une_invitation_de_calendrier(
    smtp: object, travailleur: object, reunion: Reunion, secretariat: object
) -> None:
    reunions.convoquer(reunion, date(2026, 3, 1), secretariat)
    assert smtp.recus == []  # rien ne part pendant l'action : la file attend le travailleur
    assert travailleur.tour() == 2
    (pour_claire,) = smtp.pour("claire@exemple.fr")
    assert len(smtp.pour("paul@exemple.fr")) == 1
    assert sujet(pour_claire) == "Convocation : CPR CPTS Auvergne-Rhône-Alpes, réunion du 20/03/2026"
    assert pour_claire["To"].addresses[0].display_name == "Claire Titulaire"
    texte, corps_html = textes(pour_claire)
    assert "Vous êtes convoqué(e) à la réunion de la CPR CPTS Auvergne-Rhône-Alpes." in texte
    assert "Vous siégez comme titulaire : CSMF — Médecins." in texte
    assert "République" in corps_html
    assert "Liberté" in corps_html
    assert "<img" not in corps_html
    evenement = invitation(pour_claire).walk("VEVENT")[0]
    assert str(evenement["UID"]) == f"cpr-reunion-{reunion.pk}@127.0.0.1"
    debut = evenement.decoded("DTSTART")
    assert (debut.hour, str(debut.tzinfo)) == (14, "Europe/Paris")
    assert str(evenement["ATTENDEE"]) == "mailto:claire@exemple.fr"
    assert str(evenement["LOCATION"]) == "Lyon, salle 2"


def test_une_convocation_tardive_est_refusee_et_rien_n_est_programme(reunion: Reunion, secretariat: object) -> None:
    with pytest.raises(ValidationError, match="au moins 15 jours avant la réunion"):
        reunions.convoquer(reunion, date(2026, 3, 10), secretariat)
    assert not Courriel.objects.exists()


def test_une_reunion_urgente_motivee_est_convoquee_hors_delai_et_le_courriel_dit_pourquoi(
    smtp: object, travailleur: object, reunion: Reunion, secretariat: object
) -> None:
    Reunion.objects.filter(pk=reunion.pk).update(urgente=True, motif_urgence="Avis sur une fusion de CPTS")
    reunions.convoquer(reunion, date(2026, 3, 12), secretariat)
    travailleur.tour()
    (message,) = smtp.pour("claire@exemple.fr")
    assert sujet(message).startswith("Réunion urgente — Convocation")
    assert "convoquée hors du délai de 15 jours : Avis sur une fusion de CPTS" in textes(message)[0]


def test_un_siege_designe_sans_compte_est_signale_non_convoque_sur_la_page_de_la_reunion(
    client: Client, travailleur: object, reunion: Reunion, secretariat: object, siege: Siege
) -> None:
    SiegeFactory(composition=siege.composition, organisation="MG France", suppleant_designe=False)
    reunions.convoquer(reunion, date(2026, 3, 1), secretariat)
    sans_compte = Courriel.objects.get(nom__contains="MG France")
    assert sans_compte.statut == StatutCourriel.NON_ENVOYE
    client.force_login(secretariat)
    page = client.get(reverse("commission:reunion", args=[reunion.pk])).content.decode()
    assert "titulaire — MG France — Médecins" in page
    assert "Adresse de courriel absente ou invalide." in page


def test_le_lien_du_courriel_ouvre_la_reunion_au_membre_convoque(
    smtp: object, travailleur: object, client: Client, reunion: Reunion, secretariat: object, titulaire: object
) -> None:
    reunions.convoquer(reunion, date(2026, 3, 1), secretariat)
    travailleur.tour()
    (message,) = smtp.pour("claire@exemple.fr")
    lien = next(mot for mot in textes(message)[0].split() if "/commission/reunion/" in mot)
    client.force_login(titulaire)
    reponse = client.get(urlsplit(lien).path)
    assert reponse.status_code == 200
    assert "Réunion du 20/03/2026" in reponse.content.decode()


def test_l_ordre_du_jour_et_le_releve_partent_a_chaque_porteur_du_siege(
    smtp: object, travailleur: object, reunion: Reunion, secretariat: object
) -> None:
    point = PointFactory(reunion=reunion, intitule="Avis sur le contrat de la CPTS du Pilat", deliberation=False)
    reunions.convoquer(reunion, date(2026, 3, 1), secretariat)
    reunions.envoyer_ordre_du_jour(reunion, date(2026, 3, 10), secretariat)
    travailleur.tour()
    ordres = [m for m in smtp.pour("paul@exemple.fr") if sujet(m).startswith("Ordre du jour")]
    assert len(ordres) == 1
    # Le numéro vient de la fabrique (une séquence) : le test ne dépend pas de l'ordre des autres.
    assert f"{point.numero}. Avis sur le contrat de la CPTS du Pilat" in textes(ordres[0])[0]
    assert Courriel.objects.filter(type=TypeCourriel.ORDRE_DU_JOUR, statut=StatutCourriel.ENVOYE).count() == 2


def test_un_serveur_smtp_arrete_laisse_un_echec_au_journal_puis_le_courriel_part_au_nouvel_essai(
    smtp: object, travailleur: object, client: Client, reunion: Reunion, secretariat: object
) -> None:
    smtp.arreter()
    reunions.convoquer(reunion, date(2026, 3, 1), secretariat)
    travailleur.tour()
    courriel = Courriel.objects.get(destinataire__email="claire@exemple.fr")
    assert (courriel.statut, courriel.tentatives) == (StatutCourriel.EN_ECHEC, 1)
    assert "ConnectionRefusedError" in courriel.derniere_erreur
    client.force_login(secretariat)
    assert "Échec, nouvel essai prévu" in client.get(reverse("commission:reunion", args=[reunion.pk])).content.decode()
    smtp.demarrer()
    assert travailleur.tour() == 0  # le nouvel essai attend son délai
    assert travailleur.tour(timezone.now() + timedelta(minutes=2)) == 2
    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tentatives) == (StatutCourriel.ENVOYE, 2)
    assert len(smtp.pour("claire@exemple.fr")) == 1


def test_un_meme_evenement_ne_produit_jamais_deux_courriels(
    smtp: object, travailleur: object, reunion: Reunion, secretariat: object
) -> None:
    from cpts.commission import courriels

    reunions.convoquer(reunion, date(2026, 3, 1), secretariat)
    courriels.convocation(reunion, reunions.sieges_convoques(reunion))  # l'action rejouée
    travailleur.tour()
    travailleur.tour(timezone.now() + timedelta(days=1))
    assert Courriel.objects.count() == 2
    assert len(smtp.recus) == 2


def test_le_lien_de_desabonnement_coupe_cette_sorte_de_courriels_et_elle_seule(
    smtp: object, travailleur: object, client: Client, reunion: Reunion, secretariat: object, titulaire: object
) -> None:
    PointFactory(reunion=reunion)
    reunions.convoquer(reunion, date(2026, 3, 1), secretariat)
    travailleur.tour()
    (message,) = smtp.pour("claire@exemple.fr")
    lien = urlsplit(str(message["List-Unsubscribe"]).strip().strip("<>")).path
    assert "Confirmer le désabonnement" in client.get(lien).content.decode()
    assert "Vous ne recevrez plus les courriels « Convocation" in client.post(lien).content.decode()
    assert Desabonnement.objects.filter(utilisateur=titulaire, type=TypeCourriel.CONVOCATION).exists()
    reunions.envoyer_ordre_du_jour(reunion, date(2026, 3, 10), secretariat)
    travailleur.tour()
    assert len(smtp.pour("claire@exemple.fr")) == 2  # l'ordre du jour, d'une autre sorte, part


def test_un_lien_de_desabonnement_falsifie_est_refuse_en_francais(client: Client) -> None:
    reponse = client.post(reverse("courriels:desabonnement", args=["1:convocation:faux"]))
    assert reponse.status_code == 400
    assert "Ce lien de désabonnement n'est pas valide" in html.unescape(reponse.content.decode())
    assert not Desabonnement.objects.exists()


def test_un_retour_a_la_ligne_dans_un_nom_n_ajoute_aucun_en_tete(
    smtp: object, travailleur: object, reunion: Reunion, secretariat: object, titulaire: object
) -> None:
    titulaire.first_name = "Claire\r\nBcc: pirate@exemple.fr"
    titulaire.save()
    reunions.convoquer(reunion, date(2026, 3, 1), secretariat)
    travailleur.tour()
    (message,) = smtp.pour("claire@exemple.fr")
    assert message["Bcc"] is None
    assert all("pirate@exemple.fr" not in destinataires for _, destinataires in smtp.boite.enveloppes)
    assert message["To"].addresses[0].display_name == "Claire Bcc: pirate@exemple.fr Titulaire"
