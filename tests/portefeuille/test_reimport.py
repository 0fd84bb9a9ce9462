"""Réimporter le portefeuille exporté d'une région ne change rien."""

import pytest

from cpts.dossiers.models import Cpts, DecisionEtape
from cpts.portefeuille import export
from cpts.portefeuille.importation import importer
from cpts.portefeuille.rapport import INCHANGEE
from cpts.territoires.models import Territoire
from tests.comptes.factories import UtilisateurFactory

# La démonstration partagée (fixture `demo`), chargée une fois pour tous les modules qui la lisent ; ce test la
# chargeait pour lui seul.
pytestmark = pytest.mark.usefixtures("communes", "demo")


def test_reimporter_le_meme_fichier_ne_change_rien() -> None:
    contenu = export.contenu("84", "xlsx")
    agent = UtilisateurFactory(agent_ars_region=True)
    versions = (Cpts.historique.count(), DecisionEtape.objects.count(), Territoire.objects.count())

    rapport = importer("portefeuille-84.xlsx", contenu, "84", agent)

    assert rapport.nombre(INCHANGEE) == 96
    assert rapport.ecrit
    assert (Cpts.historique.count(), DecisionEtape.objects.count(), Territoire.objects.count()) == versions
