"""L'état gardé des contrats (`cpts.contrats.etat`) : après chaque écriture, ce que lisent les listes des agents est
exactement ce que le calcul complet donnerait, quel que soit le jour lu."""

import datetime
from collections.abc import Callable
from contextlib import nullcontext
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cpts.comptabilite.models import Exercice
from cpts.contrats import services
from cpts.contrats.alertes import alertes
from cpts.contrats.echeancier import lignes_a_venir
from cpts.contrats.entrees_etat import ENTREES, SANS_EFFET
from cpts.contrats.etat import alertes_gardees, lignes_a_venir_gardees, recalculer
from cpts.contrats.models import (
    Annulation,
    Avenant,
    Cible,
    Contrat,
    EtatContrat,
    MissionContrat,
    OptionChoisie,
    Valeur,
)
from cpts.contrats.peremption import peremption_groupee
from cpts.contrats.prechargement import precharger
from cpts.portefeuille.importation import importer
from tests.comptabilite.factories import ExerciceFactory, IndemniteFactory
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import (
    SIGNATURE,
    BilanFactory,
    ContratFactory,
    DialogueFactory,
    IndicateurFactory,
    PaiementFactory,
    cpts_prete_a_signer,
)
from tests.portefeuille.test_import import EXEMPLE, fichier

pytestmark = pytest.mark.django_db

# Des jours qui encadrent la vie du contrat signé le 15/06/2022 : signature, anniversaires, après la fin.
JOURS = [
    datetime.date(2022, 6, 15),
    datetime.date(2022, 12, 1),
    datetime.date(2023, 6, 16),
    datetime.date(2023, 8, 16),
    datetime.date(2024, 5, 20),
    datetime.date(2025, 1, 1),
    datetime.date(2026, 7, 1),
    datetime.date(2027, 5, 1),
    datetime.date(2027, 6, 15),
    datetime.date(2028, 3, 1),
    datetime.date(2031, 1, 1),
]
HORIZON = 3660


def _alerte(alerte: object) -> tuple[object, ...]:
    return (alerte.contrat.pk, alerte.type, alerte.niveau, alerte.echeance, alerte.message)  # type: ignore[attr-defined]


def _entree(entree: object) -> tuple[object, ...]:
    ligne = entree.ligne  # type: ignore[attr-defined]
    return (entree.contrat.pk, ligne.cle, ligne.montant, ligne.paye, ligne.du_le, ligne.au_plus_tard, ligne.statut)  # type: ignore[attr-defined]


def lu_dans_l_etat(contrats: models.QuerySet[Contrat], le: datetime.date) -> tuple[list, list]:
    entrees, _total = lignes_a_venir_gardees(contrats, le, HORIZON)
    return [_alerte(a) for a in alertes_gardees(contrats, le)], [_entree(e) for e in entrees]


def calcule(contrats: models.QuerySet[Contrat], le: datetime.date) -> tuple[list, list]:
    liste = precharger(contrats.select_related("cpts").order_by("cpts__nom", "pk"))
    return [_alerte(a) for a in alertes(liste, le)], [_entree(e) for e in lignes_a_venir(liste, le, HORIZON)]


def assert_etat_egal_au_calcul(contrats: models.QuerySet[Contrat], jours: list[datetime.date] = JOURS) -> None:
    for le in jours:
        assert lu_dans_l_etat(contrats, le) == calcule(contrats, le), f"écart le {le:%d/%m/%Y}"


def _annuler(contrat: Contrat) -> None:
    paiement = PaiementFactory(contrat=contrat)
    recalculer(Contrat.objects.filter(pk=contrat.pk), tous=True)
    Annulation.objects.create(paiement=paiement, motif="Saisi deux fois.", annule_par=contrat.enregistre_par)


def _renouveler(contrat: Contrat) -> None:
    ContratFactory(cpts=contrat.cpts, signature=contrat.fin)


