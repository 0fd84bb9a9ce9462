"""Un travail dont le travailleur s'arrête net (kill -9, mémoire épuisée) ne reste pas « en cours » pour toujours :
muet depuis `TRAVAUX_SILENCE_MAX` secondes, il passe en échec, et celui qui l'a demandé le lit en français. Le
travailleur tué pour de vrai : tests/notifications/test_commande.py."""

import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cpts.notifications.taches import purger_le_journal
from cpts.portefeuille.travaux import GENRE
from cpts.travaux import avancement, battement, services
from cpts.travaux.models import StatutTravail, Travail
from tests.comptes.factories import UtilisateurFactory
from tests.travaux.taches import lire_son_signe_de_vie

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dossier_des_donnees(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def en_cours_depuis(minutes: int, genre: str = "essai", demandeur: object | None = None) -> Travail:
    """Un travail que son travailleur a commencé il y a `minutes` minutes, puis laissé là (arrêté net)."""
    return Travail.objects.create(
        cle=f"{genre}:{minutes}",
        genre=genre,
        demandeur=demandeur or UtilisateurFactory(),
        parametres={"region": "84", "empreinte": "abc"},
        fichier=b"a;b\n",
        statut=StatutTravail.EN_COURS,
        commence_le=timezone.now() - timedelta(minutes=minutes),
    )


def test_un_travail_muet_depuis_le_delai_passe_en_echec_et_le_dit_en_francais() -> None:
    travail = en_cours_depuis(minutes=3)
    avancement.suiveur(travail.pk)(5, 10)

    assert services.constater_abandons() == [travail.pk]

    travail.refresh_from_db()
    assert travail.statut == StatutTravail.ECHEC
    assert travail.erreur.startswith("Le travail s'est interrompu : le travailleur de fond s'est arrêté")
    assert "Rien n'a été écrit : relancez-le" in travail.erreur
    assert (bytes(travail.fichier), travail.fini_le is not None, avancement.lire(travail.pk)) == (b"", True, None)


def test_un_travail_commence_depuis_moins_que_le_delai_reste_en_cours() -> None:
    travail = en_cours_depuis(minutes=1)
    assert services.constater_abandons() == []
    assert Travail.objects.get(pk=travail.pk).statut == StatutTravail.EN_COURS


def test_un_long_travail_qui_donne_signe_de_vie_reste_en_cours() -> None:
    travail = en_cours_depuis(minutes=30)
    with battement.battre(travail.pk):
        assert services.constater_abandons() == []
    assert Travail.objects.get(pk=travail.pk).statut == StatutTravail.EN_COURS


def test_le_delai_se_compte_depuis_le_dernier_signe_de_vie() -> None:
    travail = en_cours_depuis(minutes=30)
    with battement.battre(travail.pk):
        dans_trois_minutes = timezone.now() + timedelta(minutes=3)
        assert services.constater_abandons(dans_trois_minutes) == [travail.pk]


def test_le_travailleur_donne_signe_de_vie_pendant_le_travail_puis_l_efface(settings: Any) -> None:
    settings.TRAVAUX_SILENCE_MAX = 0.6  # un signe tous les dixièmes de seconde
    travail = Travail.objects.create(cle="essai:long", genre="essai", demandeur=UtilisateurFactory())
    signes = []

    def travailler_une_demi_seconde(travail: Travail) -> dict[str, Any]:
        signes.append(battement.dernier_signe(travail.pk))
        time.sleep(0.5)
        signes.append(battement.dernier_signe(travail.pk))
        return {}

    assert services.executer(travail.pk, travailler_une_demi_seconde) == StatutTravail.TERMINE
    assert None not in signes
    assert signes[1] > signes[0]
    assert battement.dernier_signe(travail.pk) is None


def test_un_travail_fini_n_est_jamais_declare_abandonne() -> None:
    travail = en_cours_depuis(minutes=30)
    Travail.objects.filter(pk=travail.pk).update(statut=StatutTravail.TERMINE)
    assert services.constater_abandons() == []
    assert Travail.objects.get(pk=travail.pk).erreur == ""


def test_la_page_de_suivi_dit_l_abandon_a_l_agent_qui_a_demande_l_import(client: Client) -> None:
    agent = UtilisateurFactory(agent_ars_region=True)
    travail = en_cours_depuis(minutes=3, genre=GENRE, demandeur=agent)
    client.force_login(agent)

    contenu = client.get(reverse("portefeuille:suivi", args=[travail.pk])).content.decode()

    assert "Le travail s&#x27;est interrompu : le travailleur de fond s&#x27;est arrêté" in contenu
    assert "se met à jour seule" not in contenu
    assert Travail.objects.get(pk=travail.pk).statut == StatutTravail.ECHEC


def test_chaque_tour_du_travailleur_constate_les_abandons(travailleur: Any) -> None:
    travail = en_cours_depuis(minutes=3)
    travailleur.tour()
    assert Travail.objects.get(pk=travail.pk).statut == StatutTravail.ECHEC


def tache_en_cours_depuis(minutes: int) -> DBTaskResult:
    """Une tâche de la file qu'un travailleur a prise il y a `minutes` minutes, puis laissée là (arrêté net)."""
    tache = DBTaskResult.objects.get(id=purger_le_journal.enqueue().id)
    tache.claim("travailleur-tue")
    DBTaskResult.objects.filter(id=tache.id).update(started_at=timezone.now() - timedelta(minutes=minutes))
    return tache


def test_une_tache_de_la_file_muette_depuis_le_delai_passe_en_echec_au_tour_du_travailleur(travailleur: Any) -> None:
    tache = tache_en_cours_depuis(minutes=3)
    travailleur.tour()
    tache.refresh_from_db()
    assert tache.status == TaskResultStatus.FAILED
    assert tache.exception_class_path == "cpts.travaux.services.TravailleurArrete"
    assert "Le travailleur de fond s'est arrêté pendant cette tâche" in tache.traceback


def test_une_tache_dont_le_travailleur_donne_signe_de_vie_reste_en_cours(travailleur: Any) -> None:
    tache = tache_en_cours_depuis(minutes=30)
    with battement.battre_tache(tache.id):
        travailleur.tour()
    tache.refresh_from_db()
    assert tache.status == TaskResultStatus.RUNNING


def test_le_travailleur_donne_signe_de_vie_pendant_chaque_tache_puis_l_efface(travailleur: Any) -> None:
    resultat = lire_son_signe_de_vie.enqueue()
    assert travailleur.tour() == 1
    tache = DBTaskResult.objects.get(id=resultat.id)
    assert tache.status == TaskResultStatus.SUCCESSFUL
    assert tache.return_value is not None
    assert battement.dernier_signe_de_tache(tache.id) is None
