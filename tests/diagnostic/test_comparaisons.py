"""Les colonnes département, région et France calculées des communes quand la source ne les publie pas : sommes
justes, marquées « calculé », soumises au secret statistique, remplacées par une valeur publiée."""

import html
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cpts.comptes.jetons import creer
from cpts.diagnostic.importation import importer
from cpts.diagnostic.models import Niveau, Valeur
from cpts.diagnostic.presentation import cases
from cpts.diagnostic.profil import profil
from cpts.territoires.models import Commune
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.test_import import fichier

pytestmark = pytest.mark.usefixtures("communes")
PARIS = "75056"


@pytest.fixture
def administrateur() -> object:
    return UtilisateurFactory(administrateur=True)


def arrondissements() -> list[str]:
    return list(Commune.objects.filter(commune_parent_id=PARIS).order_by("code").values_list("code", flat=True))


def importer_taux(administrateur: object, lignes: list[dict[str, str]]) -> None:
    taux = {"indicateur": "ic_suivis", "libelle": "Patients suivis", "nature": "taux", "unite": "%"}
    rapport = importer("t.csv", fichier(*({**taux, **ligne} for ligne in lignes)), administrateur)
    assert not rapport.refuse, [str(ligne) for ligne in rapport.lignes]


def ligne_du_profil(codes: list[str], code: str = "ic_suivis") -> object:
    return next(ligne for theme in profil(codes).themes for ligne in theme.lignes if ligne.code == code)


def test_un_taux_donne_par_commune_donne_au_departement_le_taux_de_ses_numerateurs_et_denominateurs_sommes(
    administrateur: object,
) -> None:
    codes = arrondissements()
    importer_taux(
        administrateur,
        [{"code": code, "numerateur": str(20 + rang), "denominateur": "100"} for rang, code in enumerate(codes)],
    )

    calculee = Valeur.objects.get(niveau=Niveau.DEPARTEMENT, code="75")

    numerateurs = sum(20 + rang for rang in range(len(codes)))
    assert calculee.calculee
    assert (calculee.numerateur, calculee.denominateur) == (numerateurs, 100 * len(codes))
    assert calculee.valeur == (Decimal(numerateurs) / (100 * len(codes))).quantize(Decimal("0.000001"))


def test_la_colonne_calculee_est_marquee_calculee_dans_le_profil_et_l_api(
    administrateur: object, client: Client
) -> None:
    codes = arrondissements()
    importer_taux(administrateur, [{"code": code, "numerateur": "30", "denominateur": "100"} for code in codes])

    ligne = ligne_du_profil(codes[:2])
    jeton = creer(UtilisateurFactory(), "essai")[1]
    donnees = client.post(
        "/api/v1/diagnostic/profil",
        {"communes": codes[:2]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {jeton}"},
    ).json()

    assert cases(ligne)[:2] == ["30,0\u00a0%", "30,0\u00a0% (calculé)"]  # type: ignore[arg-type]
    api = next(li for theme in donnees["themes"] for li in theme["lignes"] if li["code"] == "ic_suivis")
    assert api["departement"] == {"valeur": 0.3, "texte": "30,0\u00a0% (calculé)", "masque": None, "calculee": True}
    assert api["region"] is None  # l'Île-de-France n'a pas toutes ses communes : rien n'est calculé


def test_un_departement_dont_une_commune_manque_n_est_pas_calcule(administrateur: object) -> None:
    codes = arrondissements()
    importer_taux(administrateur, [{"code": code, "numerateur": "30", "denominateur": "100"} for code in codes[1:]])

    assert not Valeur.objects.filter(niveau=Niveau.DEPARTEMENT).exists()


def test_le_departement_calcule_qui_revelerait_un_arrondissement_masque_est_masque(administrateur: object) -> None:
    codes = arrondissements()
    lignes = [{"code": code, "numerateur": "30", "denominateur": "100"} for code in codes]
    lignes[0] = {"code": codes[0], "numerateur": "3", "denominateur": "100"}  # 3 patients : secret
    importer_taux(administrateur, lignes)

    ligne = ligne_du_profil(codes[1:3])

    assert Valeur.objects.get(niveau=Niveau.DEPARTEMENT, code="75").masque_complementaire
    assert cases(ligne)[1] == "secret statistique"  # type: ignore[arg-type]


def test_une_valeur_publiee_ensuite_remplace_la_valeur_calculee(administrateur: object) -> None:
    codes = arrondissements()
    importer_taux(administrateur, [{"code": code, "numerateur": "30", "denominateur": "100"} for code in codes])

    importer_taux(administrateur, [{"niveau": "departement", "code": "75", "valeur": "41,5"}])

    publiee = Valeur.objects.get(niveau=Niveau.DEPARTEMENT, code="75")
    assert not publiee.calculee
    assert publiee.valeur == Decimal("0.415")
    assert cases(ligne_du_profil(codes[:2]))[1] == "41,5\u00a0%"  # type: ignore[arg-type]


def test_la_page_et_l_export_de_la_composition_marquent_la_colonne_calculee_et_l_expliquent(
    administrateur: object, client: Client
) -> None:
    codes = arrondissements()
    importer_taux(administrateur, [{"code": code, "numerateur": "30", "denominateur": "100"} for code in codes])
    client.force_login(UtilisateurFactory())
    for code in codes[:2]:
        client.post(reverse("territoires:ajouter"), {"code": code})

    page = client.get(reverse("diagnostic:composition")).content.decode()
    classeur = load_workbook(io.BytesIO(client.get(reverse("diagnostic:composition"), {"format": "xlsx"}).content))

    assert "30,0\u00a0% (calculé)" in html.unescape(page)
    assert "calculée des valeurs de toutes les communes" in html.unescape(page)
    assert "30,0\u00a0% (calculé)" in [c for ligne in classeur.active.iter_rows(values_only=True) for c in ligne]
