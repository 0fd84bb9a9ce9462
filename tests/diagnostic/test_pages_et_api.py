"""Les profils par les pages et par l'API, leurs exports, et l'import par la page : mêmes services, mêmes cases."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cpts.comptes.jetons import creer
from cpts.diagnostic.importation import importer
from cpts.diagnostic.models import Valeur
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.test_import import fichier
from tests.dossiers.factories import COMMUNES_MONTS_DU_LYONNAIS, CptsFactory

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture
def cpts() -> object:
    cpts = CptsFactory(avec_territoire=True)
    lignes = [{"code": code, "valeur": "40"} for code in COMMUNES_MONTS_DU_LYONNAIS]
    lignes[0]["valeur"] = "3"  # sous le secret : le total du territoire ne s'affiche pas
    lignes.append({"indicateur": "ald_patients", "libelle": "Patients en ALD", "code": "69014", "valeur": "250"})
    lignes += [
        {"indicateur": "ald_patients", "libelle": "Patients en ALD", "code": c, "valeur": "12"}
        for c in COMMUNES_MONTS_DU_LYONNAIS[1:]
    ]
    rapport = importer("i.csv", fichier(*lignes), UtilisateurFactory(administrateur=True))
    assert not rapport.refuse
    return cpts


def test_la_page_du_profil_d_une_cpts_masque_le_secret_et_somme_le_reste(client: Client, cpts: object) -> None:
    client.force_login(UtilisateurFactory(cpts=[cpts]))

    page = client.get(reverse("diagnostic:cpts", args=[cpts.pk])).content.decode()  # type: ignore[attr-defined]

    assert "secret statistique" in page
    assert "346" in page  # 250 + 8 × 12 patients en ALD
    assert ">3<" not in page


def test_le_profil_d_une_cpts_hors_du_perimetre_est_introuvable(client: Client, cpts: object) -> None:
    client.force_login(UtilisateurFactory(cpts=[CptsFactory()]))

    assert client.get(reverse("diagnostic:cpts", args=[cpts.pk])).status_code == 404  # type: ignore[attr-defined]


def test_les_exports_portent_les_memes_cases_masquees(client: Client, cpts: object) -> None:
    client.force_login(UtilisateurFactory(cpts=[cpts]))
    adresse = reverse("diagnostic:cpts", args=[cpts.pk])  # type: ignore[attr-defined]

    classeur = load_workbook(io.BytesIO(client.get(adresse, {"format": "xlsx"}).content))
    pdf = client.get(adresse, {"format": "pdf"})

    cellules = [c for ligne in classeur.active.iter_rows(values_only=True) for c in ligne]
    assert "secret statistique" in cellules
    assert "346" in cellules
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_le_profil_de_la_composition_en_cours_suit_le_compositeur(client: Client, cpts: object) -> None:
    client.force_login(UtilisateurFactory())
    client.post(reverse("territoires:ajouter"), {"code": "69062"})

    page = client.get(reverse("diagnostic:composition")).content.decode()

    assert "1 commune," in page
    assert "Patients en ALD" in page


def test_l_api_rend_le_profil_d_une_cpts_sans_nombre_pour_une_case_masquee(client: Client, cpts: object) -> None:
    jeton = creer(UtilisateurFactory(cpts=[cpts]), "essai")[1]
    entetes = {"Authorization": f"Bearer {jeton}"}

    donnees = client.get(f"/api/v1/diagnostic/cpts/{cpts.pk}/profil", headers=entetes).json()  # type: ignore[attr-defined]

    lignes = {ligne["code"]: ligne for theme in donnees["themes"] for ligne in theme["lignes"]}
    assert lignes["diabete_patients"]["territoire"] == {
        "valeur": None,
        "texte": "secret statistique",
        "masque": "secret",
        "calculee": False,
    }
    assert lignes["ald_patients"]["territoire"]["valeur"] == 346
    assert donnees["seuil_secret"] == 11


def test_l_api_rend_le_profil_d_une_composition_libre(client: Client, cpts: object) -> None:
    jeton = creer(UtilisateurFactory(), "essai")[1]

    reponse = client.post(
        "/api/v1/diagnostic/profil",
        {"communes": ["69062", "69078"]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {jeton}"},
    )

    lignes = {ligne["code"]: ligne for theme in reponse.json()["themes"] for ligne in theme["lignes"]}
    assert lignes["diabete_patients"]["territoire"]["valeur"] == 80
    assert lignes["communes"]["territoire"]["valeur"] == 2


def test_la_page_d_import_essaie_puis_importe(client: Client) -> None:
    client.force_login(UtilisateurFactory(agent_cpam_departement=True))
    contenu = fichier({"code": "69014", "valeur": "120"})

    essai = client.post(
        reverse("diagnostic:indicateurs"),
        {"fichier": SimpleUploadedFile("i.csv", contenu), "essai": "on"},
    )
    assert "essai : rien n'a été écrit" in html.unescape(essai.content.decode())
    assert not Valeur.objects.exists()
    reel = client.post(reverse("diagnostic:indicateurs"), {"fichier": SimpleUploadedFile("i.csv", contenu)})
    assert "import enregistré" in html.unescape(reel.content.decode())
    assert Valeur.objects.count() == 1


def test_un_coordinateur_lit_les_indicateurs_mais_n_importe_pas(client: Client) -> None:
    client.force_login(UtilisateurFactory(cpts=[CptsFactory()]))

    assert client.get(reverse("diagnostic:indicateurs")).status_code == 200
    envoi = SimpleUploadedFile("i.csv", fichier({"code": "69014", "valeur": "120"}))
    assert client.post(reverse("diagnostic:indicateurs"), {"fichier": envoi}).status_code == 403


def test_la_fiche_d_une_cpts_mene_au_profil_de_son_territoire(client: Client, cpts: object) -> None:
    client.force_login(UtilisateurFactory(cpts=[cpts]))

    fiche = client.get(reverse("dossiers:detail", args=[cpts.pk])).content.decode()  # type: ignore[attr-defined]

    assert f'href="{reverse("diagnostic:cpts", args=[cpts.pk])}"' in fiche  # type: ignore[attr-defined]