def _avenant(contrat: Contrat) -> None:
    Avenant.objects.create(
        contrat=contrat,
        numero=1,
        signe_le=datetime.date(2023, 9, 1),
        effet_le=datetime.date(2023, 9, 1),
        objet="Passage en taille 4.",
        taille=4,
        population=200_000,
        enregistre_par=contrat.enregistre_par,
    )


def _changer_valeur(contrat: Contrat) -> None:
    indicateur = IndicateurFactory(contrat=contrat, mission="acces", cibles={1: 100}, valeurs={1: 40})
    recalculer(Contrat.objects.filter(pk=contrat.pk), tous=True)
    Valeur.objects.filter(indicateur=indicateur).get().delete()


def _changer_cible(contrat: Contrat) -> None:
    indicateur = IndicateurFactory(contrat=contrat, mission="acces", cibles={1: 100}, valeurs={1: 40})
    recalculer(Contrat.objects.filter(pk=contrat.pk), tous=True)
    cible = Cible.objects.get(indicateur=indicateur)
    cible.valeur = Decimal(50)
    cible.save()


def _retenir_atteinte(contrat: Contrat) -> None:
    dialogue = DialogueFactory(contrat=contrat, annee=1)
    recalculer(Contrat.objects.filter(pk=contrat.pk), tous=True)
    BilanFactory(
        dialogue=dialogue,
        mission="acces",
        taux_retenu=Decimal("0.5"),
        retenu_par=contrat.enregistre_par,
        retenu_le=timezone.now(),
    )


def _declarer_crise(contrat: Contrat) -> None:
    DialogueFactory(contrat=contrat, annee=1, crise_survenue=True, crise_le=datetime.date(2023, 1, 10))


def _deposer_comptes(contrat: Contrat) -> None:
    ExerciceFactory(cpts=contrat.cpts, annee=2023, depose=True)


def _changer_lignes_des_comptes(contrat: Contrat) -> None:
    exercice = ExerciceFactory(cpts=contrat.cpts, annee=2023, depose=True)
    recalculer(Contrat.objects.filter(pk=contrat.pk), tous=True)
    ligne = exercice.lignes.get(poste="personnel", mission="fonctionnement")
    ligne.montant = Decimal("1000.00")
    ligne.save()


def _indemniser(contrat: Contrat) -> None:
    exercice = ExerciceFactory(cpts=contrat.cpts, annee=2024, depose=True)
    recalculer(Contrat.objects.filter(pk=contrat.pk), tous=True)
    IndemniteFactory(exercice=exercice, montant=Decimal("90000.00"), heures=Decimal("10"))


def _deployer(contrat: Contrat) -> None:
    mission = contrat.missions.get(mission="acces")
    mission.deploiement = datetime.date(2023, 1, 10)
    mission.save()


def _supprimer_exercice(contrat: Contrat) -> None:
    ExerciceFactory(cpts=contrat.cpts, annee=2023, depose=True)
    recalculer(Contrat.objects.filter(pk=contrat.pk), tous=True)
    Exercice.objects.filter(cpts=contrat.cpts).delete()


def _changer_contrat(contrat: Contrat) -> None:
    contrat.taille, contrat.population = 4, 200_000
    contrat.save()


ECRITURES: dict[str, Callable[[Contrat], None]] = {
    "contrat changé": _changer_contrat,
    "contrat renouvelé": _renouveler,
    "avenant": _avenant,
    "mission ajoutée": lambda c: MissionContrat.objects.create(contrat=c, mission="qualite", demarrage=SIGNATURE),
    "mission déployée": _deployer,
    "option": lambda c: OptionChoisie.objects.create(contrat=c, option="fonctionnement-additionnel", depuis=SIGNATURE),
    "indicateur": lambda c: IndicateurFactory(contrat=c, mission="acces", cibles={1: 100}, valeurs={1: 40}),
    "valeur supprimée": _changer_valeur,
    "cible changée": _changer_cible,
    "dialogue de gestion": lambda c: DialogueFactory(contrat=c, annee=1),
    "atteinte retenue": _retenir_atteinte,
    "crise déclarée": _declarer_crise,
    "versement": lambda c: PaiementFactory(contrat=c),
    "versement annulé": _annuler,
    "comptes déposés": _deposer_comptes,
    "lignes des comptes": _changer_lignes_des_comptes,
    "indemnités": _indemniser,
    "exercice supprimé": _supprimer_exercice,
}


