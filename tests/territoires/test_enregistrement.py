import datetime

import pytest
from django.core.exceptions import ValidationError

from cpts.dossiers.enums import Etape
from cpts.territoires.enregistrement import enregistrer, territoire_en_cours
from cpts.territoires.models import Arbitrage, Territoire
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")

LYON, VILLEURBANNE, BRON = "69123", "69266", "69029"
JOUR = datetime.date(2022, 3, 1)


def codes(territoire: Territoire) -> set[str]:
    return set(territoire.unites.values_list("commune_id", flat=True))


def test_enregistrer_ouvre_une_version_et_clot_la_precedente() -> None:
    ancien = TerritoireFactory(communes=[LYON])
    nouveau = enregistrer(ancien.cpts, [LYON, VILLEURBANNE], auteur=UtilisateurFactory(), date=JOUR)
    ancien.refresh_from_db()
    assert (ancien.fin, nouveau.debut, codes(nouveau)) == (JOUR, JOUR, {LYON, VILLEURBANNE})


def test_la_population_est_notee_a_l_enregistrement() -> None:
    territoire = enregistrer(CptsFactory(), [VILLEURBANNE], auteur=UtilisateurFactory(), date=JOUR)
    assert territoire.population == territoire.unites.get().commune.population


def test_un_territoire_qui_reprend_la_commune_d_une_autre_cpts_est_refuse_en_nommant_la_commune() -> None:
    TerritoireFactory(cpts__nom="CPTS de Villeurbanne", communes=[VILLEURBANNE])
    cpts = CptsFactory()
    with pytest.raises(ValidationError) as refus:
        enregistrer(cpts, [LYON, VILLEURBANNE], auteur=UtilisateurFactory(), date=JOUR)
    assert refus.value.messages == [
        "Villeurbanne (69266) appartient déjà au territoire de la CPTS CPTS de Villeurbanne."
    ]
    assert territoire_en_cours(cpts) is None


def test_un_code_inconnu_est_refuse_et_rien_n_est_ecrit() -> None:
    cpts = CptsFactory()
    with pytest.raises(ValidationError, match="Code INSEE inconnu : 99999"):
        enregistrer(cpts, [LYON, "99999"], auteur=UtilisateurFactory(), date=JOUR)
    assert not Territoire.objects.filter(cpts=cpts).exists()


def test_un_arbitrage_de_partage_par_un_agent_fait_passer_la_commune() -> None:
    autre = TerritoireFactory(cpts__nom="CPTS de l'Est lyonnais", communes=[VILLEURBANNE, BRON])
    cpts = CptsFactory()
    agent = UtilisateurFactory(agent_ars_region=True)
    enregistrer(cpts, [LYON, VILLEURBANNE], agent, JOUR, {VILLEURBANNE: Arbitrage.Decision.PARTAGE}, "Accord ECD")
    assert codes(territoire_en_cours(cpts)) == {LYON, VILLEURBANNE}
    assert codes(territoire_en_cours(autre.cpts)) == {BRON}
    assert Arbitrage.objects.get().motif == "Accord ECD"


def test_un_arbitrage_de_fusion_absorbe_le_territoire_de_l_autre_cpts() -> None:
    autre = TerritoireFactory(communes=[VILLEURBANNE, BRON])
    cpts = CptsFactory()
    enregistrer(
        cpts, [LYON, VILLEURBANNE], UtilisateurFactory(agent_ars_region=True), JOUR, {VILLEURBANNE: "fusion"}, "Fusion"
    )
    autre.cpts.refresh_from_db()
    assert codes(territoire_en_cours(cpts)) == {LYON, VILLEURBANNE, BRON}
    assert territoire_en_cours(autre.cpts) is None
    assert autre.cpts.etape == Etape.FUSIONNE


def test_un_coordinateur_ne_peut_pas_arbitrer() -> None:
    TerritoireFactory(communes=[VILLEURBANNE])
    cpts = CptsFactory()
    coordinateur = UtilisateurFactory(cpts=[cpts])
    with pytest.raises(ValidationError, match="Seul un agent ARS ou CPAM"):
        enregistrer(cpts, [VILLEURBANNE], coordinateur, JOUR, {VILLEURBANNE: "partage"}, "Je le veux")


def test_un_arbitrage_sans_motif_est_refuse() -> None:
    TerritoireFactory(communes=[VILLEURBANNE])
    with pytest.raises(ValidationError, match="motivé"):
        enregistrer(
            CptsFactory(), [VILLEURBANNE], UtilisateurFactory(administrateur=True), JOUR, {VILLEURBANNE: "partage"}
        )


@pytest.mark.parametrize("jour", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)], ids=["an-1", "an-9999"])
def test_une_version_datee_hors_des_bornes_est_refusee_sans_rien_ecrire(jour: datetime.date) -> None:
    cpts = CptsFactory()
    with pytest.raises(ValidationError) as refus:
        enregistrer(cpts, [LYON], auteur=UtilisateurFactory(), date=jour)
    assert "hors des bornes permises (01/01/2000 à 31/12/2094)" in refus.value.messages[0]
    assert not Territoire.objects.filter(cpts=cpts).exists()
