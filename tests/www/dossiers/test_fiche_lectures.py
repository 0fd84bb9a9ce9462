"""La fiche d'une CPTS passe à ses contrôles de complétude les dépôts et le territoire qu'elle vient de lire
(`cpts.dossiers.etapes.Lu`) : les contrôles affichés sont exactement ceux que les gardes des décisions rendent en
relisant la base, quelles que soient les versions déposées. Ses autres lectures sont reprises de même (les contrats,
pour la rectification), et son formulaire de décision vierge, gardé par processus, suit chaque écriture qui le
change."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cpts.dossiers import suivi
from cpts.dossiers.enums import Etape, MissionAci, TransitionEtape, TypeDocument
from cpts.dossiers.models import Cpts
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory
from tests.dossiers import factories, parcours
from tests.territoires.factories import TerritoireFactory
from tests.www.test_requetes_constantes import requetes

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


# Le formulaire de décision vierge est rendu une fois par processus pour ce qu'il montre : les décisions possibles,
# les CPTS absorbantes (lues à chaque affichage) et la date du jour. Chaque changement de l'un d'eux se voit à
# l'affichage suivant.


def _absorbantes(client: Client, cpts: Cpts) -> str:
    page = client.get(reverse("dossiers:detail", args=[cpts.pk])).content.decode()
    debut = page.index('name="cpts_absorbante"')
    return page[debut : page.index("</select>", debut)]


def test_le_formulaire_de_decision_suit_les_cpts_ouvertes_ecrites_entre_deux_affichages(
    client: Client, agent: object
) -> None:
    cpts, voisine = factories.CptsFactory(), factories.CptsFactory(nom="CPTS du Val")
    fermee = factories.CptsFactory(nom="CPTS bientôt fermée")
    client.force_login(agent)
    assert "CPTS du Val" in _absorbantes(client, cpts)
    assert "CPTS bientôt fermée" in _absorbantes(client, cpts)
    voisine.nom = "CPTS du Val & des Monts"
    voisine.save()
    fermee.etape = Etape.ABANDONNE
    fermee.save()
    factories.CptsFactory(nom="CPTS nouvelle")
    factories.CptsFactory(nom="CPTS abandonnée", etape=Etape.ABANDONNE)
    factories.CptsFactory(nom="CPTS d'une autre région", hors_region=True)
    liste = _absorbantes(client, cpts)
    assert "CPTS du Val &amp; des Monts" in liste
    assert "CPTS nouvelle" in liste
    assert "abandonnée" not in liste
    assert "bientôt fermée" not in liste
    assert "autre région" not in liste
    assert cpts.nom not in liste


def test_le_formulaire_de_decision_suit_l_etape_de_la_cpts(client: Client, agent: object) -> None:
    cpts = factories.CptsFactory(etape=Etape.LETTRE_INTENTION)
    client.force_login(agent)
    chemin = reverse("dossiers:detail", args=[cpts.pk])
    assert "Validation du pré-projet" in client.get(chemin).content.decode()
    cpts.etape = Etape.PROJET_SANTE_VALIDE
    cpts.save()
    page = client.get(chemin).content.decode()
    assert "Validation du pré-projet" not in page
    assert "Signature du contrat ACI" in page


def test_le_formulaire_de_decision_porte_la_date_du_jour_de_chaque_affichage(client: Client, agent: object) -> None:
    cpts = factories.CptsFactory()
    client.force_login(agent)
    chemin = reverse("dossiers:detail", args=[cpts.pk])
    for jour in (datetime.date(2026, 3, 30), datetime.date(2026, 3, 31)):
        with time_machine.travel(datetime.datetime.combine(jour, datetime.time(12)), tick=False):
            page = client.get(chemin).content.decode()
        assert f'name="date" value="{jour:%d/%m/%Y}"' in page


def test_la_fiche_d_une_cpts_d_une_autre_region_est_introuvable_pour_un_agent(client: Client, agent: object) -> None:
    ailleurs = factories.CptsFactory(hors_region=True)
    client.force_login(agent)
    assert client.get(reverse("dossiers:detail", args=[ailleurs.pk])).status_code == 404
    assert client.get(reverse("dossiers:detail", args=[ailleurs.pk + 1000])).status_code == 404


def test_la_fiche_ne_relit_pas_les_contrats_pour_dire_qu_une_signature_ne_se_rectifie_pas(
    client: Client, agent: object
) -> None:
    contrat = ContratFactory()
    factories.DecisionFactory(cpts=contrat.cpts)
    client.force_login(agent)
    chemin = reverse("dossiers:detail", args=[contrat.cpts.pk])
    avant = requetes(client, chemin)
    assert "Rectifier cette décision" in client.get(chemin).content.decode()
    factories.DecisionFactory(
        cpts=contrat.cpts,
        transition=TransitionEtape.SIGNER_CONTRAT,
        etape_avant=Etape.PROJET_SANTE_VALIDE,
        etape_apres=Etape.CONTRAT_SIGNE,
        date=datetime.date(2022, 6, 15),
    )
    assert requetes(client, chemin) == avant
    assert "Rectifier cette décision" not in client.get(chemin).content.decode()
