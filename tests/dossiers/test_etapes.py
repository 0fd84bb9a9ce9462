"""La machine à états des étapes : la table entière (permis et refusés), les gardes et leurs raisons, les effets."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cpts.dossiers import etapes
from cpts.dossiers.enums import Etape, Instance, MissionAci, TransitionEtape, TypeDocument
from cpts.dossiers.models import DecisionEtape
from cpts.territoires.enregistrement import territoire_en_cours
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories, parcours
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")

T = TransitionEtape
AUJOURD_HUI = timezone.localdate
# Pour chaque transition : une instance qui peut la décider.
INSTANCE = {code: transition.instances[0] for code, transition in etapes.TRANSITIONS.items()}
CAS = [(code, etape) for code in etapes.TRANSITIONS for etape in Etape]


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True, first_name="Bruno", last_name="Agent")


def _depuis(code: str) -> datetime.date:
    """L'étape est atteinte il y a trois mois pour la validation tacite, hier sinon."""
    jours = 100 if code == T.CONSTATER_VALIDATION_TACITE else 1
    return AUJOURD_HUI() - datetime.timedelta(days=jours)


def _franchir(cpts: object, code: str, auteur: object, **kwargs: object) -> DecisionEtape:
    parametres = {"instance": INSTANCE[code], "motif": "Motif de test."}
    if code == T.FUSIONNER:
        parametres["cpts_absorbante"] = factories.CptsFactory(nom="CPTS absorbante")
    parametres.update(kwargs)
    return etapes.franchir(cpts, code, auteur, **parametres)


@pytest.mark.parametrize(("code", "etape"), CAS, ids=[f"{code}-depuis-{etape}" for code, etape in CAS])
def test_la_table_des_transitions_permet_exactement_les_passages_prevus(agent: object, code: str, etape: str) -> None:
    transition = etapes.TRANSITIONS[code]
    cpts = parcours.dossier_complet(agent, etape=etape, depuis=_depuis(code))
    if etape in transition.depuis:
        decision = _franchir(cpts, code, agent)
        cpts.refresh_from_db()
        assert (cpts.etape, decision.etape_avant, decision.etape_apres) == (transition.vers, etape, transition.vers)
    else:
        with pytest.raises(ValidationError) as refus:
            _franchir(cpts, code, agent)
        assert "est impossible à l'étape" in refus.value.message_dict["transition"][0]
        cpts.refresh_from_db()
        assert cpts.etape == etape
        assert not cpts.decisions.exists()


def test_une_decision_garde_qui_l_a_enregistree_quelle_instance_et_quand(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION)
    decision = etapes.franchir(cpts, T.VALIDER_PRE_PROJET, agent, date=datetime.date(2024, 5, 2), instance=Instance.ECD)
    cpts.refresh_from_db()
    assert (decision.enregistre_par, decision.instance, decision.date) == (agent, "ecd", datetime.date(2024, 5, 2))
    assert cpts.etape_depuis == datetime.date(2024, 5, 2)


def test_la_validation_du_pre_projet_enregistre_la_subvention_fir_de_la_region(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION)
    decision = etapes.franchir(cpts, T.VALIDER_PRE_PROJET, agent, instance=Instance.ECD)
    assert decision.subvention == Decimal(15000)


def test_une_region_sans_parametre_de_subvention_valide_sans_montant() -> None:
    agent = UtilisateurFactory(role="agent_ars", region="52")
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION, hors_region=True)
    decision = etapes.franchir(cpts, T.VALIDER_PRE_PROJET, agent, instance=Instance.ARS)
    assert decision.subvention is None


def _raisons(cpts: object, code: str, auteur: object, **kwargs: object) -> list[str]:
    avant = DecisionEtape.objects.count()
    with pytest.raises(ValidationError) as refus:
        _franchir(cpts, code, auteur, **kwargs)
    assert DecisionEtape.objects.count() == avant
    return [message for messages in refus.value.message_dict.values() for message in messages]


def test_valider_un_pre_projet_jamais_depose_est_refuse(agent: object) -> None:
    cpts = factories.CptsFactory(avec_territoire=True, etape=Etape.LETTRE_INTENTION)
    parcours.equipe_pluriprofessionnelle(cpts)
    assert "Aucun pré-projet n'a été déposé : il n'y a rien à valider." in _raisons(cpts, T.VALIDER_PRE_PROJET, agent)


