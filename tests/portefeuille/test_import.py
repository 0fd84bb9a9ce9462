"""L'import du portefeuille : ce qu'il crée, ce qu'il met à jour, ce qu'il refuse sans rien écrire."""

import datetime

import pytest
from django.core.management import call_command

from cpts.contrats.models import Contrat, EtatContrat, MissionContrat
from cpts.dossiers.models import Cpts, DecisionEtape
from cpts.portefeuille import export
from cpts.portefeuille.format import COLONNES, LIGNES_MAX
from cpts.portefeuille.importation import importer
from cpts.portefeuille.lecture import FichierRefuse
from cpts.portefeuille.rapport import CREEE, INCHANGEE, MISE_A_JOUR, REFUSEE
from cpts.territoires.models import Territoire
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.usefixtures("communes")

EXEMPLE = dict(zip(COLONNES, export.modele("csv").decode("utf-8-sig").splitlines()[1].split(";"), strict=True))


def fichier(*lignes: dict[str, str]) -> bytes:
    texte = ";".join(COLONNES) + "\r\n"
    texte += "".join(
        ";".join({**dict.fromkeys(COLONNES, ""), **ligne}[c] for c in COLONNES) + "\r\n" for ligne in lignes
    )
    return ("\ufeff" + texte).encode("utf-8")


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


def test_la_ligne_d_exemple_du_modele_cree_la_cpts_ses_etapes_son_territoire_et_son_contrat(agent: object) -> None:
    rapport = importer("modele.csv", fichier(EXEMPLE), "84", agent)

    assert [(ligne.statut, ligne.nom) for ligne in rapport.lignes] == [(CREEE, "CPTS du Haut-Exemple")]
    cpts = Cpts.objects.get(siret="78283015700015")
    assert cpts.dynamique_depuis == datetime.date(2019, 3, 1)
    assert [(d.transition, d.date, d.instance) for d in cpts.decisions.order_by("date")] == [
        ("deposer_pre_projet", datetime.date(2019, 6, 3), "equipe_projet"),
        ("valider_pre_projet", datetime.date(2019, 9, 12), "ecd"),
        ("deposer_projet_sante", datetime.date(2020, 1, 15), "equipe_projet"),
        ("valider_projet_sante", datetime.date(2020, 3, 10), "ars_cpam"),
        ("signer_contrat", datetime.date(2020, 6, 1), "ars_cpam"),
    ]
    assert cpts.decisions.get(transition="valider_pre_projet").subvention == 15000
    assert cpts.territoires.get().unites.count() == 9
    contrat = cpts.contrats.get()
    assert (contrat.taille, contrat.membres, [m.mission for m in contrat.missions.all()]) == (
        1,
        45,
        ["acces", "parcours", "prevention"],
    )


def test_l_import_calcule_l_etat_des_contrats_ecrits_dans_sa_transaction(agent: object) -> None:
    importer("modele.csv", fichier(EXEMPLE), "84", agent)

    assert EtatContrat.objects.filter(contrat__cpts__siret="78283015700015").count() == 1


def test_l_import_sans_etat_laisse_le_calcul_a_l_appelant(agent: object) -> None:
    importer("modele.csv", fichier(EXEMPLE), "84", agent, etat=False)

    assert Contrat.objects.filter(cpts__siret="78283015700015").count() == 1
    assert not EtatContrat.objects.exists()


def test_l_historique_attribue_chaque_ecriture_a_l_import_et_a_son_auteur(agent: object) -> None:
    importer("modele.csv", fichier(EXEMPLE), "84", agent)

    version = Cpts.objects.get().historique.earliest()
    assert (version.history_user, version.history_change_reason) == (agent, "Import du portefeuille (modele.csv)")
    mission = MissionContrat.historique.earliest()
    assert mission.history_change_reason == "Import du portefeuille (modele.csv)"


def test_l_essai_rapporte_la_creation_sans_rien_ecrire(agent: object) -> None:
    rapport = importer("modele.csv", fichier(EXEMPLE), "84", agent, essai=True)

    assert [ligne.statut for ligne in rapport.lignes] == [CREEE]
    assert not rapport.ecrit
    assert not Cpts.objects.exists()
    assert not Cpts.historique.exists()


