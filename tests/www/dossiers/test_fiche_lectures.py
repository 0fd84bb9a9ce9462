"""La fiche d'une CPTS passe à ses contrôles de complétude les dépôts et le territoire qu'elle vient de lire
(`cpts.dossiers.etapes.Lu`) : les contrôles affichés sont exactement ceux que les gardes des décisions rendent en
relisant la base, quelles que soient les versions déposées."""

import pytest
from django.test import Client
from django.urls import reverse

from cpts.dossiers import suivi
from cpts.dossiers.enums import Etape, MissionAci, TypeDocument
from cpts.dossiers.models import Cpts
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories, parcours
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


def _versions_successives(agent: object) -> Cpts:
    """Un projet de santé complet puis redéposé incomplet, deux fiches action, deux
    budgets, et un territoire de moins de 15 000 habitants : la dernière version de chaque document compte."""
    cpts = factories.CptsFactory(avec_association=True, etape=Etape.PROJET_SANTE_DEPOSE)
    parcours.equipe_pluriprofessionnelle(cpts)
    TerritoireFactory(cpts=cpts, communes=["69014"])
    parcours.depot_direct(cpts, TypeDocument.PROJET_SANTE, factories.valeurs_projet_sante(), agent)
    parcours.depot_direct(cpts, TypeDocument.PROJET_SANTE, {}, agent)
    parcours.depot_direct(cpts, TypeDocument.FICHE_ACTION, factories.valeurs_fiche(MissionAci.ACCES), agent)
    parcours.depot_direct(cpts, TypeDocument.FICHE_ACTION, factories.valeurs_fiche(MissionAci.PARCOURS), agent)
    for _ in range(2):
        parcours.depot_direct(cpts, TypeDocument.BUDGET, factories.valeurs_budget(), agent)
    return cpts


DOSSIERS = {
    "dossier complet": lambda agent: parcours.dossier_complet(agent, etape=Etape.PROJET_SANTE_DEPOSE),
    "versions successives": _versions_successives,
    "projet naissant, sans dépôt ni territoire": lambda agent: factories.CptsFactory(),
    "pré-projet déposé": lambda agent: parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION),
}


@pytest.mark.parametrize("dossier", DOSSIERS.values(), ids=DOSSIERS.keys())
def test_les_controles_de_la_fiche_sont_ceux_des_gardes_qui_relisent_la_base(
    client: Client, agent: object, dossier: object
) -> None:
    cpts = dossier(agent)  # type: ignore[operator]
    client.force_login(agent)
    reponse = client.get(reverse("dossiers:detail", args=[cpts.pk]))
    assert reponse.status_code == 200
    assert reponse.context["controles"] == suivi.controles(Cpts.objects.get(pk=cpts.pk), agent)


def test_les_versions_successives_donnent_des_controles_remplis_a_completer_et_des_conseils(agent: object) -> None:
    """Le test d'égalité ci-dessus compare quelque chose : chaque sorte de contrôle y paraît."""
    controles = suivi.controles(_versions_successives(agent), agent)
    assert any(controle.rempli for controle in controles)
    assert any(not controle.rempli and not controle.conseil for controle in controles)
    assert any(controle.conseil for controle in controles)