@pytest.mark.parametrize("groupee", [False, True], ids=["seule", "en bloc groupé"])
@pytest.mark.parametrize("ecriture", ECRITURES.values(), ids=ECRITURES.keys())
def test_chaque_ecriture_perime_l_etat_dans_sa_transaction_et_la_lecture_suivante_egale_le_calcul(
    ecriture: Callable[[Contrat], None], groupee: bool
) -> None:
    """Seule, l'écriture périme l'état tout de suite ; dans un bloc `peremption_groupee`, à la fin du bloc."""
    contrat = ContratFactory()
    contrats = Contrat.objects.filter(cpts=contrat.cpts)
    recalculer(contrats, tous=True)
    with peremption_groupee() if groupee else nullcontext():
        ecriture(contrat)
    assert not EtatContrat.objects.filter(contrat=contrat).exists()
    assert_etat_egal_au_calcul(contrats)
    assert EtatContrat.objects.filter(contrat=contrat).exists()


def lu_par_pages(contrats: models.QuerySet[Contrat], le: datetime.date) -> tuple[list, list]:
    """Ce que montrent les pages des listes : le nombre et les tranches, gardés sous la version des données."""
    entrees, _total = lignes_a_venir_gardees(contrats, le, HORIZON)
    lues = alertes_gardees(contrats, le)
    return [_alerte(a) for a in lues[0 : len(lues)]], [_entree(e) for e in entrees[0 : len(entrees)]]


@pytest.mark.parametrize("ecriture", ECRITURES.values(), ids=ECRITURES.keys())
def test_les_pages_gardees_avant_une_ecriture_ne_sont_plus_servies_apres_elle(
    ecriture: Callable[[Contrat], None],
) -> None:
    contrat = ContratFactory()
    contrats = Contrat.objects.filter(cpts=contrat.cpts)
    jours = JOURS[1:5]
    avant = {le: lu_par_pages(contrats, le) for le in jours}
    ecriture(contrat)
    assert {le: lu_par_pages(contrats, le) for le in jours} == {le: calcule(contrats, le) for le in jours}
    if ecriture is ECRITURES["versement"]:
        assert {le: lu_par_pages(contrats, le) for le in jours} != avant


def test_une_page_relue_sans_ecriture_n_est_ni_recomptee_ni_relue_et_un_nom_de_cpts_change_s_y_voit() -> None:
    contrat = ContratFactory()
    contrats = Contrat.objects.filter(cpts=contrat.cpts)
    le = JOURS[4]
    lu = lu_par_pages(contrats, le)
    with CaptureQueriesContext(connection) as requetes:
        assert lu_par_pages(contrats, le) == lu
    assert not [r for r in requetes if "contrats_ligneetat" in r["sql"] or "contrats_alerteetat" in r["sql"]]
    contrat.cpts.nom = "CPTS renommée"
    contrat.cpts.save()
    entrees, _total = lignes_a_venir_gardees(contrats, le, HORIZON)
    alertes_lues = alertes_gardees(contrats, le)
    assert {e.contrat.cpts.nom for e in entrees[0:50]} == {a.contrat.cpts.nom for a in alertes_lues[0:50]}
    assert {e.contrat.cpts.nom for e in entrees[0:50]} == {"CPTS renommée"}


