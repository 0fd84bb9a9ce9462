"""Un travail de fond : lancé une fois par événement, exécuté une fois, son échec gardé en français."""

from typing import Any

import pytest

from cpts.travaux import services
from cpts.travaux.models import StatutTravail, Travail
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


def compter(travail: Travail) -> dict[str, Any]:
    """Un vrai travail, minuscule : il écrit dans la base et rend ce qu'il a fait."""
    Travail.objects.filter(pk=travail.pk).update(parametres={**travail.parametres, "passages": 1})
    return {"lignes": len(bytes(travail.fichier).splitlines())}


def echouer(travail: Travail) -> dict[str, Any]:
    raise RuntimeError("base indisponible")


def creer() -> Travail:
    return Travail.objects.create(cle="essai:1", genre="essai", demandeur=UtilisateurFactory(), fichier=b"a\nb\n")


def test_un_travail_fait_garde_son_resultat_et_efface_le_fichier_envoye() -> None:
    travail = creer()
    assert services.executer(travail.pk, compter) == StatutTravail.TERMINE
    travail.refresh_from_db()
    assert (travail.resultat, bytes(travail.fichier)) == ({"lignes": 2}, b"")
    assert travail.commence_le is not None
    assert travail.fini_le is not None


def test_une_tache_rejouee_ne_refait_pas_le_travail() -> None:
    travail = creer()
    services.executer(travail.pk, compter)
    Travail.objects.filter(pk=travail.pk).update(parametres={})
    assert services.executer(travail.pk, compter) == StatutTravail.TERMINE
    assert Travail.objects.get(pk=travail.pk).parametres == {}


def test_un_echec_imprevu_est_garde_en_francais_pour_la_page_de_suivi() -> None:
    travail = creer()
    assert services.executer(travail.pk, echouer) == StatutTravail.ECHEC
    travail.refresh_from_db()
    assert travail.erreur.startswith("Le travail a échoué sur une erreur imprévue")
    assert "base indisponible" not in travail.erreur
