"""L'import et l'export du portefeuille par les pages et par l'API : mêmes services, mêmes rapports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cpts.comptes.jetons import creer
from cpts.dossiers.models import Cpts
from cpts.portefeuille import export
from cpts.travaux import avancement
from cpts.travaux.models import Travail
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory
from tests.portefeuille.test_import import EXEMPLE, fichier

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


def essayer(client: Client) -> str:
    envoi = SimpleUploadedFile("portefeuille.csv", fichier(EXEMPLE), content_type="text/csv")
    essai = client.post(reverse("portefeuille:accueil"), {"region": "84", "fichier": envoi})
    assert "1 lignes : 1 créée" in essai.content.decode()
    return client.session["portefeuille_essai"]["empreinte"]


def test_la_page_essaie_le_fichier_sans_rien_ecrire_puis_la_confirmation_l_importe_par_le_travailleur(
    client: Client, agent: object, travailleur: object
) -> None:
    client.force_login(agent)
    empreinte = essayer(client)
    assert not Cpts.objects.exists()

    confirmation = client.post(reverse("portefeuille:confirmer"), {"empreinte": empreinte})
    suivi = confirmation["Location"]
    assert suivi == reverse("portefeuille:suivi", args=[Travail.objects.get().pk])
    assert "Import en attente du travailleur" in client.get(suivi).content.decode()
    assert not Cpts.objects.exists()

    travailleur.tour()
    assert "import enregistré" in client.get(suivi).content.decode()
    assert Cpts.objects.get().nom == "CPTS du Haut-Exemple"
    assert Travail.objects.get().fichier == b""
    assert "portefeuille_essai" not in client.session


def test_une_confirmation_renvoyee_ne_lance_qu_un_import(client: Client, agent: object, travailleur: object) -> None:
    client.force_login(agent)
    empreinte = essayer(client)
    premiere = client.post(reverse("portefeuille:confirmer"), {"empreinte": empreinte})
    seconde = client.post(reverse("portefeuille:confirmer"), {"empreinte": empreinte})
    assert premiere["Location"] == seconde["Location"]
    assert (Travail.objects.count(), DBTaskResult.objects.count()) == (1, 1)
    assert travailleur.tour() == 1


def test_le_suivi_se_redemande_en_attendant_puis_recharge_la_page_une_fois_fini(
    client: Client, agent: object, travailleur: object
) -> None:
    client.force_login(agent)
    suivi = client.post(reverse("portefeuille:confirmer"), {"empreinte": essayer(client)})["Location"]
    en_attente = client.get(suivi, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in en_attente.content.decode()
    assert "<html" not in en_attente.content.decode()
    travailleur.tour()
    assert client.get(suivi, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_le_suivi_montre_la_barre_de_progression_des_lignes_deja_traitees(
    client: Client, agent: object, settings: object, tmp_path: object
) -> None:
    settings.DATA_DIR = tmp_path
    client.force_login(agent)
    suivi = client.post(reverse("portefeuille:confirmer"), {"empreinte": essayer(client)})["Location"]
    avancement.suiveur(Travail.objects.get().pk)(40, 160)
    contenu = client.get(suivi, headers={"HX-Request": "true"}).content.decode()
    assert "40 lignes traitées sur 160 (25 %)" in contenu
    assert '<progress id="barre-import" max="100" value="25">' in contenu


def test_le_suivi_d_un_import_est_introuvable_pour_un_autre_agent(
    client: Client, agent: object, travailleur: object
) -> None:
    client.force_login(agent)
    suivi = client.post(reverse("portefeuille:confirmer"), {"empreinte": essayer(client)})["Location"]
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    assert client.get(suivi).status_code == 404


def test_la_page_dit_pourquoi_un_fichier_est_refuse(client: Client, agent: object) -> None:
    client.force_login(agent)
    envoi = SimpleUploadedFile("portefeuille.csv", fichier(EXEMPLE).replace(b";", b","), content_type="text/csv")

    reponse = client.post(reverse("portefeuille:accueil"), {"region": "84", "fichier": envoi})

    assert "ce fichier utilise la virgule" in reponse.content.decode()


def test_un_coordinateur_n_importe_pas_de_portefeuille(client: Client) -> None:
    client.force_login(UtilisateurFactory(cpts=[CptsFactory()]))
    assert client.get(reverse("portefeuille:accueil")).status_code == 403


def test_le_modele_telechargeable_porte_une_ligne_d_exemple(client: Client, agent: object) -> None:
    client.force_login(agent)
    reponse = client.get(reverse("portefeuille:modele", args=["csv"]))
    lignes = reponse.content.decode("utf-8-sig").splitlines()
    assert len(lignes) == 2
    assert lignes[1].startswith("CPTS du Haut-Exemple;78283015700015;")


def test_l_export_d_un_agent_departemental_ne_contient_que_les_cpts_qu_il_voit(client: Client) -> None:
    CptsFactory(nom="Dans le Rhône")
    CptsFactory(nom="En Isère", en_isere=True)
    client.force_login(UtilisateurFactory(agent_cpam_departement=True))

    contenu = client.get(reverse("portefeuille:export", args=["csv"]) + "?region=84").content.decode("utf-8-sig")

    assert "Dans le Rhône" in contenu
    assert "En Isère" not in contenu


def _api(agent: object) -> dict[str, str]:
    _, jeton = creer(agent, "test")
    return {"Authorization": f"Bearer {jeton}"}


def test_l_api_essaie_tout_de_suite_puis_confie_l_import_au_travailleur_et_donne_son_rapport(
    client: Client, agent: object, travailleur: object
) -> None:
    entetes = _api(agent)
    url = "/api/v1/portefeuille/84/import"

    essai = client.post(
        url + "?essai=true", {"fichier": SimpleUploadedFile("p.csv", fichier(EXEMPLE))}, headers=entetes
    )
    assert (essai.status_code, essai.json()["ecrit"], essai.json()["lignes"][0]["statut"]) == (200, False, "créée")
    assert not Cpts.objects.exists()

    reel = client.post(url, {"fichier": SimpleUploadedFile("p.csv", fichier(EXEMPLE))}, headers=entetes)
    assert reel.status_code == 202
    travail = reel.json()
    assert (travail["statut"], travail["fini"], travail["rapport"]) == ("a_faire", False, None)
    assert travail["url"] == f"/api/v1/portefeuille/travaux/{Travail.objects.get().pk}"
    assert not Cpts.objects.exists()

    travailleur.tour()
    fini = client.get(travail["url"], headers=entetes).json()
    assert (fini["statut"], fini["fini"], fini["rapport"]["ecrit"]) == ("termine", True, True)
    assert fini["rapport"]["lignes"][0]["statut"] == "créée"
    assert client.get("/api/v1/portefeuille/84", headers=entetes).content == export.contenu("84", "csv")


def test_l_api_renvoyee_avec_le_meme_fichier_rend_le_meme_travail_sans_second_import(
    client: Client, agent: object, travailleur: object
) -> None:
    entetes = _api(agent)
    envois = [
        client.post(
            "/api/v1/portefeuille/84/import",
            {"fichier": SimpleUploadedFile("p.csv", fichier(EXEMPLE))},
            headers=entetes,
        )
        for _ in range(2)
    ]

    assert envois[0].json()["id"] == envois[1].json()["id"]
    assert (Travail.objects.count(), DBTaskResult.objects.count()) == (1, 1)
    assert travailleur.tour() == 1


def test_l_api_rapporte_par_le_travail_une_ligne_fautive_et_n_ecrit_rien(
    client: Client, agent: object, travailleur: object
) -> None:
    contenu = fichier({**EXEMPLE, "communes": "99999"})
    entetes = _api(agent)
    reponse = client.post(
        "/api/v1/portefeuille/84/import", {"fichier": SimpleUploadedFile("p.csv", contenu)}, headers=entetes
    )
    travailleur.tour()

    rapport = client.get(reponse.json()["url"], headers=entetes).json()["rapport"]
    assert rapport["ecrit"] is False
    assert rapport["bilan"].endswith("au moins une ligne est refusée : rien n'a été écrit.")
    assert rapport["lignes"][0]["details"] == ["communes : Code INSEE inconnu : 99999."]
    assert not Cpts.objects.exists()


def test_l_api_refuse_tout_de_suite_un_fichier_illisible_sans_lancer_de_travail(client: Client, agent: object) -> None:
    contenu = fichier(EXEMPLE).replace(b";", b",")

    reponse = client.post(
        "/api/v1/portefeuille/84/import", {"fichier": SimpleUploadedFile("p.csv", contenu)}, headers=_api(agent)
    )

    assert reponse.status_code == 422
    assert "ce fichier utilise la virgule" in reponse.json()["message"]
    assert not Travail.objects.exists()


def test_le_travail_d_import_d_un_agent_est_introuvable_par_l_api_pour_un_autre(client: Client, agent: object) -> None:
    reponse = client.post(
        "/api/v1/portefeuille/84/import",
        {"fichier": SimpleUploadedFile("p.csv", fichier(EXEMPLE))},
        headers=_api(agent),
    )
    autre = UtilisateurFactory(agent_ars_region=True)

    assert client.get(reponse.json()["url"], headers=_api(autre)).status_code == 404