def test_ce_qu_une_transaction_annulee_a_lu_de_ses_propres_ecritures_n_est_pas_servi_ensuite() -> None:
    contrat = ContratFactory()
    contrats = Contrat.objects.filter(cpts=contrat.cpts)
    recalculer(contrats, tous=True)
    le = JOURS[4]
    avant = lu_par_pages(contrats, le)
    with transaction.atomic():
        with peremption_groupee():
            PaiementFactory(contrat=contrat)
            assert lu_par_pages(contrats, le) == calcule(contrats, le) != avant
        transaction.set_rollback(True)
    assert lu_par_pages(contrats, le) == calcule(contrats, le) == avant


def test_les_modeles_qui_referencent_un_contrat_ou_un_exercice_sont_tous_declares_entrees_ou_ecartes() -> None:
    cibles = {Contrat, Exercice}
    vus: set[type[models.Model]] = set()
    a_suivre = set(cibles)
    while a_suivre:
        suivants = {
            modele
            for modele in apps.get_models()
            if modele not in vus | cibles
            and not modele.__name__.startswith("Historical")
            and any(
                champ.concrete and champ.is_relation and champ.related_model in a_suivre
                for champ in modele._meta.get_fields()
            )
        }
        vus |= suivants
        a_suivre = suivants
    non_declares = {
        modele._meta.label for modele in vus if modele not in ENTREES and modele._meta.label not in SANS_EFFET
    }
    assert non_declares == set(), "à déclarer dans cpts.contrats.entrees_etat (ENTREES ou SANS_EFFET)"


def test_un_etat_calcule_par_d_autres_regles_est_recalcule_avant_d_etre_lu() -> None:
    contrat = ContratFactory()
    contrats = Contrat.objects.filter(pk=contrat.pk)
    recalculer(contrats, tous=True)
    EtatContrat.objects.filter(contrat=contrat).update(version="ancienne")
    contrat.lignes_etat.update(montant=Decimal("1.00"), restant=Decimal("1.00"))
    assert_etat_egal_au_calcul(contrats, JOURS[:2])


def test_une_ecriture_en_masse_hors_des_signaux_ne_perime_rien_sans_l_appel_explicite() -> None:
    """Ce que les chargements en masse doivent faire eux-mêmes (démonstration, jeu du banc) : le test le montre."""
    contrat = ContratFactory()
    contrats = Contrat.objects.filter(pk=contrat.pk)
    recalculer(contrats, tous=True)
    Contrat.objects.filter(pk=contrat.pk).update(taille=4, population=200_000)
    assert EtatContrat.objects.filter(contrat=contrat).exists()
    call_command("etat", verbosity=0)
    assert_etat_egal_au_calcul(contrats, JOURS[:3])


def test_la_commande_etat_recalcule_chaque_contrat_et_le_dit(capsys: pytest.CaptureFixture[str]) -> None:
    ContratFactory()
    ContratFactory()
    call_command("etat", verbosity=0)
    assert "État de 2 contrats recalculé." in capsys.readouterr().out
    assert EtatContrat.objects.count() == 2


def test_les_comptes_non_deposes_une_annee_et_deposes_la_suivante_se_lisent_comme_le_calcul() -> None:
    contrat = ContratFactory()
    ExerciceFactory(cpts=contrat.cpts, annee=2022, depose=False)
    ExerciceFactory(cpts=contrat.cpts, annee=2024, depose=True, reserves_ouverture=Decimal("900000.00"))
    jours = [datetime.date(annee, mois, 1) for annee in range(2022, 2029) for mois in (1, 4, 7, 10)]
    assert_etat_egal_au_calcul(Contrat.objects.filter(pk=contrat.pk), jours)


def test_le_statut_d_une_ligne_gardee_suit_le_jour_lu() -> None:
    contrats = Contrat.objects.filter(pk=ContratFactory().pk)

    def premiere(le: datetime.date) -> str:
        return lignes_a_venir_gardees(contrats, le, 0)[0][0].ligne.statut

    assert premiere(SIGNATURE) == "exigible"
    assert premiere(datetime.date(2031, 1, 1)) == "en_retard"