def test_un_fichier_modifie_ne_met_a_jour_que_ce_qui_a_change(agent: object) -> None:
    importer("modele.csv", fichier(EXEMPLE), "84", agent)
    versions_cpts = Cpts.historique.count()
    modifie = {
        **EXEMPLE,
        "contrat_missions": "acces 01/09/2020, parcours 01/02/2021, prevention",
        "communes": EXEMPLE["communes"] + " 69193",
        "territoire_depuis": "01/01/2022",
    }

    rapport = importer("modifie.csv", fichier(modifie), "84", agent)

    assert [(ligne.statut, ligne.details) for ligne in rapport.lignes] == [
        (MISE_A_JOUR, ["communes", "contrat_missions"])
    ]
    assert MissionContrat.objects.get(mission="parcours").demarrage == datetime.date(2021, 2, 1)
    assert MissionContrat.historique.filter(history_change_reason="Import du portefeuille (modifie.csv)").count() == 1
    assert Territoire.objects.get(fin__isnull=True).unites.filter(commune_id="69193").exists()
    assert Cpts.historique.count() == versions_cpts
    assert importer("modifie.csv", fichier(modifie), "84", agent).lignes[0].statut == INCHANGEE


def test_une_etape_ajoutee_au_fichier_est_franchie_a_sa_date(agent: object) -> None:
    debut = {**EXEMPLE, **{c: "" for c in COLONNES if c.startswith(("projet_sante", "contrat"))}}
    importer("debut.csv", fichier(debut), "84", agent)

    rapport = importer("suite.csv", fichier(EXEMPLE), "84", agent)

    assert rapport.lignes[0].statut == MISE_A_JOUR
    assert Cpts.objects.get().etape == "contrat_signe"


def _refus(agent: object, *lignes: dict[str, str]) -> list[str]:
    rapport = importer("refus.csv", fichier(*lignes), "84", agent)
    assert not Cpts.objects.exists()
    assert not DecisionEtape.objects.exists()
    assert not Contrat.objects.exists()
    return [detail for ligne in rapport.lignes if ligne.statut == REFUSEE for detail in ligne.details]


@pytest.mark.parametrize(
    ("changement", "attendu"),
    [
        ({"communes": "69014 99999"}, "communes : Code INSEE inconnu : 99999."),
        ({"epci": "200000000"}, "epci : SIREN d'EPCI inconnu : 200000000."),
        ({"pre_projet_valide_le": "01/01/2019"}, "pre_projet_valide_le : le 01/01/2019 précède lettre_intention_le"),
        ({"contrat_signature": "01/03/2020"}, "contrat_signature : le contrat est signé le 01/03/2020, avant la valid"),
        ({"siret": "78283015700016"}, "siret : « 78283015700016 » : la clé de contrôle est fausse."),
        ({"nom": '=HYPERLINK("http://x")'}, 'nom : « =HYPERLINK("http://x") » commence comme une formule'),
        ({"projet_sante_depose_le": "", "projet_sante_depose_instance": ""}, "projet_sante_depose_le : étape sautée"),
        ({"lettre_intention_instance": "préfet"}, "lettre_intention_instance : « préfet » n'est pas une instance"),
        ({"contrat_missions": "acces 01/09/2020, teleportation"}, "contrat_missions : La mission « teleportation »"),
    ],
)
def test_une_ligne_fautive_est_refusee_en_nommant_sa_colonne_et_rien_n_est_ecrit(
    agent: object, changement: dict[str, str], attendu: str
) -> None:
    details = _refus(agent, {**EXEMPLE, **changement})

    assert any(detail.startswith(attendu) for detail in details), details


def test_une_commune_deja_dans_une_autre_cpts_est_refusee(agent: object) -> None:
    CptsFactory(nom="Voisine", territoire=["69014"])
    rapport = importer("refus.csv", fichier(EXEMPLE), "84", agent)

    assert rapport.lignes[0].details == ["communes : Aveize (69014) appartient déjà au territoire de la CPTS Voisine."]
    assert Cpts.objects.count() == 1


