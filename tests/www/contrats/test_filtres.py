"""Les alertes et les versements à venir se filtrent par CPTS, par département choisi par son nom, par objet et par
niveau ; une liste vide dit que le filtre n'a rien trouvé."""

import datetime
import html

import pytest
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cpts.territoires.models import Departement
from cpts.territoires.version import nouvelle_version
from cpts.www.contrats.filtres import (
    FiltresAlertes,
    FiltresContrats,
    FiltresListeContrats,
    ListeFixe,
    choix_des_departements,
)
from cpts.www.formulaires import ListeDeroulante
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory
from tests.www.templatetags.test_cpts_listes import sans_espaces

pytestmark = pytest.mark.usefixtures("communes")

SOCLES = dict.fromkeys(["acces", "parcours", "prevention", "crise"])


@pytest.fixture
def agent(client: Client) -> object:
    agent = UtilisateurFactory(agent_ars_region=True)
    client.force_login(agent)
    return agent


def _page(client: Client, url: str, **parametres: str) -> str:
    reponse = client.get(url, parametres)
    assert reponse.status_code == 200
    return html.unescape(reponse.content.decode())


def test_les_alertes_se_filtrent_par_nom_de_cpts(client: Client, agent: object) -> None:
    gardee = ContratFactory(cpts__nom="Monts du Lyonnais", missions=SOCLES)
    ContratFactory(cpts__nom="Vercors", missions=SOCLES)
    contenu = _page(client, reverse("contrats:alertes"), cpts="lyonnais")
    assert gardee.cpts.nom in contenu
    assert "Vercors" not in contenu


def test_les_alertes_se_filtrent_par_departement_choisi_par_son_nom(client: Client, agent: object) -> None:
    ContratFactory(cpts__nom="Monts du Lyonnais", missions=SOCLES)
    ContratFactory(cpts__nom="Vercors", cpts__departement="38", missions=SOCLES)
    contenu = _page(client, reverse("contrats:alertes"), departement="38")
    assert '<option value="38" selected>Isère (38)</option>' in contenu
    assert "Vercors" in contenu
    assert "Monts du Lyonnais" not in contenu


def test_un_filtre_d_alertes_qui_ne_trouve_rien_le_dit(client: Client, agent: object) -> None:
    ContratFactory(missions=SOCLES)
    contenu = _page(client, reverse("contrats:alertes"), type="trop_percu")
    assert "Aucune alerte ne correspond à ces filtres." in contenu


def test_les_versements_a_venir_se_filtrent_et_l_export_garde_le_filtre(client: Client, agent: object) -> None:
    signature = timezone.localdate() - datetime.timedelta(days=10)
    ContratFactory(cpts__nom="Monts du Lyonnais", signature=signature, missions=SOCLES)
    ContratFactory(cpts__nom="Vercors", signature=signature, missions=SOCLES)
    contenu = _page(client, reverse("contrats:versements"), jours="30", cpts="vercors")
    assert "Vercors" in contenu
    assert "Monts du Lyonnais" not in contenu
    assert "format=csv&cpts=vercors" in contenu
    export = client.get(reverse("contrats:versements"), {"jours": "30", "format": "csv", "cpts": "vercors"})
    assert "Monts du Lyonnais" not in export.content.decode("utf-8-sig")


def test_la_liste_des_contrats_se_trie_se_filtre_et_nomme_le_departement(client: Client, agent: object) -> None:
    ContratFactory(cpts__nom="Aubrac", signature=datetime.date(2022, 1, 10))
    ContratFactory(cpts__nom="Vercors", cpts__departement="38", signature=datetime.date(2023, 5, 2))
    contenu = _page(client, reverse("contrats:liste"), tri="-signature")
    assert contenu.index("Vercors") < contenu.index("Aubrac")
    assert "<td>Isère</td>" in contenu
    contenu = _page(client, reverse("contrats:liste"), departement="01")
    assert "Aucun contrat ne correspond à ces filtres." in contenu


def test_les_departements_des_filtres_suivent_un_import_des_communes(client: Client, agent: object) -> None:
    ContratFactory(missions=SOCLES)
    assert '<option value="38">Isère (38)</option>' in _page(client, reverse("contrats:alertes"))
    # Ce que fait l'import des communes : les départements réécrits, la version du référentiel changée avec eux.
    Departement.objects.filter(code="38").update(nom="Isère renommée")
    nouvelle_version()
    for url in (reverse("contrats:alertes"), reverse("contrats:versements")):
        contenu = _page(client, url)
        assert '<option value="38">Isère renommée (38)</option>' in contenu
        assert "Isère (38)" not in contenu


@pytest.mark.parametrize("valeur", ["", "38", "2A", "inconnu", None])
def test_la_liste_des_departements_ecrite_d_avance_est_celle_de_la_liste_deroulante(valeur: str | None) -> None:
    choix = choix_des_departements()
    attendu = ListeDeroulante(attrs={"class": "fr-select"}, choices=list(choix)).render("departement", valeur)
    assert ListeFixe(attrs={"class": "fr-select"}, choices=choix).render("departement", valeur) == attendu


# La boucle du gabarit des filtres d'avant, telle qu'elle était écrite.
BOUCLE_DES_CHAMPS = """{% for champ in filtres %}
  <div class="fr-col-12 fr-col-md-3">{% include "www/champ.html" with champ=champ %}</div>
{% endfor %}"""


@pytest.mark.parametrize("classe", [FiltresContrats, FiltresAlertes, FiltresListeContrats])
@pytest.mark.parametrize("donnees", [None, {"cpts": "l'Étang <b>", "departement": "38", "niveau": "en_retard"}])
def test_les_champs_des_filtres_sont_ceux_de_la_boucle_du_gabarit_d_avant(
    classe: type[FiltresContrats], donnees: dict[str, str] | None
) -> None:
    attendu = engines["django"].from_string(BOUCLE_DES_CHAMPS).render({"filtres": classe(donnees)})
    for _ in range(2):  # rendus, puis gardés
        assert sans_espaces(classe(donnees).champs) == sans_espaces(attendu)