@pytest.mark.usefixtures("communes")
def test_l_import_d_un_portefeuille_calcule_l_etat_des_contrats_qu_il_ecrit_dans_sa_transaction() -> None:
    importer("modele.csv", fichier(EXEMPLE), "84", UtilisateurFactory(agent_ars_region=True))
    contrats = Contrat.objects.all()
    assert EtatContrat.objects.count() == contrats.count() == 1
    assert_etat_egal_au_calcul(contrats, [datetime.date(2020, 6, 1), datetime.date(2023, 1, 1)])


def _requetes_hors_insertions(valeurs: int) -> int:
    """Les requêtes d'un bloc groupé qui écrit `valeurs` valeurs d'un même contrat, insertions (la valeur et son
    historique) mises à part : ce que coûte la péremption de l'état."""
    contrat = ContratFactory()
    indicateurs = [IndicateurFactory(contrat=contrat, mission="acces") for _ in range(2)]
    recalculer(Contrat.objects.filter(pk=contrat.pk), tous=True)
    with CaptureQueriesContext(connection) as requetes, peremption_groupee():
        for rang in range(valeurs):
            Valeur.objects.create(
                indicateur=indicateurs[rang % 2],
                annee=rang // 2 + 1,
                valeur=Decimal(rang),
                declaree_par=contrat.enregistre_par,
                declaree_le=timezone.now(),
            )
    assert not EtatContrat.objects.filter(contrat=contrat).exists()
    return sum(
        1 for requete in requetes if not requete["sql"].lstrip().upper().startswith(("INSERT", "SAVEPOINT", "RELEASE"))
    )


def test_des_valeurs_d_un_contrat_ecrites_en_bloc_perimant_son_etat_une_fois_quel_que_soit_leur_nombre() -> None:
    # La nouvelle version des données du déploiement (les tableaux de bord gardés), les contrats des indicateurs touchés
    # (une requête), leur verrou, la suppression de leur état : pour une valeur comme pour dix (avant, ces requêtes à
    # chaque valeur).
    assert [_requetes_hors_insertions(1), _requetes_hors_insertions(10)] == [4, 4]


@pytest.mark.usefixtures("communes")
def test_signer_un_contrat_perime_son_etat_une_fois_pour_toutes_ses_missions_et_ses_indicateurs() -> None:
    socles = dict.fromkeys(("acces", "parcours", "prevention", "crise"), SIGNATURE)
    agent = UtilisateurFactory(agent_cpam_departement=True)
    with CaptureQueriesContext(connection) as requetes:
        contrat = services.signer(cpts_prete_a_signer(), agent, signature=SIGNATURE, missions_choisies=socles)
    suppressions = [requete for requete in requetes if requete["sql"].startswith('DELETE FROM "contrats_etatcontrat"')]
    assert contrat.indicateurs.count() > 1
    assert len(suppressions) == 1


def test_une_lecture_de_l_etat_dans_un_bloc_groupe_voit_les_ecritures_deja_faites() -> None:
    contrat = ContratFactory()
    contrats = Contrat.objects.filter(pk=contrat.pk)
    recalculer(contrats, tous=True)
    with peremption_groupee():
        PaiementFactory(contrat=contrat)
        assert_etat_egal_au_calcul(contrats, JOURS[:4])
        _changer_cible(contrat)
        assert_etat_egal_au_calcul(contrats, JOURS[:4])


def test_recalculer_dans_un_bloc_groupe_garde_l_etat_des_ecritures_retenues() -> None:
    contrat = ContratFactory()
    contrats = Contrat.objects.filter(pk=contrat.pk)
    recalculer(contrats, tous=True)
    with peremption_groupee():
        PaiementFactory(contrat=contrat)
        assert recalculer(contrats) == 1
    assert EtatContrat.objects.filter(contrat=contrat).exists()
    assert_etat_egal_au_calcul(contrats, JOURS[:4])
