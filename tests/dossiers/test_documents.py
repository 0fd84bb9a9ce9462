"""Complétude des documents et dépôt : versions figées et numérotées, refus motivés."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cpts.dossiers import depots, documents
from cpts.dossiers.enums import Etape, Instance, TypeDocument
from cpts.dossiers.models import Depot, Document
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories, parcours

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture
def cpts() -> object:
    cpts = factories.CptsFactory(avec_territoire=True, avec_association=True)
    parcours.equipe_pluriprofessionnelle(cpts)
    return cpts


@pytest.fixture
def coordinateur(cpts: object) -> object:
    return UtilisateurFactory(cpts=[cpts])


def _brouillon(cpts: object, type_document: str, valeurs: dict, auteur: object) -> Document:
    if type_document in (TypeDocument.PRE_PROJET, TypeDocument.PROJET_SANTE):
        document = depots.document_unique(cpts, type_document)
    else:
        document = Document.objects.create(cpts=cpts, type=type_document)
    return depots.enregistrer_brouillon(document, valeurs, auteur, revision=document.revision)


def test_le_pre_projet_compte_les_quatorze_items_de_l_annexe_3() -> None:
    assert [section.numero for section in documents.PRE_PROJET.sections] == [str(n) for n in range(1, 15)]


def test_un_pre_projet_vide_liste_chaque_item_a_renseigner() -> None:
    manques = documents.manquants(documents.PRE_PROJET, {}, {})
    assert (
        "« Liens de coordination et modalités de travail existants entre les acteurs » (item 6) : à renseigner."
        in manques
    )
    assert "Territoire d'action : aucun territoire n'est enregistré pour la CPTS (composez-le d'abord)." in manques
    assert "Budget prévisionnel (item 14) : indiquez les charges prévues." in manques


def test_le_budget_du_pre_projet_doit_etre_equilibre() -> None:
    valeurs = factories.valeurs_pre_projet(budget_subvention_ars="10000")
    manques = documents.manquants(
        documents.PRE_PROJET, valeurs, {"territoire": {"communes": [1]}, "professionnels": [1]}
    )
    assert manques == [
        "Budget prévisionnel (item 14) non équilibré : 15\u202f000\u00a0€ de charges pour "
        "10\u202f000\u00a0€ de produits."
    ]


def test_un_budget_previsionnel_non_equilibre_est_refuse_avec_ses_totaux() -> None:
    manques = documents.manquants(documents.BUDGET, factories.valeurs_budget(p74_ars="14999.50"), {})
    assert manques == [
        "Budget prévisionnel non équilibré : total des charges 50\u202f000\u00a0€, total des produits "
        "49\u202f999,50\u00a0€."
    ]


def test_les_contributions_volontaires_en_nature_s_equilibrent_aussi() -> None:
    manques = documents.manquants(documents.BUDGET, factories.valeurs_budget(c86_benevoles="1000"), {})
    assert manques == [
        "Contributions volontaires en nature non équilibrées : emplois (86) 1\u202f000\u00a0€, contributions (87) "
        "0\u00a0€."
    ]


def test_les_cotisations_ne_depassent_pas_le_compte_75() -> None:
    valeurs = factories.valeurs_budget(p75="100", p75_cotisations="200", c65="100")
    assert documents.manquants(documents.BUDGET, valeurs, {}) == [
        "Les cotisations, dons manuels ou legs sont une part du compte 75 : ils ne le dépassent pas."
    ]


def test_une_fiche_action_ne_finit_pas_avant_de_commencer() -> None:
    valeurs = factories.valeurs_fiche(debut="2025-06-01", fin="2025-01-01")
    assert documents.manquants(documents.FICHE_ACTION, valeurs, {}) == [
        "La fin prévisionnelle de l'action ne peut précéder le 01/06/2025."
    ]


def test_une_fiche_action_complete_se_depose(cpts: object, coordinateur: object) -> None:
    document = _brouillon(cpts, TypeDocument.FICHE_ACTION, factories.valeurs_fiche(), coordinateur)
    depot = depots.deposer(document, coordinateur)
    assert (depot.numero, depot.contenu["valeurs"]["mission"], document.titre) == (1, "acces", "Action acces")


def test_deposer_le_pre_projet_fait_passer_la_cpts_a_la_lettre_d_intention(cpts: object, coordinateur: object) -> None:
    document = _brouillon(cpts, TypeDocument.PRE_PROJET, factories.valeurs_pre_projet(), coordinateur)
    depot = depots.deposer(document, coordinateur)
    cpts.refresh_from_db()
    decision = cpts.decisions.get()
    assert cpts.etape == Etape.LETTRE_INTENTION
    assert (decision.instance, decision.depot, decision.enregistre_par) == (Instance.EQUIPE_PROJET, depot, coordinateur)


def test_un_document_incomplet_n_est_pas_depose_et_rien_n_est_ecrit(cpts: object, coordinateur: object) -> None:
    document = _brouillon(cpts, TypeDocument.PRE_PROJET, factories.valeurs_pre_projet(communication=""), coordinateur)
    with pytest.raises(ValidationError) as refus:
        depots.deposer(document, coordinateur)
    assert refus.value.messages == [
        "« Avez-vous communiqué votre projet à l'ensemble des professionnels et établissements de santé du "
        "territoire ? » (item 3) : à renseigner."
    ]
    cpts.refresh_from_db()
    assert (cpts.etape, Depot.objects.count()) == (Etape.DYNAMIQUE, 0)


def test_chaque_depot_est_une_version_numerotee_qui_ne_bouge_plus(cpts: object, coordinateur: object) -> None:
    document = _brouillon(cpts, TypeDocument.PRE_PROJET, factories.valeurs_pre_projet(), coordinateur)
    premier = depots.deposer(document, coordinateur)
    depots.enregistrer_brouillon(
        document,
        factories.valeurs_pre_projet(moyens_actions="Moyens revus après la demande de l'ARS."),
        coordinateur,
        revision=document.revision,
    )
    second = depots.deposer(document, coordinateur)
    premier.refresh_from_db()
    assert (premier.numero, second.numero) == (1, 2)
    assert premier.contenu["valeurs"]["moyens_actions"] == "Une coordinatrice à mi-temps et un annuaire partagé."
    assert second.contenu["valeurs"]["moyens_actions"] == "Moyens revus après la demande de l'ARS."


def test_le_depot_fige_le_territoire_et_les_membres_du_moment(cpts: object, coordinateur: object) -> None:
    document = _brouillon(cpts, TypeDocument.PRE_PROJET, factories.valeurs_pre_projet(), coordinateur)
    depot = depots.deposer(document, coordinateur)
    factories.MembreFactory(cpts=cpts, nom="Arrivée-Après")
    depot.refresh_from_db()
    territoire = depot.contenu["annexes"]["territoire"]
    assert len(territoire["communes"]) == 9
    assert territoire["population"] == sum(commune[2] for commune in territoire["communes"])
    assert "Arrivée-Après" not in str(depot.contenu["annexes"]["professionnels"])


def test_le_pre_projet_ne_se_redepose_pas_une_fois_valide(cpts: object, coordinateur: object) -> None:
    document = _brouillon(cpts, TypeDocument.PRE_PROJET, factories.valeurs_pre_projet(), coordinateur)
    cpts.etape = Etape.PRE_PROJET_VALIDE
    cpts.save()
    document.refresh_from_db()
    with pytest.raises(ValidationError, match="ne se dépose pas à l'étape « Pré-projet validé »"):
        depots.deposer(document, coordinateur)


def test_le_dossier_d_une_cpts_abandonnee_est_clos(cpts: object, coordinateur: object) -> None:
    document = _brouillon(cpts, TypeDocument.FICHE_ACTION, factories.valeurs_fiche(), coordinateur)
    cpts.etape = Etape.ABANDONNE
    cpts.save()
    document.refresh_from_db()
    with pytest.raises(ValidationError, match="son dossier est clos"):
        depots.deposer(document, coordinateur)


def test_un_coordinateur_ne_modifie_pas_les_documents_d_une_autre_cpts(cpts: object) -> None:
    autre = UtilisateurFactory(cpts=[factories.CptsFactory()])
    document = depots.document_unique(cpts, TypeDocument.PRE_PROJET)
    with pytest.raises(PermissionDenied):
        depots.enregistrer_brouillon(document, factories.valeurs_pre_projet(), autre, revision=document.revision)


def test_le_projet_de_sante_depose_reprend_les_fiches_et_budgets_deposes(cpts: object, coordinateur: object) -> None:
    cpts.etape = Etape.PRE_PROJET_VALIDE
    cpts.save()
    depots.deposer(_brouillon(cpts, TypeDocument.FICHE_ACTION, factories.valeurs_fiche(), coordinateur), coordinateur)
    depots.deposer(_brouillon(cpts, TypeDocument.BUDGET, factories.valeurs_budget(), coordinateur), coordinateur)
    document = _brouillon(cpts, TypeDocument.PROJET_SANTE, factories.valeurs_projet_sante(), coordinateur)
    depot = depots.deposer(document, coordinateur)
    cpts.refresh_from_db()
    assert cpts.etape == Etape.PROJET_SANTE_DEPOSE
    assert depot.contenu["annexes"]["fiches"][0]["intitule"] == "Action acces"
    assert depot.contenu["annexes"]["budgets"][0]["charges"] == "50000"
    assert depot.contenu["annexes"]["association"]["siret"] == factories.SIRET_VALIDE
