"""Les renouvellements dans le fichier du portefeuille : le dernier contrat (colonnes contrat_*) et celui qu'il a
renouvelé (colonnes contrat_precedent_*)."""

import datetime

import pytest

from cpts.contrats.models import Contrat
from cpts.dossiers.models import Cpts
from cpts.portefeuille import export
from cpts.portefeuille.importation import importer
from cpts.portefeuille.rapport import CREEE, INCHANGEE, MISE_A_JOUR, REFUSEE
from tests.comptes.factories import UtilisateurFactory
from tests.portefeuille.test_import import EXEMPLE, fichier

pytestmark = pytest.mark.usefixtures("communes")

# Le contrat de la ligne d'exemple (signé le 01/06/2020, cinq ans) passe en contrat précédent ; il est renouvelé le
# jour de sa fin, sous l'avenant 2 (la mission crises sanitaires s'ajoute aux socles).
RENOUVELEE = {
    **EXEMPLE,
    **{
        f"contrat_precedent_{suffixe}": EXEMPLE[f"contrat_{suffixe}"]
        for suffixe in ("signature", "taille", "population", "membres", "missions")
    },
    "contrat_signature": "01/06/2025",
    "contrat_taille": "1",
    "contrat_population": "",
    "contrat_membres": "52",
    "contrat_missions": "acces 01/06/2025, parcours 01/06/2025, prevention 01/06/2025, crise 01/09/2025",
}


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


def _refus(agent: object, ligne: dict[str, str]) -> list[str]:
    rapport = importer("refus.csv", fichier(ligne), "84", agent)
    assert rapport.lignes[0].statut == REFUSEE
    assert not rapport.ecrit
    return rapport.lignes[0].details


def test_une_cpts_renouvelee_est_creee_avec_ses_deux_contrats_et_se_reexporte_a_l_identique(agent: object) -> None:
    rapport = importer("renouvelee.csv", fichier(RENOUVELEE), "84", agent)

    assert [ligne.statut for ligne in rapport.lignes] == [CREEE]
    contrats = list(Cpts.objects.get().contrats.order_by("signature"))
    assert [(c.signature, c.fin, c.membres) for c in contrats] == [
        (datetime.date(2020, 6, 1), datetime.date(2025, 6, 1), 45),
        (datetime.date(2025, 6, 1), datetime.date(2030, 6, 1), 52),
    ]
    assert [m.mission for m in contrats[1].missions.all()] == ["acces", "parcours", "prevention", "crise"]
    assert export.lignes("84") == [RENOUVELEE]
    assert importer("renouvelee.csv", fichier(RENOUVELEE), "84", agent).lignes[0].statut == INCHANGEE


def test_le_renouvellement_ajoute_au_fichier_reprend_le_nouveau_contrat_sans_toucher_l_ancien(agent: object) -> None:
    importer("modele.csv", fichier(EXEMPLE), "84", agent)
    ancien = Contrat.objects.get()
    versions = ancien.historique.count()

    rapport = importer("renouvelee.csv", fichier(RENOUVELEE), "84", agent)

    assert [(ligne.statut, ligne.details) for ligne in rapport.lignes] == [(MISE_A_JOUR, ["contrat_signature"])]
    assert [c.signature for c in Contrat.objects.order_by("signature")] == [
        datetime.date(2020, 6, 1),
        datetime.date(2025, 6, 1),
    ]
    assert Contrat.objects.order_by("signature").first() == ancien
    assert ancien.historique.count() == versions


def test_un_renouvellement_signe_avant_la_fin_du_contrat_precedent_est_refuse_sans_rien_ecrire(agent: object) -> None:
    details = _refus(agent, {**RENOUVELEE, "contrat_signature": "01/03/2025"})

    assert details == [
        "contrat_signature : La CPTS a déjà un contrat en cours jusqu'au 01/06/2025, signé le 01/06/2020."
    ]
    assert not Cpts.objects.exists()


def test_un_renouvellement_date_dans_le_futur_est_refuse(agent: object) -> None:
    details = _refus(agent, {**RENOUVELEE, "contrat_signature": "01/06/2099"})

    assert details == [
        "contrat_signature : Un contrat s'enregistre une fois signé : la date ne peut être dans le futur."
    ]


def test_un_contrat_precedent_signe_apres_le_dernier_est_refuse(agent: object) -> None:
    details = _refus(agent, {**RENOUVELEE, "contrat_precedent_signature": "02/06/2025"})

    assert details[0].startswith("contrat_precedent_signature : le contrat précédent est signé le 02/06/2025")


def test_un_contrat_precedent_sans_le_contrat_qui_le_renouvelle_est_refuse(agent: object) -> None:
    sans_dernier = {**RENOUVELEE, **{f"contrat_{c}": "" for c in ("signature", "taille", "membres", "missions")}}

    assert _refus(agent, sans_dernier)[0].startswith("contrat_signature : vide, alors que contrat_precedent_signature")


def test_effacer_le_contrat_precedent_d_une_cpts_renouvelee_est_refuse(agent: object) -> None:
    importer("renouvelee.csv", fichier(RENOUVELEE), "84", agent)
    sans_precedent = {**RENOUVELEE, **{c: "" for c in RENOUVELEE if c.startswith("contrat_precedent_")}}

    details = _refus(agent, sans_precedent)

    assert details[0].startswith("contrat_precedent_signature : vide, alors que la CPTS a un contrat renouvelé")
    assert Contrat.objects.count() == 2


def test_remplacer_le_contrat_enregistre_par_son_renouvellement_est_refuse_en_disant_ou_le_garder(
    agent: object,
) -> None:
    importer("modele.csv", fichier(EXEMPLE), "84", agent)
    sans_precedent = {**RENOUVELEE, **{c: "" for c in RENOUVELEE if c.startswith("contrat_precedent_")}}

    details = _refus(agent, sans_precedent)

    assert details[0].startswith("contrat_signature : le contrat enregistré (signé le 01/06/2020) ne change que")
    assert details[0].endswith("en gardant ce contrat dans les colonnes contrat_precedent_*.")
    assert Contrat.objects.count() == 1
