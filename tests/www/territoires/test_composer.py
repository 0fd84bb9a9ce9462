import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cpts.territoires.enregistrement import territoire_en_cours
from cpts.territoires.models import Commune
from cpts.territoires.version import nouvelle_version
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")

HTMX = {"HTTP_HX_REQUEST": "true"}
LYON, VILLEURBANNE = "69123", "69266"


@pytest.fixture
def agent(client: Client) -> Client:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    return client


def ajouter(client: Client, *codes: str, url: str = "territoires:ajouter", args: tuple = ()) -> str:
    contenu = ""
    for code in codes:
        contenu = client.post(reverse(url, args=args), {"code": code}, **HTMX).content.decode()
    return contenu


def test_la_recherche_trouve_une_commune_sans_les_accents(agent: Client) -> None:
    contenu = agent.get(reverse("territoires:recherche"), {"q": "saint-etienne"}, **HTMX).content.decode()
    assert "Saint-Étienne (42218)" in contenu


def test_la_recherche_par_debut_de_code_insee_trouve_la_commune(agent: Client) -> None:
    assert "Villeurbanne (69266)" in agent.get(reverse("territoires:recherche"), {"q": "6926"}).content.decode()


def test_la_recherche_propose_les_epci(agent: Client) -> None:
    contenu = agent.get(reverse("territoires:recherche"), {"q": "Métropole de Lyon"}).content.decode()
    assert "Toutes les communes de Métropole de Lyon (EPCI)" in contenu


def test_ajouter_une_commune_renvoie_le_resume_a_jour(agent: Client) -> None:
    contenu = ajouter(agent, LYON, VILLEURBANNE)
    assert "682\u202f811 habitants" in contenu
    assert "Taille 4" in contenu


def test_retirer_une_commune_la_sort_du_resume(agent: Client) -> None:
    ajouter(agent, LYON, VILLEURBANNE)
    contenu = agent.post(reverse("territoires:retirer"), {"code": LYON}, **HTMX).content.decode()
    assert "163\u202f684 habitants" in contenu.split('id="resume-population"')[1].split("</dd>")[0]
    assert f'<tr id="ligne-commune-{LYON}" hx-swap-oob="delete">' in contenu


def test_ajouter_une_commune_a_un_tableau_non_vide_ne_rend_que_sa_ligne_apres_celle_qui_la_precede(
    agent: Client,
) -> None:
    ajouter(agent, VILLEURBANNE, LYON)
    reponse = agent.post(reverse("territoires:ajouter"), {"code": "69029"}, **HTMX)
    contenu = reponse.content.decode()
    # La page garde sa composition (rien n'y est remplacé) : seuls la ligne de Bron, le résumé et les actions
    # arrivent, à leur place.
    assert reponse["HX-Reswap"] == "none"
    assert contenu.count('<tr id="ligne-commune-') == 1
    assert '<tbody hx-swap-oob="afterbegin:#communes-lignes">' in contenu
    assert '<tr id="ligne-commune-69029">' in contenu
    assert 'id="resume-communes">\n        3' in contenu
    suivante = agent.post(reverse("territoires:ajouter"), {"code": "69259"}, **HTMX).content.decode()
    assert '<tbody hx-swap-oob="afterend:#ligne-commune-69123">' in suivante


def test_le_fragment_d_un_ajout_ne_montre_aucun_commentaire_du_gabarit(agent: Client) -> None:
    contenu = ajouter(agent, VILLEURBANNE, LYON)
    assert "htmx ne remplace que ce qui change" not in contenu
    assert not contenu.lstrip().startswith("{#")


def test_les_communes_en_conflit_sont_listees_chacune_avec_la_cpts_qui_les_a(agent: Client) -> None:
    TerritoireFactory(cpts__nom="CPTS <Est> & Rhône", communes=[VILLEURBANNE])
    TerritoireFactory(cpts__nom="CPTS Presqu'île", communes=[LYON])
    contenu = ajouter(agent, "69029", VILLEURBANNE, LYON)
    assert (
        "<li>Lyon (69123) : CPTS Presqu&#x27;île</li><li>Villeurbanne (69266) : CPTS &lt;Est&gt; &amp; Rhône</li>"
        in contenu
    )


