"""Le journal des courriels, les essais et les en-têtes : ce que garantit `cpts.notifications` à toute application."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cpts.notifications import calendrier, envoi, services
from cpts.notifications.entetes import destinataire, une_ligne
from cpts.notifications.enums import StatutCourriel, TypeCourriel
from cpts.notifications.models import Courriel, Desabonnement
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def programmer(compte: object = None, cle: str = "essai:1", **autres: object) -> Courriel:
    parametres = {
        "type_courriel": TypeCourriel.DECISION_ENREGISTREE,
        "cle": cle,
        "sujet": "Une décision",
        "gabarit": "courriels/invitation",
        "contexte": {
            "inviteur": "Camille Durand",
            "role": "coordinateur de cpts",
            "perimetre": "CPTS du Pilat",
            "expire_le": timezone.now(),
            "lien": "http://127.0.0.1:8000/",
        },
        "compte": compte,
        **autres,
    }
    return services.programmer(**parametres)


def test_un_nom_sur_plusieurs_lignes_tient_sur_une_seule_dans_l_en_tete() -> None:
    assert une_ligne("CPTS du Pilat\r\nBcc: pirate@exemple.fr") == "CPTS du Pilat Bcc: pirate@exemple.fr"
    assert "\n" not in destinataire("Claire\nBcc: x@exemple.fr", "claire@exemple.fr")


@pytest.mark.parametrize("adresse", ["", "sans-arobase", "claire@exemple.fr\r\nBcc: x@exemple.fr"])
def test_une_adresse_invalide_est_refusee_en_francais(adresse: str) -> None:
    with pytest.raises(ValidationError, match="Adresse de courriel"):
        destinataire("Claire", adresse)


def test_un_destinataire_desabonne_laisse_une_ligne_non_envoyee_qui_dit_pourquoi(travailleur: object) -> None:
    compte = UtilisateurFactory()
    Desabonnement.objects.create(utilisateur=compte, type=TypeCourriel.DECISION_ENREGISTREE)
    courriel = programmer(compte)
    assert courriel.statut == StatutCourriel.NON_ENVOYE
    assert courriel.derniere_erreur == "Le destinataire s'est désabonné de ces courriels."
    assert travailleur.tour() == 0


def test_une_invitation_part_vers_une_adresse_sans_compte_et_sans_lien_de_desabonnement(
    smtp: object, travailleur: object
) -> None:
    programmer(type_courriel=TypeCourriel.INVITATION, nom="Léa Invitée", adresse="lea@exemple.fr")
    travailleur.tour()
    (message,) = smtp.pour("lea@exemple.fr")
    assert message["List-Unsubscribe"] is None


def test_apres_cinq_echecs_le_courriel_est_abandonne_et_le_journal_le_dit(smtp: object, travailleur: object) -> None:
    smtp.arreter()
    courriel = programmer(UtilisateurFactory())
    maintenant = timezone.now()
    for _ in range(envoi.TENTATIVES_MAXIMUM):
        maintenant += datetime.timedelta(hours=3)
        travailleur.tour(maintenant)
    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tentatives) == (StatutCourriel.ABANDONNE, 5)
    assert courriel.prochain_essai is None
    assert travailleur.tour(maintenant + datetime.timedelta(days=1)) == 0


def test_les_essais_s_espacent_de_une_a_cent_vingt_cinq_minutes() -> None:
    assert [envoi.delai_avant_essai(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 5, 25, 125]


def test_le_journal_efface_les_courriels_de_plus_d_un_an() -> None:
    ancien, recent = programmer(cle="ancien"), programmer(cle="recent")
    Courriel.objects.filter(pk=ancien.pk).update(cree_le=timezone.now() - datetime.timedelta(days=366))
    assert services.purger(timezone.now()) == 1
    assert list(Courriel.objects.all()) == [recent]


@pytest.mark.parametrize(
    ("maintenant", "creneau"),
    [
        # Un mercredi d'hiver (UTC+1) et un dimanche d'été (UTC+2) : le lundi 7 h de leur semaine, heure de Paris.
        (datetime.datetime(2026, 1, 14, 12, 0, tzinfo=datetime.UTC), datetime.datetime(2026, 1, 12, 6, 0)),
        (datetime.datetime(2026, 7, 5, 21, 0, tzinfo=datetime.UTC), datetime.datetime(2026, 6, 29, 5, 0)),
    ],
)
def test_le_creneau_de_la_semaine_est_le_lundi_a_sept_heures_de_paris(
    maintenant: datetime.datetime, creneau: datetime.datetime
) -> None:
    travail = calendrier.Hebdomadaire("essai", jour=0, heure=datetime.time(7), programmer=lambda jour: None)
    assert travail.creneau(maintenant).astimezone(datetime.UTC).replace(tzinfo=None) == creneau
