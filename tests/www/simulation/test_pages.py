"""La simulation dans l'interface : pré-remplie pour la coordination, limitée au périmètre des agents, mêmes
montants que la commande `cpts financement`, comparaison côte à côte, exports XLSX et PDF, liens du compositeur et de
la fiche."""

import html
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cpts.territoires.enregistrement import territoire_en_cours
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory
from tests.dossiers.factories import COMMUNES_MONTS_DU_LYONNAIS, CptsFactory, MembreFactory
from tests.financement.outils import cpts as commande
from tests.pdf import texte_pdf

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# Taille 1 sous l'avenant 2, toutes les missions, une crise l'année 1 : le total publié de 287 500 €.
SCENARIO_TAILLE_1 = {
    "a-population": "30 000",
    "a-signature": "15/01/2023",
    "a-atteinte": "100 %",
    "a-crises": "1",
    **{f"a-choisie_{code}": "on" for code in ("acces", "parcours", "prevention", "crise", "qualite", "accompagnement")},
}


def texte(reponse: object) -> str:
    """Le HTML décodé, espaces (insécables comprises) ramenées à une seule : « 287 500 € » s'écrit simplement."""
    return re.sub(r"\s+", " ", html.unescape(reponse.content.decode()))  # type: ignore[attr-defined]


def connecter(client: Client, **profil: object) -> object:
    utilisateur = UtilisateurFactory(**profil)
    client.force_login(utilisateur)
    return utilisateur


def valeur_du_champ(source: str, nom: str) -> str:
    trouve = re.search(rf'name="{nom}"[^>]*value="([^"]*)"', source) or re.search(
        rf'value="([^"]*)"[^>]*name="{nom}"', source
    )
    assert trouve, f"champ {nom} absent"
    return trouve.group(1)


@pytest.mark.usefixtures("communes")
def test_la_coordination_arrive_sur_sa_cpts_pre_remplie_de_son_territoire_et_de_ses_membres(client: Client) -> None:
    cpts = CptsFactory(territoire=COMMUNES_MONTS_DU_LYONNAIS)
    MembreFactory.create_batch(3, cpts=cpts)
    MembreFactory(cpts=cpts, adherent=False, participation_incertaine=True)
    connecter(client, cpts=[cpts])

    reponse = client.get(reverse("simulation:libre"), follow=True)

    assert reponse.redirect_chain == [(reverse("simulation:cpts", args=[cpts.pk]), 302)]
    contenu = reponse.content.decode()
    population = territoire_en_cours(cpts).population
    assert valeur_du_champ(contenu, "a-population") == str(population)
    assert valeur_du_champ(contenu, "a-membres") == "3"
    assert "soit la taille 1" in texte(reponse)
    # Les missions socles du texte en vigueur sont cochées d'emblée, les optionnelles non.
    assert re.search(r'name="a-choisie_acces"[^>]*checked', contenu)
    assert not re.search(r'name="a-choisie_qualite"[^>]*checked', contenu)


def test_une_cpts_signee_part_de_son_contrat_et_se_compare_a_l_avenant_2(client: Client) -> None:
    contrat = ContratFactory(aci_2019=True)
    connecter(client, agent_ars_region=True)
    adresse = reverse("simulation:cpts", args=[contrat.cpts.pk])

    contenu = client.get(adresse).content.decode()
    assert valeur_du_champ(contenu, "a-signature") == "15/09/2020"
    assert valeur_du_champ(contenu, "a-demarrage_acces") == "15/09/2020"
    # Sans territoire enregistré, la population retenue à la signature.
    assert valeur_du_champ(contenu, "a-population") == "45000"
    assert "missions datées reprises du contrat signé le 15/09/2020" in texte(client.get(adresse))
    page = texte(client.get(adresse, {"comparer": "1"}))
    assert "A : texte en vigueur à chaque date (ACI 2019 à la signature), taille 2. B : avenant 2, taille 2." in page


