"""Deux agents enregistrent le même versement au même moment : exactement un réussit (PostgreSQL, deux connexions).

Sur SQLite, la base n'écrit qu'une transaction à la fois : le cas ne se pose pas, le test est sauté."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cpts.contrats import paiements
from cpts.contrats.models import Paiement
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import SIGNATURE, ContratFactory
from tests.simultane import en_meme_temps

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="la concurrence se vérifie sur PostgreSQL"),
]

AVANCE = {"annee": 1, "mission": "fonctionnement", "volet": "fixe", "nature": "avance", "date": SIGNATURE}


def payer_en_meme_temps(*appels: dict) -> list[object]:
    """Chaque agent enregistre son versement sur le même contrat, tous au même signal ; rend versement ou refus."""
    contrat = ContratFactory()
    agents = [UtilisateurFactory(agent_cpam_departement=True) for _ in appels]

    def payer(rang: int) -> Callable[[Callable[[], object]], Paiement]:
        def tache(attendre: Callable[[], object]) -> Paiement:
            attendre()
            return paiements.enregistrer_paiement(contrat, agents[rang], **AVANCE, **appels[rang])

        return tache

    return en_meme_temps(*(payer(rang) for rang in range(len(appels))))


def test_deux_agents_qui_paient_la_meme_ligne_en_meme_temps_un_seul_reussit() -> None:
    resultats = payer_en_meme_temps(
        {"montant": "45000", "reference": "VIR-A"}, {"montant": "45000", "reference": "VIR-B"}
    )
    reussis = [r for r in resultats if isinstance(r, Paiement)]
    refus = [r for r in resultats if isinstance(r, ValidationError)]
    assert (len(reussis), len(refus)) == (1, 1)
    assert "déjà entièrement payé" in " ".join(refus[0].messages)
    assert sum(p.montant for p in Paiement.objects.all()) == Decimal("45000.00")


def test_deux_agents_qui_enregistrent_la_meme_reference_en_meme_temps_un_seul_reussit() -> None:
    resultats = payer_en_meme_temps(
        {"montant": "20000", "reference": "VIR-X"}, {"montant": "20000", "reference": "VIR-X"}
    )
    assert sorted(type(r).__name__ for r in resultats) == ["Paiement", "ValidationError"]
    assert Paiement.objects.count() == 1