def test_ajouter_une_commune_deja_choisie_n_ajoute_aucune_ligne(agent: Client) -> None:
    contenu = ajouter(agent, LYON, VILLEURBANNE, LYON)
    assert '<tr id="ligne-commune-' not in contenu
    assert 'id="resume-communes">\n        2' in contenu


def test_retirer_la_derniere_commune_rend_le_tableau_vide_en_entier(agent: Client) -> None:
    ajouter(agent, LYON)
    reponse = agent.post(reverse("territoires:retirer"), {"code": LYON}, **HTMX)
    assert "HX-Reswap" not in reponse
    assert "Aucune commune pour l'instant." in reponse.content.decode()


def test_un_code_inconnu_est_refuse_en_francais(agent: Client) -> None:
    assert "Code INSEE inconnu : 99999." in ajouter(agent, "99999")


def test_ajouter_un_epci_ajoute_toutes_ses_communes(agent: Client) -> None:
    contenu = agent.post(reverse("territoires:ajouter_epci"), {"siren": "200046977"}, **HTMX).content.decode()
    assert "58 communes de Métropole de Lyon ajoutées." in contenu


def test_un_fichier_avec_une_mauvaise_ligne_n_ajoute_rien(agent: Client) -> None:
    fichier = io.BytesIO(b"69123\n99999\n")
    fichier.name = "communes.csv"
    contenu = agent.post(reverse("territoires:importer"), {"fichier": fichier}, **HTMX).content.decode()
    assert "Ligne 2 : code INSEE inconnu 99999." in contenu
    assert "Aucune commune pour l'instant." in contenu


def test_l_export_csv_est_pret_pour_excel_en_francais(agent: Client) -> None:
    ajouter(agent, VILLEURBANNE)
    reponse = agent.get(reverse("territoires:export", kwargs={"format": "csv"}))
    contenu = reponse.content.decode("utf-8")
    assert contenu.startswith("\ufeffCode INSEE;Commune;Département;Région;EPCI;Population municipale\r\n")
    assert "69266;Villeurbanne;69;84;Métropole de Lyon;" in contenu


def test_l_export_xlsx_contient_les_communes(agent: Client) -> None:
    ajouter(agent, VILLEURBANNE)
    reponse = agent.get(reverse("territoires:export", kwargs={"format": "xlsx"}))
    feuille = load_workbook(io.BytesIO(reponse.content)).active
    assert [cellule.value for cellule in feuille[2]][:2] == ["69266", "Villeurbanne"]


def test_l_export_geojson_donne_une_entite_par_commune(agent: Client) -> None:
    ajouter(agent, LYON, VILLEURBANNE)
    donnees = json.loads(agent.get(reverse("territoires:export", kwargs={"format": "geojson"})).content)
    assert sorted(e["properties"]["code"] for e in donnees["features"]) == [LYON, VILLEURBANNE]


def test_un_format_d_export_inconnu_repond_404(agent: Client) -> None:
    assert agent.get(reverse("territoires:export", kwargs={"format": "exe"})).status_code == 404


def test_la_carte_montre_les_conflits_et_les_autres_cpts(agent: Client) -> None:
    TerritoireFactory(cpts__nom="CPTS voisine", communes=[VILLEURBANNE, "69029"])
    ajouter(agent, LYON, VILLEURBANNE)
    couches = {
        (e["properties"].get("code"), e["properties"]["couche"])
        for e in json.loads(agent.get(reverse("territoires:carte")).content)["features"]
    }
    assert {(LYON, "choisie"), (VILLEURBANNE, "conflit"), ("69029", "autre_cpts"), ("69", "departement")} <= couches