def test_la_page_montre_les_montants_de_la_commande_financement_pour_les_memes_entrees(
    client: Client, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    connecter(client)
    page = texte(client.get(reverse("simulation:libre"), SCENARIO_TAILLE_1))
    sortie = commande(
        capsys,
        monkeypatch,
        "financement",
        "--date",
        "2023-01-15",
        "--population",
        "30000",
        "--missions",
        "acces,parcours,prevention,crise,qualite,accompagnement",
        "--crise-survenue",
        "--format",
        "json",
    )
    attendu = json.loads(sortie.stdout)

    assert 'id="total-annuel-a">287 500 €<' in page
    tableau = page.split('id="montants-a"')[1].split("</table>")[0]
    montants = re.findall(r'<td class="cpts-nombre">([^<]*)</td>', tableau)
    assert montants[:-1] == [f"{int(float(ligne['montant'])):,} €".replace(",", " ") for ligne in attendu["lignes"]]


def test_la_saisie_a_la_francaise_est_comprise(client: Client) -> None:
    connecter(client)
    donnees = {**SCENARIO_TAILLE_1, "a-population": "200\u202f000", "a-membres": "1 200", "a-atteinte": "0,5"}
    page = texte(client.get(reverse("simulation:libre"), donnees))

    assert "200 000 habitants, soit la taille 4 ; missions majorées de 10 %" in page
    # Accès aux soins, volet variable de la taille 4 : 45 000 € majorés de 10 %, à 50 % d'atteinte.
    assert '<td>Accès aux soins</td> <td>variable</td> <td>variable</td> <td class="cpts-nombre">24 750 €' in page


def test_une_saisie_invalide_est_dite_en_francais_sans_resultat(client: Client) -> None:
    connecter(client)
    page = texte(client.get(reverse("simulation:libre"), {**SCENARIO_TAILLE_1, "a-atteinte": "85"}))

    assert "La simulation ne peut pas être calculée" in page
    assert "<a href=\"#id_a-atteinte\">Taux d'atteinte des objectifs : « 85 » : un taux s'écrit 85 % ou 0,85" in page
    assert 'id="total-annuel-a"' not in page


def test_une_signature_avant_le_premier_texte_est_refusee_par_les_regles(client: Client) -> None:
    connecter(client)
    page = texte(client.get(reverse("simulation:libre"), {**SCENARIO_TAILLE_1, "a-signature": "01/01/2019"}))

    assert "Ces hypothèses sont hors des règles de l'ACI : la date du 01/01/2019 précède le premier texte" in page


def test_sans_population_la_page_libre_attend_la_saisie_sans_erreur(client: Client) -> None:
    connecter(client)
    for parametres in ({}, {"comparer": "1"}):
        page = texte(client.get(reverse("simulation:libre"), parametres))

        assert "La simulation ne peut pas être calculée" not in page
        assert 'id="total-annuel-a"' not in page
        assert 'id="scenario-b"' not in page


def test_htmx_ne_renvoie_que_les_resultats(client: Client) -> None:
    connecter(client)
    fragment = texte(client.get(reverse("simulation:libre"), SCENARIO_TAILLE_1, **HTMX))

    assert 'id="total-annuel-a"' in fragment
    assert "<form" not in fragment
    assert 'id="annonce-simulation" hx-swap-oob="innerHTML"' in fragment
    # Sur la page entière, une seule région annoncée, hors des résultats que htmx remplace.
    assert texte(client.get(reverse("simulation:libre"), SCENARIO_TAILLE_1)).count('id="annonce-simulation"') == 1


def test_un_agent_simule_une_cpts_de_son_perimetre_mais_pas_une_autre(client: Client) -> None:
    dedans, dehors = CptsFactory(), CptsFactory(hors_region=True)
    connecter(client, agent_ars_region=True)

    assert client.get(reverse("simulation:cpts", args=[dedans.pk])).status_code == 200
    refus = client.get(reverse("simulation:cpts", args=[dehors.pk]))
    # Refusé (403, ou 404 quand le périmètre ne dit plus qu'une CPTS existe ailleurs), sans rien en montrer.
    assert refus.status_code in (403, 404)
    assert dehors.nom not in refus.content.decode()
    export = client.get(reverse("simulation:export_cpts", kwargs={"pk": dehors.pk, "format": "xlsx"}))
    assert export.status_code in (403, 404)


def test_la_liste_des_cpts_a_simuler_se_limite_au_perimetre_de_l_agent(client: Client) -> None:
    dedans, dehors = CptsFactory(), CptsFactory(hors_region=True)
    connecter(client, agent_ars_region=True)
    page = texte(client.get(reverse("simulation:libre")))

    assert f'<option value="{dedans.pk}">{dedans.nom}</option>' in page
    assert dehors.nom not in page
    choix = client.get(reverse("simulation:libre"), {"cpts": dedans.pk})
    assert choix["Location"] == reverse("simulation:cpts", args=[dedans.pk])


def test_comparer_met_le_meme_scenario_sous_l_autre_texte_cote_a_cote(client: Client) -> None:
    connecter(client)
    donnees = {**SCENARIO_TAILLE_1, "a-texte": "avenant-2", "a-crises": [], "comparer": "1"}
    page = texte(client.get(reverse("simulation:libre"), donnees))

    assert "Les deux scénarios côte à côte" in page
    assert "A : avenant 2, taille 1. B : ACI 2019, taille 1." in page
    # Accès aux soins, volet fixe : 55 000 € sous l'avenant 2, 15 000 € sous l'ACI 2019.
    assert (
        '<td>Accès aux soins</td> <td>fixe</td> <td class="cpts-nombre">55 000 €</td>'
        ' <td class="cpts-nombre">15 000 €</td> <td class="cpts-nombre">-40 000 €</td>'
    ) in page
    assert "La mission Crises sanitaires n'existe pas dans le texte ACI 2019 : elle n'est pas comptée." in page
    assert 'id="graphique-a"' in page
    assert 'id="graphique-b"' in page


def test_retirer_le_second_scenario_revient_a_une_seule_simulation(client: Client) -> None:
    connecter(client)
    donnees = {**SCENARIO_TAILLE_1, "comparer": "1", "seul": "1"}
    page = texte(client.get(reverse("simulation:libre"), donnees))

    assert "Les deux scénarios côte à côte" not in page
    assert 'id="total-annuel-b"' not in page


def test_l_export_xlsx_donne_les_montants_l_echeancier_et_la_comparaison(client: Client) -> None:
    connecter(client)
    donnees = {**SCENARIO_TAILLE_1, "comparer": "1"}
    reponse = client.get(reverse("simulation:export", kwargs={"format": "xlsx"}), donnees)

    assert reponse["Content-Disposition"].endswith('.xlsx"')
    classeur = load_workbook(io.BytesIO(reponse.content))
    assert classeur.sheetnames == [
        "Hypothèses",
        "Montants annuels",
        "Comparaison",
        "Par année de contrat",
        "Échéancier",
        "Avertissements",
    ]
    hypotheses = list(classeur["Hypothèses"].iter_rows(values_only=True))
    assert hypotheses[1][:3] == ("A", 30000, 1)
    assert hypotheses[1][-2] == 287500
    montants = classeur["Montants annuels"]
    assert montants["E2"].value == 50000
    assert montants["E2"].number_format == '#,##0.00 "€"'
    echeancier = classeur["Échéancier"]
    assert echeancier["G2"].is_date
    assert echeancier["G2"].number_format == "DD/MM/YYYY"
    assert echeancier.freeze_panes == "A2"


def test_l_export_pdf_se_lit_avec_ses_montants(client: Client) -> None:
    cpts = CptsFactory(nom="CPTS du Haut Lyonnais")
    connecter(client, cpts=[cpts])
    reponse = client.get(reverse("simulation:export_cpts", kwargs={"pk": cpts.pk, "format": "pdf"}), SCENARIO_TAILLE_1)

    assert reponse["Content-Type"] == "application/pdf"
    contenu = texte_pdf(reponse.content)
    assert "Simulation du financement — CPTS du Haut Lyonnais" in contenu
    assert "287 500,00 €" in contenu.replace("\u00a0", " ")
    assert "Échéancier" in contenu


def test_un_export_sans_scenario_complet_renvoie_a_la_page_qui_dit_pourquoi(client: Client) -> None:
    connecter(client)
    reponse = client.get(reverse("simulation:export", kwargs={"format": "pdf"}), {"a-signature": "15/01/2023"})

    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("simulation:libre") + "?")


@pytest.mark.usefixtures("communes")
def test_le_compositeur_propose_de_simuler_avec_la_population_composee(client: Client) -> None:
    connecter(client, agent_ars_region=True)
    fragment = client.post(reverse("territoires:ajouter"), {"code": "69266"}, **HTMX).content.decode()
    lien = re.search(r'id="lien-simulation"\s+href="([^"]+)"', fragment)

    assert lien, "lien de simulation absent du compositeur"
    page = client.get(lien.group(1).replace("&amp;", "&"))
    contenu = page.content.decode()
    assert valeur_du_champ(contenu, "a-population") == re.search(r"population=(\d+)", lien.group(1)).group(1)
    assert "Population reprise du territoire composé" in contenu
    assert 'id="total-annuel-a"' in contenu


def test_la_fiche_de_la_cpts_et_le_menu_menent_a_la_simulation(client: Client) -> None:
    cpts = CptsFactory()
    connecter(client, agent_ars_region=True)
    fiche = client.get(reverse("dossiers:detail", args=[cpts.pk])).content.decode()

    assert f'href="{reverse("simulation:cpts", args=[cpts.pk])}"' in fiche
    assert f'href="{reverse("simulation:libre")}"' in fiche
