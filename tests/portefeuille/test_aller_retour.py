"""Exporter une région, l'importer dans une base vide, l'exporter de nouveau : le même fichier, octet pour octet."""

import datetime
from collections.abc import Callable

import pytest
from django.db import transaction

from cpts.contrats.models import Contrat
from cpts.dossiers.models import Cpts
from cpts.pilotage.tableaux import etat_des_lieux
from cpts.portefeuille import export
from cpts.portefeuille.importation import importer
from cpts.portefeuille.rapport import CREEE
from tests.comptes.factories import UtilisateurFactory

# La démonstration y est chargée puis retirée : ce module ne lit pas la démonstration partagée (son voisin
# `test_reimport.py` la lit), il la veut vide avant et après.
pytestmark = [pytest.mark.usefixtures("communes"), pytest.mark.long]


def test_la_demonstration_exportee_puis_importee_dans_une_base_vide_redonne_le_meme_fichier(
    charger_la_demo: Callable[[], None],
) -> None:
    vide = transaction.savepoint()
    charger_la_demo()
    premier = export.contenu("84", "csv")
    signatures = sorted(Contrat.objects.filter(cpts__region="84").values_list("cpts__nom", "signature"))
    transaction.savepoint_rollback(vide)
    assert not Cpts.objects.exists()

    agent = UtilisateurFactory(agent_ars_region=True)
    rapport = importer("portefeuille-84.csv", premier, "84", agent)

    assert [ligne for ligne in rapport.lignes if ligne.statut != CREEE] == []
    assert rapport.nombre(CREEE) == 96
    assert export.contenu("84", "csv") == premier
    # Les contrats renouvelés par la démonstration reviennent avec le contrat qu'ils renouvellent.
    assert len(signatures) > Cpts.objects.filter(contrats__isnull=False).distinct().count()
    assert sorted(Contrat.objects.values_list("cpts__nom", "signature")) == signatures
    assert etat_des_lieux("84", datetime.date(2021, 6, 1)).total.total == 96