def test_un_coordinateur_enregistre_le_territoire_de_sa_cpts(client: Client) -> None:
    cpts = CptsFactory()
    client.force_login(UtilisateurFactory(cpts=[cpts]))
    ajouter(client, VILLEURBANNE, url="territoires:ajouter_cpts", args=(cpts.pk,))
    reponse = client.post(reverse("territoires:enregistrer", args=[cpts.pk]), **HTMX)
    assert reponse.status_code == 204
    assert set(territoire_en_cours(cpts).unites.values_list("commune_id", flat=True)) == {VILLEURBANNE}


def test_un_conflit_empeche_l_enregistrement_avec_la_liste_des_communes(client: Client) -> None:
    TerritoireFactory(cpts__nom="CPTS voisine", communes=[VILLEURBANNE])
    cpts = CptsFactory()
    client.force_login(UtilisateurFactory(cpts=[cpts]))
    ajouter(client, VILLEURBANNE, url="territoires:ajouter_cpts", args=(cpts.pk,))
    contenu = client.post(reverse("territoires:enregistrer", args=[cpts.pk]), **HTMX).content.decode()
    assert "Villeurbanne (69266) appartient déjà au territoire de la CPTS CPTS voisine." in contenu
    assert territoire_en_cours(cpts) is None


def test_un_coordinateur_ne_compose_pas_le_territoire_d_une_autre_cpts(client: Client) -> None:
    client.force_login(UtilisateurFactory(cpts=[CptsFactory()]))
    autre = CptsFactory()
    # Hors de son périmètre, l'autre CPTS est introuvable, comme une CPTS qui n'existe pas.
    assert client.get(reverse("territoires:composer_cpts", args=[autre.pk])).status_code == 404
    assert client.post(reverse("territoires:enregistrer", args=[autre.pk])).status_code == 404


def test_un_lecteur_national_voit_mais_n_enregistre_pas(client: Client) -> None:
    cpts = CptsFactory()
    client.force_login(UtilisateurFactory())
    assert (
        "Enregistrer le territoire"
        not in client.get(reverse("territoires:composer_cpts", args=[cpts.pk])).content.decode()
    )
    assert client.post(reverse("territoires:enregistrer", args=[cpts.pk])).status_code == 403


def test_la_composition_d_une_cpts_part_de_son_territoire_en_cours(agent: Client) -> None:
    territoire = TerritoireFactory(communes=[VILLEURBANNE])
    contenu = agent.get(reverse("territoires:composer_cpts", args=[territoire.cpts.pk])).content.decode()
    assert "Villeurbanne" in contenu.split('id="communes-choisies"')[1]


def test_une_composition_qui_differe_du_territoire_enregistre_est_marquee_non_enregistree(agent: Client) -> None:
    territoire = TerritoireFactory(communes=[VILLEURBANNE])
    page = agent.get(reverse("territoires:composer_cpts", args=[territoire.cpts.pk])).content.decode()
    assert "Modifications non enregistrées" not in page
    contenu = ajouter(agent, LYON, url="territoires:ajouter_cpts", args=(territoire.cpts.pk,))
    assert '<p class="fr-badge fr-badge--warning" id="non-enregistre">Modifications non enregistrées</p>' in contenu


def test_revenir_au_territoire_enregistre_retire_la_marque(agent: Client) -> None:
    territoire = TerritoireFactory(communes=[VILLEURBANNE])
    ajouter(agent, LYON, url="territoires:ajouter_cpts", args=(territoire.cpts.pk,))
    contenu = agent.post(reverse("territoires:retirer_cpts", args=[territoire.cpts.pk]), {"code": LYON}, **HTMX)
    assert "Modifications non enregistrées" not in contenu.content.decode()


def test_le_retrait_est_annonce_par_le_nom_de_la_commune_dans_la_region_qui_reste_en_place(agent: Client) -> None:
    ajouter(agent, LYON, VILLEURBANNE)
    contenu = agent.post(reverse("territoires:retirer"), {"code": LYON}, **HTMX).content.decode()
    # htmx ne remplace que le texte de la région annoncée de la page, hors de la composition remplacée.
    assert '<p class="fr-sr-only" id="annonce" hx-swap-oob="innerHTML">Lyon retirée de la composition.</p>' in contenu
    page = agent.get(reverse("territoires:composer")).content.decode()
    assert page.count('id="annonce"') == 1
    assert page.index('id="annonce"') < page.index('id="composition"')