def test_deux_lignes_de_la_meme_cpts_sont_refusees(agent: object) -> None:
    sans_territoire = {**EXEMPLE, "communes": "", "territoire_depuis": "", "contrat_signe_le": ""}
    sans_territoire.update({c: "" for c in COLONNES if c.startswith("contrat")})

    details = _refus(agent, sans_territoire, sans_territoire)

    assert details == ["siret : même CPTS que la ligne 2 : une CPTS par ligne."]


def test_une_decision_enregistree_ne_se_reecrit_pas_par_l_import(agent: object) -> None:
    importer("modele.csv", fichier(EXEMPLE), "84", agent)

    rapport = importer("autre.csv", fichier({**EXEMPLE, "lettre_intention_le": "04/06/2019"}), "84", agent)

    assert rapport.lignes[0].statut == REFUSEE
    assert rapport.lignes[0].details[0].startswith("lettre_intention_le : la décision enregistrée le 03/06/2019")


def test_un_fichier_en_windows_1252_est_refuse_avec_la_marche_a_suivre(agent: object) -> None:
    contenu = fichier(EXEMPLE).decode("utf-8-sig").replace("Haut-Exemple", "Hauts-Évêque").encode("cp1252")

    with pytest.raises(FichierRefuse, match="Encodage : le fichier n'est pas en UTF-8"):
        importer("refus.csv", contenu, "84", agent)


def test_un_fichier_separe_par_des_virgules_est_refuse(agent: object) -> None:
    contenu = fichier(EXEMPLE).replace(b";", b",")

    with pytest.raises(FichierRefuse, match="ce fichier utilise la virgule"):
        importer("refus.csv", contenu, "84", agent)


def test_un_fichier_de_cent_mille_lignes_est_refuse_sans_etre_traite(agent: object) -> None:
    # Les seules colonnes de la fiche (les autres sont absentes, donc vides) : le fichier reste sous la limite de
    # taille, c'est le nombre de lignes qui le fait refuser.
    ligne = ";".join(["CPTS {n}", "", "", "69", "", "01/01/2020"])
    texte = ";".join(COLONNES[:6]) + "\n" + "".join(ligne.replace("{n}", str(n)) + "\n" for n in range(100_000))

    with pytest.raises(FichierRefuse, match=f"plus de {LIGNES_MAX} lignes"):
        importer("enorme.csv", texte.encode("utf-8"), "84", agent)
    assert not Cpts.objects.exists()


def test_l_export_neutralise_une_cellule_qui_ressemble_a_une_formule() -> None:
    CptsFactory(nom="=1+1", dynamique_depuis=datetime.date(2020, 1, 1))

    assert "\r\n'=1+1;" in export.contenu("84", "csv").decode("utf-8-sig")


def test_la_commande_refuse_tout_le_fichier_pour_une_ligne_fautive_avec_le_code_2(
    tmp_path: object, agent: object, capsys: pytest.CaptureFixture[str]
) -> None:
    chemin = tmp_path / "portefeuille.csv"
    chemin.write_bytes(fichier({**EXEMPLE, "nom": "Autre", "siret": ""}, {**EXEMPLE, "communes": "99999"}))

    with pytest.raises(SystemExit) as sortie:
        call_command("portefeuille", "importer", str(chemin), "--region", "84", "--auteur", agent.username)

    assert sortie.value.code == 2
    assert not Cpts.objects.exists()
    lignes = capsys.readouterr().out.splitlines()
    assert lignes[0] == "Ligne 2 — Autre : créée."
    assert lignes[1].startswith("Ligne 3 — CPTS du Haut-Exemple : refusée. communes : Code INSEE inconnu : 99999.")
    assert lignes[-1].endswith("au moins une ligne est refusée : rien n'a été écrit.")


def test_la_commande_exporte_la_region_sur_la_sortie_standard(
    agent: object, capsys: pytest.CaptureFixture[str]
) -> None:
    importer("modele.csv", fichier(EXEMPLE), "84", agent)

    call_command("portefeuille", "exporter", "--region", "84")

    assert capsys.readouterr().out.encode("utf-8") == export.contenu("84", "csv")
