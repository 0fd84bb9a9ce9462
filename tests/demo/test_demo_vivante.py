"""La démonstration, chargée par l'import du portefeuille, redonne les chiffres publiés à leur date — tableaux et
versements — puis continue jusqu'à aujourd'hui comme un programme bien tenu ([cpr-aura-2021-06-09],
[cpr-pdl-2021-02-04])."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from cpts.comptes.models import Utilisateur
from cpts.contrats.alertes import alertes
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.enums import Niveau
from cpts.contrats.models import Contrat, Paiement
from cpts.dossiers.enums import Etape
from cpts.dossiers.membres import decompter
from cpts.dossiers.models import Cpts
from cpts.pilotage import presentation
from cpts.pilotage.tableaux import etat_des_lieux

pytestmark = pytest.mark.usefixtures("demo")
COLONNES = ("dynamique", "pre_projet_valide", "projet_sante_valide", "contrat_signe", "total")


def commande_json(capsys: pytest.CaptureFixture[str], *arguments: str) -> dict:
    call_command(*arguments, "--format", "json")
    return json.loads(capsys.readouterr().out)


def verse(region: str, jusqu_au: datetime.date, depuis: datetime.date = datetime.date.min) -> tuple[Decimal, int]:
    versements = Paiement.objects.filter(contrat__cpts__region=region, date__gte=depuis, date__lte=jusqu_au)
    return versements.aggregate(total=Sum("montant"))["total"], versements.values("contrat__cpts").distinct().count()


def test_la_demo_passe_par_l_import_du_portefeuille() -> None:
    projet = Cpts.objects.get(nom="Vénissieux")
    assert projet.historique.earliest("history_date").history_change_reason == (
        "Import du portefeuille (portefeuille-84.csv)"
    )
    assert Cpts.objects.filter(region="52").count() == 28


def test_les_pays_de_la_loire_de_decembre_2020_sont_ceux_du_support_en_quatre_colonnes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    donnees = commande_json(capsys, "etat-des-lieux", "--region", "52", "--date", "2020-12-31")
    assert tuple(donnees["total"][colonne] for colonne in COLONNES) == (5, 11, 5, 7, 28)


def test_686_000_euros_sont_verses_en_2020_aux_7_premiers_contrats_des_pays_de_la_loire(
    capsys: pytest.CaptureFixture[str],
) -> None:
    donnees = commande_json(capsys, "paiements", "--region", "52", "--date", "2020-12-31")
    annee_2020 = next(ligne for ligne in donnees["lignes"] if ligne["annee"] == "2020")
    assert round(Decimal(annee_2020["total"]), -3) == 686_000
    assert verse("52", datetime.date(2020, 12, 31))[1] == 7


def test_2_2_millions_sont_verses_a_19_cpts_d_auvergne_rhone_alpes_au_1er_juin_2021(
    capsys: pytest.CaptureFixture[str],
) -> None:
    donnees = commande_json(capsys, "paiements", "--region", "84", "--date", "2021-06-01")
    assert round(Decimal(donnees["total"]["total"]), -5) == 2_200_000
    assert verse("84", datetime.date(2021, 6, 1))[1] == 19


def test_l_etat_des_lieux_aura_du_1er_juin_2021_reste_celui_du_support() -> None:
    total = etat_des_lieux("84", datetime.date(2021, 6, 1)).total
    assert (total.total, total.comptes["contrat_signe"]) == (96, 20)


def test_les_chiffres_nationaux_publies_sont_a_part_avec_leur_source_et_leur_date() -> None:
    publies = {ligne["nom"]: ligne for ligne in presentation.etats_publies(None, datetime.date(2021, 1, 1)).lignes}
    france = publies["France"]
    assert tuple(france[colonne] for colonne in COLONNES) == (326, 158, 30, 85, 599)
    assert france["publie_le"] == datetime.date(2020, 12, 31)
    assert "fédération nationale des CPTS" in france["source"]
    calcule = etat_des_lieux(None, datetime.date(2020, 12, 31)).total.total
    assert calcule != 599


def test_les_premiers_contrats_sont_renouveles_et_gardent_leurs_versements() -> None:
    venissieux = list(Contrat.objects.filter(cpts__nom="Vénissieux").order_by("signature"))
    assert [contrat.signature for contrat in venissieux] == [datetime.date(2019, 9, 24), datetime.date(2024, 9, 24)]
    assert venissieux[1].texte == "avenant-2"
    for contrat in venissieux:
        assert contrat.paiements.exists()
        lignes = [ligne for ligne in echeancier_du_contrat(contrat).lignes if ligne.du_le <= datetime.date(2026, 9, 1)]
        assert all(ligne.restant == 0 for ligne in lignes if ligne.definitif)


def test_un_contrat_renouvele_compte_une_fois_au_tableau_des_contrats_signes() -> None:
    lignes = presentation.contrats_signes("84", datetime.date(2026, 11, 16)).lignes
    noms = [ligne["nom"] for ligne in lignes]
    assert noms.count("Vénissieux") == 1
    juin_2021 = {ligne["nom"]: ligne for ligne in presentation.contrats_signes("84", datetime.date(2021, 6, 4)).lignes}
    assert juin_2021["Vénissieux"]["signature"] == datetime.date(2019, 9, 24)


def test_chaque_annee_finie_a_son_dialogue_de_gestion_et_ses_valeurs() -> None:
    contrat = Contrat.objects.get(cpts__nom="Vénissieux", signature=datetime.date(2019, 9, 24))
    assert sorted(contrat.dialogues.values_list("annee", flat=True)) == [1, 2, 3, 4, 5]
    assert contrat.indicateurs.filter(valeurs__annee=5).exists()


def test_aujourd_hui_la_region_n_a_aucune_alerte_en_retard() -> None:
    du_jour = alertes(Contrat.objects.select_related("cpts"), datetime.date(2026, 11, 16))
    assert du_jour
    assert [alerte.message for alerte in du_jour if alerte.niveau == Niveau.EN_RETARD] == []


def test_la_cpts_du_coordinateur_a_son_association_ses_membres_et_ses_pieces() -> None:
    cpts = Utilisateur.objects.get(username="coordination").cpts.get()
    assert (cpts.nom, cpts.siret) == ("Monts du Lyonnais", "88419027050001")
    assert decompter(cpts).adherents >= 40
    assert cpts.documents.filter(depots__isnull=False).count() == 7


def test_le_second_coordinateur_suit_un_projet_a_la_dynamique_qui_ecrit_son_pre_projet() -> None:
    cpts = Utilisateur.objects.get(username="coordination.preprojet").cpts.get()
    assert cpts.etape == Etape.DYNAMIQUE
    assert cpts.documents.get().type == "pre_projet"


def test_le_secretariat_de_la_cpr_est_un_agent_cpam_de_la_region() -> None:
    secretariat = Utilisateur.objects.get(username="secretariat.cpr")
    assert (secretariat.role, secretariat.region) == ("agent_cpam", "84")
