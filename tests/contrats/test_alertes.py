"""Les alertes du suivi : délais des missions, versements exigibles, valeurs manquantes, fin de contrat."""

import datetime
from decimal import Decimal

import pytest

from cpts.contrats.alertes import alertes, alertes_du_contrat
from cpts.contrats.enums import Niveau, TypeAlerte
from cpts.contrats.models import Contrat
from tests.contrats.factories import ContratFactory, DialogueFactory, IndicateurFactory, PaiementFactory

pytestmark = pytest.mark.django_db

SIGNATURE = datetime.date(2022, 6, 15)
NON_DATEES = dict.fromkeys(["acces", "parcours", "prevention", "crise"])


def de_type(contrat: object, le: datetime.date, type_: TypeAlerte) -> list:
    return [alerte for alerte in alertes_du_contrat(contrat, le) if alerte.type == type_]


def test_une_mission_qui_n_a_pas_demarre_dans_son_delai_est_en_retard() -> None:
    contrat = ContratFactory(missions=NON_DATEES)
    (acces,) = [a for a in de_type(contrat, datetime.date(2023, 1, 10), TypeAlerte.DEMARRAGE) if "Accès" in a.message]
    assert acces.niveau == Niveau.EN_RETARD
    assert acces.message == "Mission Accès aux soins : démarrage attendu au plus tard le 15/12/2022, date dépassée."


def test_une_mission_dont_le_delai_tombe_dans_le_mois_est_signalee() -> None:
    contrat = ContratFactory(missions=NON_DATEES)
    niveaux = {
        a.message.split(" :")[0]: a.niveau for a in de_type(contrat, datetime.date(2022, 11, 20), TypeAlerte.DEMARRAGE)
    }
    assert niveaux == {"Mission Accès aux soins": Niveau.BIENTOT, "Mission Crises sanitaires": Niveau.BIENTOT}


def test_une_mission_demarree_a_temps_ne_donne_plus_d_alerte_de_demarrage() -> None:
    contrat = ContratFactory()
    assert de_type(contrat, datetime.date(2023, 1, 10), TypeAlerte.DEMARRAGE) == []


def test_le_deploiement_complet_attendu_est_signale() -> None:
    contrat = ContratFactory()
    messages = [a.message for a in de_type(contrat, datetime.date(2023, 11, 20), TypeAlerte.DEPLOIEMENT)]
    assert messages == [
        "Mission Accès aux soins : déploiement complet attendu au plus tard le 15/12/2023.",
        "Mission Crises sanitaires : déploiement complet attendu au plus tard le 15/12/2023.",
    ]


def test_les_versements_exigibles_non_payes_sont_regroupes_par_echeance() -> None:
    contrat = ContratFactory(missions=NON_DATEES)
    (alerte,) = de_type(contrat, datetime.date(2022, 7, 1), TypeAlerte.VERSEMENT)
    assert alerte.niveau == Niveau.BIENTOT
    assert alerte.message == (
        "60\u202f000,00\u00a0€ exigibles depuis le 15/06/2022 (1 ligne), à payer au plus tard le 15/08/2022."
    )


def test_un_solde_non_paye_deux_mois_apres_l_anniversaire_est_en_retard() -> None:
    contrat = ContratFactory(missions=NON_DATEES)
    (alerte,) = de_type(contrat, datetime.date(2022, 8, 16), TypeAlerte.VERSEMENT)
    assert alerte.niveau == Niveau.EN_RETARD
    assert alerte.message.endswith("délai dépassé.")


def test_une_ligne_payee_ne_donne_plus_d_alerte() -> None:
    contrat = ContratFactory(missions=NON_DATEES)
    PaiementFactory(
        contrat=contrat, nature="integral", montant=Decimal("60000.00"), du_a_l_enregistrement=Decimal("60000.00")
    )
    assert de_type(contrat, datetime.date(2022, 8, 16), TypeAlerte.VERSEMENT) == []


def test_le_solde_variable_attend_l_atteinte_et_le_dit() -> None:
    contrat = ContratFactory()
    messages = [a.message for a in de_type(contrat, datetime.date(2023, 6, 20), TypeAlerte.VERSEMENT)]
    assert any("l'atteinte n'est pas retenue" in message for message in messages)


def test_les_valeurs_manquantes_avant_le_dialogue_sont_signalees() -> None:
    contrat = ContratFactory()
    IndicateurFactory(contrat=contrat, mission="parcours", libelle="Patients en parcours", cibles={1: 10})
    (alerte,) = de_type(contrat, datetime.date(2023, 6, 1), TypeAlerte.VALEURS)
    assert alerte.niveau == Niveau.BIENTOT
    assert "Parcours : Patients en parcours" in alerte.message
    assert alerte.echeance == datetime.date(2023, 8, 15)


def test_plus_d_alerte_de_valeurs_une_fois_le_dialogue_tenu() -> None:
    contrat = ContratFactory()
    IndicateurFactory(contrat=contrat, mission="parcours", cibles={1: 10})
    DialogueFactory(contrat=contrat, annee=1)
    assert de_type(contrat, datetime.date(2023, 6, 20), TypeAlerte.VALEURS) == []


def test_la_fin_du_contrat_est_annoncee_six_mois_avant() -> None:
    contrat = ContratFactory()
    assert de_type(contrat, datetime.date(2026, 12, 14), TypeAlerte.FIN) == []
    (alerte,) = de_type(contrat, datetime.date(2026, 12, 15), TypeAlerte.FIN)
    assert alerte.message == "Le contrat prend fin le 15/06/2027 : préparer son renouvellement."


def test_les_alertes_de_plusieurs_contrats_mettent_les_retards_en_tete() -> None:
    ContratFactory(missions=NON_DATEES)
    ContratFactory(signature=datetime.date(2022, 9, 1))
    liste = alertes(Contrat.objects.all(), datetime.date(2023, 1, 10))
    retards = [alerte.en_retard for alerte in liste]
    assert retards == sorted(retards, reverse=True)


def test_un_contrat_de_l_aci_2019_sans_mission_crise_est_alerte_des_sa_premiere_annee_sous_l_avenant_2() -> None:
    contrat = ContratFactory(aci_2019=True)  # signé le 15/09/2020 : année 3 ouverte le 15/09/2022 sous l'avenant 2

    assert de_type(contrat, datetime.date(2022, 9, 14), TypeAlerte.SOCLE) == []
    (alerte,) = de_type(contrat, datetime.date(2022, 9, 15), TypeAlerte.SOCLE)
    assert (alerte.niveau, alerte.echeance) == (Niveau.EN_RETARD, datetime.date(2022, 9, 15))
    assert alerte.message.startswith("La mission socle crises sanitaires graves manque au contrat depuis le 15/09/2022")


def test_un_contrat_de_l_aci_2019_qui_a_ajoute_la_mission_crise_n_est_pas_alerte() -> None:
    socles = dict.fromkeys(["acces", "parcours", "prevention"], datetime.date(2020, 9, 15))
    contrat = ContratFactory(aci_2019=True, missions={**socles, "crise": datetime.date(2022, 6, 1)})

    assert de_type(contrat, datetime.date(2023, 1, 10), TypeAlerte.SOCLE) == []