def test_la_recherche_annonce_le_nombre_de_resultats(agent: Client) -> None:
    contenu = agent.get(reverse("territoires:recherche"), {"q": "Métropole de Lyon"}, **HTMX).content.decode()
    assert "Aucune commune et 1 EPCI dans les résultats." in " ".join(contenu.split())


def test_tout_retirer_demande_une_confirmation_qui_compte_les_communes(agent: Client) -> None:
    contenu = ajouter(agent, LYON, VILLEURBANNE)
    assert 'hx-confirm="Retirer les 2 communes de la composition ?"' in contenu


def test_tout_retirer_une_seule_commune_le_dit_au_singulier(agent: Client) -> None:
    assert 'hx-confirm="Retirer la seule commune de la composition ?"' in ajouter(agent, LYON)


def test_retirer_une_commune_la_nomme_sans_relire_le_referentiel(agent: Client) -> None:
    ajouter(agent, LYON, VILLEURBANNE)
    with CaptureQueriesContext(connection) as requetes:
        contenu = agent.post(reverse("territoires:retirer"), {"code": LYON}, **HTMX).content.decode()
    assert "Lyon retirée de la composition." in contenu
    assert not any('FROM "territoires_commune"' in requete["sql"] for requete in requetes.captured_queries)


def test_retirer_une_commune_devenue_inactive_la_nomme_encore(agent: Client) -> None:
    ajouter(agent, LYON, VILLEURBANNE)
    Commune.objects.filter(code=VILLEURBANNE).update(active=False)
    nouvelle_version()  # ce que fait l'import qui l'a rendue inactive
    contenu = agent.post(reverse("territoires:retirer"), {"code": VILLEURBANNE}, **HTMX).content.decode()
    assert "Villeurbanne retirée de la composition." in contenu


def test_ajouter_une_commune_deja_choisie_ne_reecrit_pas_la_session(agent: Client) -> None:
    ajouter(agent, LYON, VILLEURBANNE)
    with CaptureQueriesContext(connection) as requetes:
        contenu = ajouter(agent, LYON)
    assert "Lyon ajoutée." in contenu
    assert not any(requete["sql"].startswith("UPDATE") for requete in requetes.captured_queries)


def test_ajouter_ou_retirer_une_commune_lit_les_versions_du_referentiel_et_du_deploiement_d_une_seule_requete(
    agent: Client,
) -> None:
    ajouter(agent, LYON, VILLEURBANNE)
    with CaptureQueriesContext(connection) as ajout:
        ajouter(agent, "69256")
    with CaptureQueriesContext(connection) as retrait:
        agent.post(reverse("territoires:retirer"), {"code": "69256"}, **HTMX)
    for requetes in (ajout, retrait):
        lectures = [
            r["sql"]
            for r in requetes.captured_queries
            if "territoires_versionreferentiel" in r["sql"] or "territoires_versiondeploiement" in r["sql"]
        ]
        assert len(lectures) == 1
        assert "territoires_versionreferentiel" in lectures[0]
        assert "territoires_versiondeploiement" in lectures[0]


def test_les_liens_du_resume_menent_a_la_simulation_et_au_profil_de_la_composition(agent: Client) -> None:
    cpts = TerritoireFactory(communes=[VILLEURBANNE]).cpts
    libre = ajouter(agent, LYON, VILLEURBANNE)
    de_la_cpts = ajouter(agent, LYON, url="territoires:ajouter_cpts", args=(cpts.pk,))
    for contenu, simulation, profil in [
        (libre, reverse("simulation:libre"), reverse("diagnostic:composition")),
        (
            de_la_cpts,
            reverse("simulation:cpts", args=[cpts.pk]),
            reverse("diagnostic:composition_cpts", args=[cpts.pk]),
        ),
    ]:
        assert f'href="{simulation}?population=' in contenu
        assert f'id="lien-profil"\n         href="{profil}"' in contenu
