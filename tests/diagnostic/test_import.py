"""L'import des indicateurs : ce qu'il écrit, ce qu'il refuse sans rien écrire, l'essai qui n'écrit rien."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from cpts.diagnostic.format import COLONNES
from cpts.diagnostic.importation import FichierRefuse, importer
from cpts.diagnostic.models import ImportIndicateurs, Indicateur, Valeur
from cpts.portefeuille.rapport import CREEE, INCHANGEE, MISE_A_JOUR, REFUSEE
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.usefixtures("communes")

DECLARATION = {
    "indicateur": "diabete_patients",
    "libelle": "Patients diabétiques",
    "theme": "Diabète",
    "unite": "patients",
    "nature": "effectif",
    "annee": "2019",
    "source": "Assurance Maladie",
    "niveau": "commune",
}


def fichier(*lignes: dict[str, str]) -> bytes:
    texte = ";".join(COLONNES) + "\r\n"
    for ligne in lignes:
        complete = {**dict.fromkeys(COLONNES, ""), **DECLARATION, **ligne}
        texte += ";".join(complete[c] for c in COLONNES) + "\r\n"
    return ("\ufeff" + texte).encode("utf-8")


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_cpam_departement=True)


def test_un_fichier_csv_d_excel_cree_l_indicateur_et_ses_valeurs_par_commune(agent: object) -> None:
    rapport = importer(
        "d.csv", fichier({"code": "69014", "valeur": "120"}, {"code": "69062", "valeur": "4 100"}), agent
    )

    assert [ligne.statut for ligne in rapport.lignes] == [CREEE, CREEE]
    assert Indicateur.objects.get().libelle == "Patients diabétiques"
    assert sorted(Valeur.objects.values_list("code", "valeur")) == [("69014", Decimal(120)), ("69062", Decimal(4100))]
    assert ImportIndicateurs.objects.get().valeurs == 2


def test_un_taux_se_recalcule_de_son_numerateur_et_de_son_denominateur(agent: object) -> None:
    ligne = {"nature": "taux", "unite": "%", "code": "69014", "numerateur": "30", "denominateur": "120"}

    importer("t.csv", fichier(ligne), agent)

    assert Valeur.objects.get().valeur == Decimal("0.25")


def test_reimporter_le_meme_fichier_ne_change_rien_et_le_dit(agent: object) -> None:
    contenu = fichier({"code": "69014", "valeur": "120"})
    importer("d.csv", contenu, agent)

    assert [ligne.statut for ligne in importer("d.csv", contenu, agent).lignes] == [INCHANGEE]
    rapport = importer("d.csv", fichier({"code": "69014", "valeur": "121"}), agent)
    assert [ligne.statut for ligne in rapport.lignes] == [MISE_A_JOUR]


def test_le_classeur_xlsx_se_lit_comme_le_csv(agent: object) -> None:
    classeur = Workbook()
    classeur.active.append(list(COLONNES))
    classeur.active.append([{**DECLARATION, "code": "69014", "valeur": 120}.get(c) for c in COLONNES])
    sortie = io.BytesIO()
    classeur.save(sortie)

    rapport = importer("d.xlsx", sortie.getvalue(), agent)

    assert [ligne.statut for ligne in rapport.lignes] == [CREEE]


@pytest.mark.parametrize(
    ("ligne", "message"),
    [
        ({"code": "99999", "valeur": "3"}, "code INSEE de commune inconnu"),
        ({"code": "38185", "valeur": "30"}, "hors de vos départements"),
        ({"niveau": "france", "code": "FR", "valeur": "30"}, "seul un administrateur"),
        ({"code": "69014", "valeur": "=1+1"}, "formule de tableur"),
        ({"code": "69014", "valeur": "beaucoup"}, "n'est pas un nombre"),
        ({"code": "69014", "nature": "taux", "numerateur": "30", "denominateur": "20"}, "dépasse son dénominateur"),
        ({"code": "69014", "nature": "taux", "numerateur": "30", "denominateur": "120", "valeur": "40"}, "ne corres"),
        ({"code": "69014", "nature": "proportion", "valeur": "3"}, "effectif, taux, moyenne ou mediane"),
        ({"code": "69014", "valeur": "3", "mediane_cpts": "2", "minimum_cpts": "1", "maximum_cpts": "3"}, "départ"),
    ],
)
def test_une_ligne_refusee_dit_pourquoi_et_rien_n_est_ecrit(agent: object, ligne: dict, message: str) -> None:
    rapport = importer("d.csv", fichier({"code": "69062", "valeur": "50"}, ligne), agent)

    assert [resultat.statut for resultat in rapport.lignes] == [CREEE, REFUSEE]
    assert message in str(rapport.lignes[1])
    assert "rien n'a été écrit" in rapport.bilan
    assert not Indicateur.objects.exists()
    assert not Valeur.objects.exists()
    assert not ImportIndicateurs.objects.exists()


def test_deux_lignes_de_la_meme_valeur_ou_deux_declarations_differentes_sont_refusees(agent: object) -> None:
    rapport = importer(
        "d.csv",
        fichier(
            {"code": "69014", "valeur": "50"},
            {"code": "69014", "valeur": "51"},
            {"code": "69062", "valeur": "50", "libelle": "Autre libellé"},
        ),
        agent,
    )

    assert "même valeur que la ligne 2" in str(rapport.lignes[1])
    assert "différent de la ligne 2" in str(rapport.lignes[2])
    assert not Valeur.objects.exists()


def test_la_nature_d_un_indicateur_enregistre_ne_change_plus(agent: object) -> None:
    importer("d.csv", fichier({"code": "69014", "valeur": "50"}), agent)

    rapport = importer("d.csv", fichier({"code": "69062", "nature": "moyenne", "valeur": "5"}), agent)

    assert "ses valeurs en dépendent" in str(rapport.lignes[0])
    assert Valeur.objects.count() == 1


def test_l_essai_fait_le_meme_rapport_sans_rien_ecrire(agent: object) -> None:
    rapport = importer("d.csv", fichier({"code": "69014", "valeur": "120"}), agent, essai=True)

    assert [ligne.statut for ligne in rapport.lignes] == [CREEE]
    assert "essai : rien n'a été écrit" in rapport.bilan
    assert not Indicateur.objects.exists()
    assert not Valeur.objects.exists()


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("d.csv", b"indicateur,libelle\r\n", "points-virgules"),
        ("d.csv", b"indicateur;couleur\r\n", "colonne « couleur » inconnue"),
        ("d.ods", b"x", "formats acceptés"),
        ("d.csv", "é".encode("latin-1"), "UTF-8"),
        ("d.csv", b"a" * (10 * 1024 * 1024 + 1), "trop volumineux"),
    ],
)
def test_un_fichier_illisible_est_refuse_en_entier(agent: object, nom: str, contenu: bytes, message: str) -> None:
    with pytest.raises(FichierRefuse, match=message):
        importer(nom, contenu, agent)
    assert not Indicateur.objects.exists()


def test_un_departement_publie_qui_revelerait_une_commune_masquee_est_masque_en_complement(agent: object) -> None:
    communes = [{"code": "69014", "valeur": "120"}, {"code": "69062", "valeur": "4"}]
    importer("d.csv", fichier(*communes, {"niveau": "departement", "code": "69", "valeur": "124"}), agent)

    assert Valeur.objects.get(niveau="departement").masque_complementaire
    assert not Valeur.objects.get(code="69014").masque_complementaire


def test_la_commande_importe_et_dit_chaque_ligne(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    chemin = tmp_path / "indicateurs.csv"  # type: ignore[operator]
    chemin.write_bytes(fichier({"code": "69014", "valeur": "120"}))

    call_command("indicateurs", "importer", str(chemin), "--essai")

    sortie = capsys.readouterr().out
    assert "Ligne 2 — diabete_patients : créée." in sortie
    assert "essai : rien n'a été écrit" in sortie
    assert not Valeur.objects.exists()


OBJECTIFS = {"objectif_intermediaire": "71,0 %", "objectif_cible": "≥ 89,0 %"}


def objectifs() -> tuple[str, str]:
    indicateur = Indicateur.objects.get(code="diabete_patients")
    return indicateur.objectif_intermediaire, indicateur.objectif_cible


def test_les_objectifs_donnes_sur_une_seule_ligne_sont_ceux_de_l_indicateur(agent: object) -> None:
    rapport = importer(
        "o.csv", fichier({"code": "69014", "valeur": "50"}, {"code": "69062", "valeur": "60", **OBJECTIFS}), agent
    )

    assert not rapport.refuse
    assert objectifs() == ("71,0 %", "≥ 89,0 %")


def test_un_fichier_d_une_autre_annee_sans_objectifs_garde_ceux_de_l_indicateur(agent: object) -> None:
    importer("o.csv", fichier({"code": "69014", "valeur": "50", **OBJECTIFS}), agent)

    rapport = importer("o.csv", fichier({"code": "69014", "valeur": "55", "annee": "2020"}), agent)

    assert not rapport.refuse
    assert objectifs() == ("71,0 %", "≥ 89,0 %")


def test_un_objectif_ecrit_aucun_est_efface(agent: object) -> None:
    importer("o.csv", fichier({"code": "69014", "valeur": "50", **OBJECTIFS}), agent)

    importer("o.csv", fichier({"code": "69014", "valeur": "50", "objectif_intermediaire": "aucun"}), agent)

    assert objectifs() == ("", "≥ 89,0 %")


def test_deux_objectifs_differents_pour_le_meme_indicateur_sont_refuses(agent: object) -> None:
    rapport = importer(
        "o.csv",
        fichier(
            {"code": "69014", "valeur": "50", **OBJECTIFS},
            {"code": "69062", "valeur": "60", "objectif_cible": "≥ 90,0 %"},
        ),
        agent,
    )

    assert "objectif_cible : différent de la ligne 2" in str(rapport.lignes[1])
    assert not Indicateur.objects.exists()
