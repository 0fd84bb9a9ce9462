import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cpts.dossiers.enums import TransitionEtape as T
from cpts.pilotage import presentation
from cpts.pilotage.models import StatistiquePubliee
from tests.comptes.factories import UtilisateurFactory
from tests.pilotage.factories import projet_avec_historique

pytestmark = pytest.mark.usefixtures("communes")


def compte(date: datetime.date, colonne: str, departement: str = "69") -> int:
    etat = presentation.etat_des_lieux("84", date)
    return next(ligne for ligne in etat.lignes if ligne["departement"] == departement)[colonne]


@pytest.fixture
def signe_en_2021(communes: None) -> None:
    projet_avec_historique(
        datetime.date(2019, 6, 1),
        [
            (T.DEPOSER_PRE_PROJET, datetime.date(2020, 1, 10)),
            (T.VALIDER_PRE_PROJET, datetime.date(2020, 3, 1)),
            (T.DEPOSER_PROJET_SANTE, datetime.date(2020, 9, 1)),
            (T.VALIDER_PROJET_SANTE, datetime.date(2020, 11, 2)),
            (T.SIGNER_CONTRAT, datetime.date(2021, 2, 1)),
        ],
    )


@pytest.mark.usefixtures("signe_en_2021")
@pytest.mark.parametrize(
    ("date", "colonne"),
    [
        (datetime.date(2019, 12, 31), "dynamique"),
        (datetime.date(2020, 2, 1), "dynamique"),
        (datetime.date(2020, 6, 30), "pre_projet_valide"),
        (datetime.date(2020, 12, 31), "projet_sante_valide"),
        (datetime.date(2021, 2, 1), "contrat_signe"),
    ],
)
def test_un_projet_signe_en_2021_compte_a_ses_etapes_passees_aux_dates_anterieures(
    date: datetime.date, colonne: str
) -> None:
    assert compte(date, colonne) == 1
    assert compte(date, "total") == 1


@pytest.mark.usefixtures("signe_en_2021")
def test_un_projet_n_est_pas_compte_avant_le_debut_de_sa_dynamique() -> None:
    assert compte(datetime.date(2019, 5, 31), "total") == 0


def test_un_projet_abandonne_sort_du_tableau_a_la_date_de_l_abandon() -> None:
    projet_avec_historique(datetime.date(2020, 1, 1), [(T.DEPOSER_PRE_PROJET, datetime.date(2020, 3, 1))])
    from cpts.dossiers.models import Cpts, DecisionEtape

    cpts = Cpts.objects.get()
    DecisionEtape.objects.create(
        cpts=cpts,
        transition=T.ABANDONNER,
        etape_avant="lettre_intention",
        etape_apres="abandonne",
        date=datetime.date(2021, 1, 1),
        instance="ars",
        motif="Équipe dissoute",
        enregistre_par=UtilisateurFactory(),
    )
    assert (compte(datetime.date(2020, 12, 31), "total"), compte(datetime.date(2021, 1, 1), "total")) == (1, 0)


def test_l_etat_des_lieux_national_coute_autant_de_requetes_pour_1_ou_40_projets() -> None:
    def requetes() -> int:
        with CaptureQueriesContext(connection) as contexte:
            presentation.etat_des_lieux(None, datetime.date(2021, 6, 1))
            presentation.couverture_regions(None, datetime.date(2021, 6, 1))
        return len(contexte)

    projet_avec_historique(datetime.date(2020, 1, 1), [])
    une = requetes()
    for rang in range(39):
        projet_avec_historique(datetime.date(2020, 1, 1), [], departement=f"{(rang % 9) + 1:02d}")
    assert requetes() == une


def test_les_chiffres_publies_sont_ceux_de_la_derniere_publication_a_la_date() -> None:
    for date, valeur in ((datetime.date(2020, 12, 31), 7), (datetime.date(2021, 6, 4), 11)):
        for indicateur, chiffre in (
            ("cpts_signees", valeur),
            ("population_couverte", 1000 * valeur),
            ("habitants", 10**6),
        ):
            StatistiquePubliee.objects.create(
                zone="52", date=date, indicateur=indicateur, valeur=chiffre, source="test"
            )
    lignes = {
        ligne["region"]: ligne for ligne in presentation.couverture_publiee(None, datetime.date(2021, 3, 1)).lignes
    }
    assert lignes["52"]["cpts_signees"] == 7


@pytest.fixture
def lecteur(client: Client) -> Client:
    client.force_login(UtilisateurFactory())
    return client


def test_le_csv_s_ouvre_dans_excel_en_francais(lecteur: Client) -> None:
    reponse = lecteur.get("/pilotage/tableau/couverture-regions/", {"date": "2021-06-04", "format": "csv"})
    contenu = reponse.content.decode("utf-8")
    assert contenu.startswith("\ufeffRégion;CPTS signées;")
    ligne_aura = next(ligne for ligne in contenu.splitlines() if ligne.startswith("Auvergne"))
    assert ligne_aura.split(";")[4] in ("0", "0,0") or "," in ligne_aura.split(";")[4]


def test_le_xlsx_a_des_cellules_numeriques(lecteur: Client) -> None:
    projet_avec_historique(datetime.date(2020, 1, 1), [])
    reponse = lecteur.get("/pilotage/tableau/etat-des-lieux/", {"region": "84", "date": "2021-06-01", "format": "xlsx"})
    feuille = load_workbook(io.BytesIO(reponse.content)).active
    rhone = next(ligne for ligne in feuille.iter_rows(values_only=True) if ligne[0] == "69")
    assert rhone[1:] == (1, 0, 0, 0, 1)


def test_le_pdf_est_un_vrai_pdf(lecteur: Client) -> None:
    reponse = lecteur.get("/pilotage/tableau/etat-des-lieux/", {"region": "84", "format": "pdf"})
    assert (reponse["Content-Type"], reponse.content[:5]) == ("application/pdf", b"%PDF-")


def test_la_page_d_un_tableau_inconnu_repond_404(lecteur: Client) -> None:
    assert lecteur.get("/pilotage/tableau/inconnu/").status_code == 404


def test_la_commande_refuse_une_date_mal_ecrite(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    with pytest.raises(SystemExit) as sortie:
        call_command("etat-des-lieux", "--region", "84", "--date", "31/02/2021")
    assert (sortie.value.code, capsys.readouterr().err) == (
        2,
        "Date invalide « 31/02/2021 » : attendu JJ/MM/AAAA ou AAAA-MM-JJ.\n",
    )


def test_la_commande_refuse_une_region_inconnue(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    with pytest.raises(SystemExit):
        call_command("etat-des-lieux", "--region", "99")
    assert "Région inconnue : 99" in capsys.readouterr().err


def test_la_commande_affiche_un_tableau_francais(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    projet_avec_historique(datetime.date(2020, 1, 1), [])
    call_command("etat-des-lieux", "--region", "84", "--date", "2021-06-01")
    sortie = capsys.readouterr().out
    assert sortie.startswith("État des lieux des CPTS au 01/06/2021")
    assert "Dynamiques" in sortie


def test_la_commande_lit_une_date_a_la_francaise_comme_la_meme_date_iso(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    call_command("etat-des-lieux", "--region", "84", "--date", "2021-06-01", "--format", "json")
    iso = capsys.readouterr().out
    call_command("etat-des-lieux", "--region", "84", "--date", "01/06/2021", "--format", "json")
    assert capsys.readouterr().out == iso
