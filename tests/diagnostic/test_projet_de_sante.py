"""Le profil du territoire dans le diagnostic du projet de santé : joint au brouillon, figé à chaque dépôt."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cpts.comptes.jetons import creer
from cpts.diagnostic import projet
from cpts.diagnostic.importation import importer
from cpts.diagnostic.models import ProfilFige
from cpts.dossiers import depots
from cpts.dossiers.enums import TypeDocument
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.test_import import fichier
from tests.dossiers.factories import CptsFactory, valeurs_projet_sante
from tests.dossiers.parcours import depot_direct

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture
def cpts() -> object:
    cpts = CptsFactory(avec_territoire=True)
    importer("i.csv", fichier({"code": "69014", "valeur": "120"}), UtilisateurFactory(administrateur=True))
    return cpts


def _diabete(contenu: dict) -> str:
    lignes = [ligne for theme in contenu["themes"] for ligne in theme["lignes"] if ligne["code"] == "diabete_patients"]
    return lignes[0]["territoire"]["texte"] if lignes else ""


def test_le_depot_fige_le_profil_joint_que_les_imports_suivants_ne_changent_plus(cpts: object) -> None:
    coordinateur = UtilisateurFactory(cpts=[cpts])
    document = depots.document_unique(cpts, TypeDocument.PROJET_SANTE)  # type: ignore[arg-type]
    projet.joindre(document, [], coordinateur)

    depot = depot_direct(cpts, TypeDocument.PROJET_SANTE, valeurs_projet_sante(), coordinateur)  # type: ignore[arg-type]
    importer("i.csv", fichier({"code": "69014", "valeur": "150"}), UtilisateurFactory(administrateur=True))

    assert _diabete(ProfilFige.objects.get(depot=depot).contenu) == "non disponible"  # 8 communes sans valeur
    assert ProfilFige.objects.get(depot=depot).contenu["communes"] == 9


def test_les_themes_choisis_sont_seuls_figes(cpts: object) -> None:
    coordinateur = UtilisateurFactory(cpts=[cpts])
    document = depots.document_unique(cpts, TypeDocument.PROJET_SANTE)  # type: ignore[arg-type]
    projet.joindre(document, ["Population et territoire"], coordinateur)

    depot = depot_direct(cpts, TypeDocument.PROJET_SANTE, valeurs_projet_sante(), coordinateur)  # type: ignore[arg-type]

    assert [theme["nom"] for theme in ProfilFige.objects.get(depot=depot).contenu["themes"]] == [
        "Population et territoire"
    ]


def test_sans_profil_joint_le_depot_ne_fige_rien(cpts: object) -> None:
    depot = depot_direct(cpts, TypeDocument.PROJET_SANTE, valeurs_projet_sante(), UtilisateurFactory(cpts=[cpts]))  # type: ignore[arg-type]

    assert not ProfilFige.objects.filter(depot=depot).exists()


def test_seul_le_projet_de_sante_recoit_le_profil(cpts: object) -> None:
    document = depots.document_unique(cpts, TypeDocument.PRE_PROJET)  # type: ignore[arg-type]

    with pytest.raises(ValidationError, match="Seul le projet de santé"):
        projet.joindre(document, [], UtilisateurFactory(cpts=[cpts]))


def test_la_page_joint_le_profil_puis_montre_celui_fige_au_depot(client: Client, cpts: object) -> None:
    coordinateur = UtilisateurFactory(cpts=[cpts])
    client.force_login(coordinateur)
    depots.document_unique(cpts, TypeDocument.PROJET_SANTE)  # type: ignore[arg-type]
    adresse = reverse("diagnostic:projet_de_sante", args=[cpts.pk])  # type: ignore[attr-defined]

    client.post(adresse, {"action": "joindre"})
    depot = depot_direct(cpts, TypeDocument.PROJET_SANTE, valeurs_projet_sante(), coordinateur)  # type: ignore[arg-type]
    page = client.get(reverse("diagnostic:profil_fige", args=[cpts.pk, depot.document_id, depot.numero])).content  # type: ignore[attr-defined]

    assert "Profil joint le" in client.get(adresse).content.decode()
    assert "Population municipale" in page.decode()


def test_un_lecteur_national_voit_le_profil_joint_mais_ne_le_choisit_pas(client: Client, cpts: object) -> None:
    client.force_login(UtilisateurFactory(role="lecteur_national"))
    adresse = reverse("diagnostic:projet_de_sante", args=[cpts.pk])  # type: ignore[attr-defined]

    assert client.get(adresse).status_code == 200
    assert client.post(adresse, {"action": "joindre"}).status_code == 403


def test_l_api_rend_le_profil_fige_d_une_version(client: Client, cpts: object) -> None:
    coordinateur = UtilisateurFactory(cpts=[cpts])
    projet.joindre(depots.document_unique(cpts, TypeDocument.PROJET_SANTE), [], coordinateur)  # type: ignore[arg-type]
    depot = depot_direct(cpts, TypeDocument.PROJET_SANTE, valeurs_projet_sante(), coordinateur)  # type: ignore[arg-type]
    jeton = creer(coordinateur, "essai")[1]

    reponse = client.get(
        f"/api/v1/cpts/{cpts.pk}/documents/{depot.document_id}/versions/{depot.numero}/profil",  # type: ignore[attr-defined]
        headers={"Authorization": f"Bearer {jeton}"},
    )

    assert reponse.json()["profil"]["communes"] == 9