def test_valider_un_pre_projet_incomplet_est_refuse_en_nommant_l_item_manquant(agent: object) -> None:
    cpts = factories.CptsFactory(avec_territoire=True, etape=Etape.LETTRE_INTENTION)
    parcours.equipe_pluriprofessionnelle(cpts)
    parcours.depot_direct(cpts, TypeDocument.PRE_PROJET, factories.valeurs_pre_projet(moyens_actions=""), agent)
    (raison,) = _raisons(cpts, T.VALIDER_PRE_PROJET, agent)
    assert raison.startswith("Le pré-projet déposé (version 1) est incomplet")
    assert "(item 8) : à renseigner" in raison


def test_valider_un_pre_projet_sans_territoire_est_refuse(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION)
    territoire_en_cours(cpts).delete()
    assert "La CPTS n'a pas de territoire enregistré : composez-le avant cette décision." in _raisons(
        cpts, T.VALIDER_PRE_PROJET, agent
    )


def test_valider_un_pre_projet_dont_le_territoire_est_en_conflit_est_refuse(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION)
    TerritoireFactory(cpts=factories.CptsFactory(nom="CPTS voisine"), communes=["69227"])
    assert "Territoire en conflit : Saint-Martin-en-Haut (69227) appartient aussi à la CPTS CPTS voisine." in _raisons(
        cpts, T.VALIDER_PRE_PROJET, agent
    )


def test_une_cpts_d_une_seule_profession_est_refusee(agent: object) -> None:
    cpts = factories.CptsFactory(avec_territoire=True, etape=Etape.LETTRE_INTENTION)
    factories.MembreFactory(cpts=cpts)
    factories.MembreFactory(cpts=cpts, profession="medecin.specialiste")
    parcours.depot_direct(cpts, TypeDocument.PRE_PROJET, factories.valeurs_pre_projet(), agent)
    (raison,) = _raisons(cpts, T.VALIDER_PRE_PROJET, agent)
    assert "tous de la même profession (médecin)" in raison


def test_valider_le_projet_de_sante_exige_une_fiche_action_par_mission_socle(agent: object) -> None:
    cpts = factories.CptsFactory(avec_territoire=True, avec_association=True, etape=Etape.PROJET_SANTE_DEPOSE)
    parcours.equipe_pluriprofessionnelle(cpts)
    parcours.depot_direct(cpts, TypeDocument.FICHE_ACTION, factories.valeurs_fiche(MissionAci.ACCES), agent)
    parcours.depot_direct(cpts, TypeDocument.BUDGET, factories.valeurs_budget(), agent)
    parcours.depot_direct(cpts, TypeDocument.PROJET_SANTE, factories.valeurs_projet_sante(), agent)
    (raison,) = _raisons(cpts, T.VALIDER_PROJET_SANTE, agent)
    assert raison.startswith(
        "Mission socle sans fiche action déposée : Parcours pluriprofessionnels, Prévention, Crises sanitaires graves."
    )


def test_valider_le_projet_de_sante_exige_un_budget_depose(agent: object) -> None:
    cpts = factories.CptsFactory(avec_territoire=True, etape=Etape.PROJET_SANTE_DEPOSE)
    parcours.equipe_pluriprofessionnelle(cpts)
    for mission in (MissionAci.ACCES, MissionAci.PARCOURS, MissionAci.PREVENTION, MissionAci.CRISE):
        parcours.depot_direct(cpts, TypeDocument.FICHE_ACTION, factories.valeurs_fiche(mission), agent)
    parcours.depot_direct(cpts, TypeDocument.PROJET_SANTE, factories.valeurs_projet_sante(), agent)
    assert "Aucun budget prévisionnel n'a été déposé (annexe 4, 3.1)." in _raisons(cpts, T.VALIDER_PROJET_SANTE, agent)


def test_valider_un_projet_de_sante_incomplet_est_refuse(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.PROJET_SANTE_DEPOSE)
    parcours.depot_direct(cpts, TypeDocument.PROJET_SANTE, factories.valeurs_projet_sante(mission_crise=""), agent)
    (raison,) = _raisons(cpts, T.VALIDER_PROJET_SANTE, agent)
    assert "Le projet de santé déposé (version 2) est incomplet" in raison
    assert "« Mission crises sanitaires graves » (item 2.2) : à renseigner." in raison


