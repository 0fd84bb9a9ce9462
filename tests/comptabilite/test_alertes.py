"""Les alertes de l'emploi des fonds, parmi celles du contrat : comptes non déposés passé le délai, réserves
au-delà du seuil, indemnités d'un membre au-delà du plafond."""

import datetime
from decimal import Decimal

import pytest

from cpts.contrats.alertes import alertes_du_contrat
from cpts.contrats.enums import Niveau, TypeAlerte
from tests.comptabilite.factories import ExerciceFactory, IndemniteFactory
from tests.contrats.factories import ContratFactory

pytestmark = pytest.mark.django_db
LE = datetime.date(2026, 11, 16)


def _fonds(contrat: object, le: datetime.date = LE) -> list[tuple[str, str, str]]:
    types = {TypeAlerte.COMPTES, TypeAlerte.RESERVES, TypeAlerte.INDEMNITES}
    return [(a.type, a.niveau, a.message) for a in alertes_du_contrat(contrat, le) if a.type in types]


def test_les_comptes_d_un_exercice_non_deposes_six_mois_apres_la_cloture_sont_en_retard() -> None:
    contrat = ContratFactory(signature=datetime.date(2024, 6, 15))
    ExerciceFactory(cpts=contrat.cpts, annee=2024, depose=True)

    assert _fonds(contrat) == [
        (
            TypeAlerte.COMPTES,
            Niveau.EN_RETARD,
            "Comptes 2025 non déposés : attendus au plus tard le 30/06/2026 (6 mois après la clôture).",
        )
    ]
    assert _fonds(contrat, datetime.date(2026, 6, 30)) == []


def test_des_reserves_au_dela_de_six_mois_de_charges_sont_signalees() -> None:
    contrat = ContratFactory(signature=datetime.date(2025, 1, 15))
    ExerciceFactory(cpts=contrat.cpts, annee=2025, depose=True, reserves_ouverture=Decimal("20000.00"))

    ((type_, _, message),) = _fonds(contrat)

    assert type_ == TypeAlerte.RESERVES
    assert message == (
        "Réserves à la clôture 2025 : 50\u202f000 €, plus de 6 mois de charges (80\u202f000 € dans l'année)."
    )


def test_une_indemnite_au_dela_du_plafond_est_signalee_sans_nommer_le_membre() -> None:
    contrat = ContratFactory(signature=datetime.date(2025, 1, 15))
    exercice = ExerciceFactory(cpts=contrat.cpts, annee=2025, depose=True)
    IndemniteFactory(exercice=exercice, beneficiaire="Dr Dupont", montant=Decimal("47100.01"))
    IndemniteFactory(exercice=exercice, beneficiaire="Dr Durand", montant=Decimal("47100.00"))

    ((type_, niveau, message),) = _fonds(contrat)

    assert (type_, niveau) == (TypeAlerte.INDEMNITES, Niveau.EN_RETARD)
    assert "Dupont" not in message
    assert message == (
        "Indemnités 2025 : un membre a reçu 47\u202f100,01 €, au-delà du plafond annuel de 47\u202f100 €."
    )