def test_le_contrat_ne_se_signe_qu_avec_une_association_creee_et_son_siret(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.PROJET_SANTE_VALIDE)
    cpts.association_statut, cpts.siret = "en_cours", ""
    cpts.save()
    assert _raisons(cpts, T.SIGNER_CONTRAT, agent) == [
        "Le contrat se signe avec l'association porteuse : elle doit être créée et nommée.",
        "SIRET de l'association : à renseigner avant la signature du contrat.",
    ]


def test_le_projet_de_sante_est_repute_valide_deux_mois_apres_son_depot() -> None:
    cpts = factories.CptsFactory(etape=Etape.PROJET_SANTE_DEPOSE, etape_depuis=datetime.date(2024, 1, 15))
    assert cpts.reputee_validee_le == datetime.date(2024, 3, 15)


def test_le_delai_de_deux_mois_s_arrete_au_dernier_jour_d_un_mois_plus_court() -> None:
    cpts = factories.CptsFactory(etape=Etape.PROJET_SANTE_DEPOSE, etape_depuis=datetime.date(2023, 12, 31))
    assert cpts.reputee_validee_le == datetime.date(2024, 2, 29)


def test_hors_de_l_etape_projet_de_sante_depose_il_n_y_a_pas_de_date_de_validation_tacite() -> None:
    cpts = factories.CptsFactory(etape=Etape.PRE_PROJET_VALIDE, etape_depuis=datetime.date(2024, 1, 15))
    assert cpts.reputee_validee_le is None


def test_la_validation_tacite_est_datee_du_jour_ou_le_delai_s_acheve(agent: object) -> None:
    depot = AUJOURD_HUI() - datetime.timedelta(days=100)
    cpts = parcours.dossier_complet(agent, etape=Etape.PROJET_SANTE_DEPOSE, depuis=depot)
    decision = etapes.franchir(cpts, T.CONSTATER_VALIDATION_TACITE, agent, instance=Instance.ARS)
    assert decision.date == cpts.reputee_validee_le


def test_la_validation_tacite_est_refusee_tant_que_le_delai_court(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.PROJET_SANTE_DEPOSE, depuis=AUJOURD_HUI())
    (raison,) = _raisons(cpts, T.CONSTATER_VALIDATION_TACITE, agent)
    assert raison.startswith("Le délai de deux mois de l'ARS court encore : le projet de santé sera réputé validé le")


def test_l_ars_ne_peut_plus_s_opposer_apres_deux_mois(agent: object) -> None:
    depot = AUJOURD_HUI() - datetime.timedelta(days=100)
    cpts = parcours.dossier_complet(agent, etape=Etape.PROJET_SANTE_DEPOSE, depuis=depot)
    (raison,) = _raisons(cpts, T.S_OPPOSER_PROJET_SANTE, agent)
    assert "l'ARS ne peut plus s'y opposer (code de la santé publique, article L1434-12)" in raison


def test_une_decision_datee_dans_le_futur_est_refusee_en_nommant_la_date(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION)
    demain = AUJOURD_HUI() + datetime.timedelta(days=1)
    (raison,) = _raisons(cpts, T.VALIDER_PRE_PROJET, agent, date=demain)
    assert raison.startswith(f"Date de la décision : le {demain:%d/%m/%Y} est dans le futur")


def test_une_decision_ne_peut_preceder_la_decision_precedente(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION)
    factories.DecisionFactory(
        cpts=cpts,
        transition=T.DEPOSER_PRE_PROJET,
        etape_avant=Etape.DYNAMIQUE,
        etape_apres=Etape.LETTRE_INTENTION,
        date=datetime.date(2024, 3, 1),
    )
    raisons = _raisons(cpts, T.VALIDER_PRE_PROJET, agent, date=datetime.date(2024, 2, 1))
    assert raisons == ["Date de la décision : elle ne peut précéder la décision précédente, du 01/03/2024."]


def test_une_instance_qui_ne_decide_pas_de_cette_etape_est_refusee(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.PROJET_SANTE_VALIDE)
    assert _raisons(cpts, T.SIGNER_CONTRAT, agent, instance=Instance.ECD) == [
        "Instance : « Signature du contrat ACI » se décide par : ARS et CPAM conjointement."
    ]


def test_un_abandon_sans_motif_est_refuse(agent: object) -> None:
    cpts = factories.CptsFactory()
    assert _raisons(cpts, T.ABANDONNER, agent, motif=" ") == ["Motif : obligatoire pour cette décision."]


def test_un_coordinateur_ne_decide_pas_des_etapes(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION)
    coordinateur = UtilisateurFactory(cpts=[cpts])
    with pytest.raises(PermissionDenied):
        etapes.franchir(cpts, T.VALIDER_PRE_PROJET, coordinateur, instance=Instance.ECD)


def test_un_agent_d_un_autre_departement_ne_decide_pas_des_etapes(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION)
    agent_loire = UtilisateurFactory(role="agent_cpam", departements=["42"])
    with pytest.raises(PermissionDenied):
        etapes.franchir(cpts, T.VALIDER_PRE_PROJET, agent_loire, instance=Instance.ECD)


def test_la_fusion_fait_absorber_les_communes_par_la_cpts_absorbante(agent: object) -> None:
    cpts = factories.CptsFactory(territoire=["69227", "69238"])
    absorbante = factories.CptsFactory(nom="Monts du Lyonnais", territoire=["69014"])
    decision = etapes.franchir(
        cpts, T.FUSIONNER, agent, instance=Instance.ARS, motif="Projets concurrents réunis.", cpts_absorbante=absorbante
    )
    cpts.refresh_from_db()
    assert (cpts.etape, decision.cpts_absorbante) == (Etape.FUSIONNE, absorbante)
    assert territoire_en_cours(cpts) is None
    communes = set(territoire_en_cours(absorbante).unites.values_list("commune_id", flat=True))
    assert communes == {"69014", "69227", "69238"}


def test_une_fusion_sans_cpts_absorbante_est_refusee(agent: object) -> None:
    cpts = factories.CptsFactory()
    assert _raisons(cpts, T.FUSIONNER, agent, cpts_absorbante=None) == [
        "CPTS absorbante : choisissez la CPTS dans laquelle le projet fusionne."
    ]


def test_une_cpts_ne_fusionne_pas_dans_elle_meme(agent: object) -> None:
    cpts = factories.CptsFactory()
    assert _raisons(cpts, T.FUSIONNER, agent, cpts_absorbante=cpts) == ["Une CPTS ne fusionne pas dans elle-même."]


def test_une_cpts_abandonnee_ne_peut_absorber_un_projet(agent: object) -> None:
    cpts = factories.CptsFactory()
    abandonnee = factories.CptsFactory(nom="CPTS abandonnée", etape=Etape.ABANDONNE)
    assert _raisons(cpts, T.FUSIONNER, agent, cpts_absorbante=abandonnee) == [
        "La CPTS « CPTS abandonnée » est close (abandonné) : elle ne peut absorber un projet."
    ]


def test_l_abandon_libere_le_territoire(agent: object) -> None:
    cpts = factories.CptsFactory(avec_territoire=True)
    etapes.franchir(cpts, T.ABANDONNER, agent, instance=Instance.EQUIPE_PROJET, motif="Équipe dispersée.")
    assert territoire_en_cours(cpts) is None


def test_une_decision_enregistree_ne_se_modifie_pas(agent: object) -> None:
    decision = etapes.franchir(factories.CptsFactory(), T.ABANDONNER, agent, instance=Instance.ARS, motif="Fin.")
    decision.motif = "Autre motif"
    with pytest.raises(ValidationError, match="ne se modifie pas"):
        decision.save()


def test_une_decision_enregistree_ne_se_supprime_pas(agent: object) -> None:
    decision = etapes.franchir(factories.CptsFactory(), T.ABANDONNER, agent, instance=Instance.ARS, motif="Fin.")
    with pytest.raises(ValidationError, match="ne se supprime pas"):
        decision.delete()


def test_les_transitions_possibles_dependent_de_l_etape_et_du_role(agent: object) -> None:
    cpts = factories.CptsFactory(etape=Etape.LETTRE_INTENTION)
    coordinateur = UtilisateurFactory(cpts=[cpts])
    assert [t.code for t in etapes.possibles(cpts, agent)] == [
        T.RENVOYER_PRE_PROJET,
        T.VALIDER_PRE_PROJET,
        T.ABANDONNER,
        T.FUSIONNER,
    ]
    assert etapes.possibles(cpts, coordinateur) == []
