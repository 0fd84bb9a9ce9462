"""Les cas d'usage de la CPR : réunion (états, délais), présences et délégations, scrutins pondérés, relevé."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cpts.commission.enums import EtatReunion, EtatScrutin, SectionSiege
from cpts.commission.models import Bulletin, Composition, EvenementReunion, Presence, Siege
from cpts.commission.services import compositions, deliberations, reunions, scrutins
from tests.commission.factories import (
    CommissionFactory,
    PointFactory,
    ReunionFactory,
    SiegeFactory,
    composition_paritaire,
)
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat() -> object:
    return UtilisateurFactory(role="agent_cpam", region="84")


@pytest.fixture
def composition() -> Composition:
    return composition_paritaire(CommissionFactory())


def sieges(composition: Composition) -> dict[str, Siege]:
    return {s.organisation: s for s in composition.sieges.all()}


def presents(reunion: object, secretariat: object, **exceptions: tuple[str, Siege | None]) -> None:
    """Tous les sièges votants présents comme titulaires, sauf les exceptions (présence, délégataire)."""
    saisies = {}
    for siege in deliberations.sieges_votants(reunion):
        presence, delegataire = exceptions.get(siege.organisation.replace(" ", "_"), ("titulaire", None))
        saisies[siege.pk] = (presence, delegataire.pk if delegataire else None)
    deliberations.enregistrer_presences(reunion, saisies, secretariat)


def test_une_convocation_dans_les_delais_passe_la_reunion_a_convoquee_et_le_journalise(secretariat: object) -> None:
    reunion = ReunionFactory(date=date(2026, 3, 20))
    reunions.convoquer(reunion, date(2026, 3, 5), secretariat)
    reunion.refresh_from_db()
    assert reunion.etat == EtatReunion.CONVOQUEE
    evenement = reunion.evenements.get()
    assert (evenement.transition, evenement.par, evenement.motif) == ("convoquer", secretariat, "Envoyée le 05/03/2026")


def test_une_convocation_tardive_est_refusee_et_rien_n_est_enregistre(secretariat: object) -> None:
    reunion = ReunionFactory(date=date(2026, 3, 20))
    with pytest.raises(ValidationError, match="au moins 15 jours avant"):
        reunions.convoquer(reunion, date(2026, 3, 6), secretariat)
    reunion.refresh_from_db()
    assert (reunion.etat, reunion.convocation_envoyee_le) == (EtatReunion.PREPARATION, None)
    assert not EvenementReunion.objects.exists()


def test_une_reunion_urgente_motivee_est_convoquee_hors_delai_avec_son_motif_au_journal(secretariat: object) -> None:
    reunion = ReunionFactory(date=date(2026, 3, 20), urgente=True, motif_urgence="Difficulté d'un contrat")
    reunions.convoquer(reunion, date(2026, 3, 18), secretariat)
    assert "hors délai pour urgence : Difficulté d'un contrat" in reunion.evenements.get().motif


def test_une_reunion_urgente_sans_motif_est_refusee_par_la_base() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ReunionFactory(urgente=True, motif_urgence="")


def test_l_ordre_du_jour_tardif_est_refuse(secretariat: object) -> None:
    point = PointFactory(reunion__date=date(2026, 3, 20))
    with pytest.raises(ValidationError, match="au moins 5 jours avant"):
        reunions.envoyer_ordre_du_jour(point.reunion, date(2026, 3, 16), secretariat)


def test_la_seance_ne_s_ouvre_pas_sans_ordre_du_jour_envoye(secretariat: object, composition: Composition) -> None:
    reunion = ReunionFactory(commission=composition.commission, date=date(2026, 3, 20))
    reunions.convoquer(reunion, date(2026, 3, 1), secretariat)
    with pytest.raises(ValidationError, match="L'ordre du jour n'a pas été envoyé"):
        reunions.ouvrir_seance(reunion, secretariat)


def test_une_reunion_suit_ses_etats_de_la_convocation_au_releve_publie(
    secretariat: object, composition: Composition
) -> None:
    point = PointFactory(
        reunion__commission=composition.commission, reunion__date=date(2026, 3, 20), deliberation=False
    )
    reunion = point.reunion
    reunions.convoquer(reunion, date(2026, 3, 1), secretariat)
    reunions.envoyer_ordre_du_jour(reunion, date(2026, 3, 10), secretariat)
    reunions.ouvrir_seance(reunion, secretariat)
    reunions.lever_seance(reunion, secretariat)
    reunions.publier_releve(reunion, date(2026, 4, 2), secretariat)
    reunion.refresh_from_db()
    assert reunion.etat == EtatReunion.RELEVE_PUBLIE
    assert list(reunion.evenements.values_list("transition", flat=True)) == [
        "convoquer",
        "envoyer_ordre_du_jour",
        "ouvrir_seance",
        "lever_seance",
        "publier_releve",
    ]


@pytest.fixture
def evenement(secretariat: object, composition: Composition) -> EvenementReunion:
    reunion = ReunionFactory(commission=composition.commission, date=date(2026, 3, 20))
    reunions.convoquer(reunion, date(2026, 3, 1), secretariat)
    return reunion.evenements.get()


def test_le_journal_d_une_reunion_ne_se_modifie_pas(evenement: EvenementReunion) -> None:
    evenement.motif = "Réécrit après coup"
    with pytest.raises(ValidationError, match="ne se modifie pas : elle fait foi"):
        evenement.save()


def test_le_journal_d_une_reunion_ne_se_supprime_pas(evenement: EvenementReunion) -> None:
    with pytest.raises(ValidationError, match="ne se supprime pas : elle fait foi"):
        evenement.delete()


def test_une_transition_hors_de_son_etat_est_refusee_en_le_disant(secretariat: object) -> None:
    reunion = ReunionFactory()
    with pytest.raises(ValidationError, match="la réunion est à l'état « En préparation »"):
        reunions.lever_seance(reunion, secretariat)


def test_la_premiere_seance_installe_la_commission(secretariat: object) -> None:
    commission = CommissionFactory(non_installee=True)
    composition_paritaire(commission)
    point = PointFactory(reunion__commission=commission, reunion__date=date(2026, 3, 20))
    reunions.convoquer(point.reunion, date(2026, 3, 1), secretariat)
    reunions.envoyer_ordre_du_jour(point.reunion, date(2026, 3, 10), secretariat)
    reunions.ouvrir_seance(point.reunion, secretariat)
    commission.refresh_from_db()
    assert commission.date_installation == date(2026, 3, 20)


@pytest.fixture
def point(composition: Composition, secretariat: object) -> object:
    return PointFactory(reunion=ReunionFactory(commission=composition.commission, en_seance=True))


def test_un_scrutin_ne_s_ouvre_pas_sans_parite_et_dit_pourquoi(point: object, secretariat: object) -> None:
    presents(point.reunion, secretariat, FNO=("absent", None))
    with pytest.raises(ValidationError) as erreur:
        scrutins.ouvrir_scrutin(point, secretariat)
    assert "Parité non respectée : 3 voix professionnelles présentes ou représentées, 4 voix sociales." in str(
        erreur.value
    )


def test_un_vote_avec_absent_delegant_et_suppleant_pese_les_voix_des_sieges(
    point: object, secretariat: object, composition: Composition
) -> None:
    s = sieges(composition)
    presents(point.reunion, secretariat, FNO=("absent", s["CSMF"]), CPAM_69=("suppleant", None))
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    scrutins.voter(scrutin, s["CSMF"], "contre", secretariat, pour_le_secretariat=True)
    scrutins.voter(scrutin, s["FNO"], "contre", secretariat, pour_le_secretariat=True)
    scrutins.voter(scrutin, s["MG France"], "contre", secretariat, pour_le_secretariat=True)
    scrutins.voter(scrutin, s["SNIIL"], "abstention", secretariat, pour_le_secretariat=True)
    scrutins.voter(scrutin, s["CPAM 69"], "pour", secretariat, pour_le_secretariat=True)
    scrutins.voter(scrutin, s["MSA"], "pour", secretariat, pour_le_secretariat=True)
    resultat = scrutins.clore_scrutin(scrutin, secretariat)
    assert (resultat.total.pour, resultat.total.contre, resultat.total.abstention) == (4, 3, 1)
    assert resultat.issue == "adoptee"
    bulletin_cpam = Bulletin.objects.get(siege=s["CPAM 69"])
    assert (bulletin_cpam.poids, bulletin_cpam.exprime_par) == (3, "suppleant")
    assert Bulletin.objects.get(siege=s["FNO"]).exprime_par == "delegataire"


def test_un_absent_sans_delegation_ne_vote_pas(point: object, secretariat: object, composition: Composition) -> None:
    s = sieges(composition)
    presents(point.reunion, secretariat, FNO=("absent", s["CSMF"]))
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    Presence.objects.filter(siege=s["FNO"]).update(delegue_a=None)
    with pytest.raises(ValidationError, match="n'a pas de droit de vote"):
        scrutins.voter(scrutin, s["FNO"], "pour", secretariat, pour_le_secretariat=True)


def test_un_siege_ne_vote_qu_une_fois_par_tour(point: object, secretariat: object, composition: Composition) -> None:
    s = sieges(composition)
    presents(point.reunion, secretariat)
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    scrutins.voter(scrutin, s["CSMF"], "pour", secretariat, pour_le_secretariat=True)
    with pytest.raises(ValidationError, match="a déjà voté"):
        scrutins.voter(scrutin, s["CSMF"], "contre", secretariat, pour_le_secretariat=True)


def test_un_partage_ouvre_un_second_tour_secret_puis_acte_l_absence_d_accord(
    point: object, secretariat: object, composition: Composition
) -> None:
    s = sieges(composition)
    presents(point.reunion, secretariat)
    premier = scrutins.ouvrir_scrutin(point, secretariat)
    for organisation in ("CSMF", "MG France", "SNIIL", "FNO"):
        scrutins.voter(premier, s[organisation], "pour", secretariat, pour_le_secretariat=True)
    for organisation in ("CPAM 69", "MSA"):
        scrutins.voter(premier, s[organisation], "contre", secretariat, pour_le_secretariat=True)
    assert scrutins.clore_scrutin(premier, secretariat).issue == "partage"
    second = scrutins.ouvrir_scrutin(point, secretariat)
    assert (second.tour, second.secret) == (2, True)
    for organisation in ("CSMF", "MG France", "SNIIL", "FNO"):
        scrutins.voter(second, s[organisation], "pour", secretariat, pour_le_secretariat=True)
    for organisation in ("CPAM 69", "MSA"):
        scrutins.voter(second, s[organisation], "contre", secretariat, pour_le_secretariat=True)
    assert scrutins.clore_scrutin(second, secretariat).issue == "absence_accord"
    assert not second.bulletins.filter(siege__isnull=False).exists()
    assert second.votants.count() == 6


def test_un_second_tour_sans_partage_est_refuse(point: object, secretariat: object, composition: Composition) -> None:
    presents(point.reunion, secretariat)
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    scrutins.voter(scrutin, sieges(composition)["CSMF"], "pour", secretariat, pour_le_secretariat=True)
    scrutins.clore_scrutin(scrutin, secretariat)
    with pytest.raises(ValidationError, match="Un second tour ne suit qu'un partage"):
        scrutins.ouvrir_scrutin(point, secretariat)


def test_la_cloture_fige_droits_et_presences_que_les_changements_suivants_ne_touchent_plus(
    point: object, secretariat: object, composition: Composition
) -> None:
    s = sieges(composition)
    presents(point.reunion, secretariat, CPAM_69=("suppleant", None))
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    scrutins.voter(scrutin, s["CPAM 69"], "pour", secretariat, pour_le_secretariat=True)
    scrutins.clore_scrutin(scrutin, secretariat)
    Siege.objects.filter(pk=s["CPAM 69"].pk).update(voix=1)
    presents(point.reunion, secretariat, CPAM_69=("absent", None))
    scrutin.refresh_from_db()
    emargement = scrutin.emargements.get(siege=s["CPAM 69"])
    assert (emargement.voix, emargement.presence) == (3, "suppleant")
    assert (scrutin.pour, scrutin.voix_representees_sociale, scrutin.etat) == (3, 4, EtatScrutin.CLOS)


def test_les_presences_ne_changent_pas_pendant_un_scrutin_ouvert(point: object, secretariat: object) -> None:
    presents(point.reunion, secretariat)
    scrutins.ouvrir_scrutin(point, secretariat)
    with pytest.raises(ValidationError, match="les présences ne changent pas pendant un vote"):
        presents(point.reunion, secretariat, FNO=("absent", None))


def test_une_double_delegation_est_refusee_a_l_enregistrement(
    point: object, secretariat: object, composition: Composition
) -> None:
    s = sieges(composition)
    with pytest.raises(ValidationError, match="reçoit 2 délégations"):
        presents(point.reunion, secretariat, FNO=("absent", s["CSMF"]), SNIIL=("absent", s["CSMF"]))


def test_un_membre_vote_pour_son_siege_et_pour_l_absent_qui_lui_a_delegue(
    point: object, secretariat: object, composition: Composition
) -> None:
    s = sieges(composition)
    membre = UtilisateurFactory(membre_cpr=True)
    Siege.objects.filter(pk=s["CSMF"].pk).update(compte_titulaire=membre)
    presents(point.reunion, secretariat, FNO=("absent", s["CSMF"]))
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    scrutins.voter(scrutin, s["CSMF"], "pour", membre)
    scrutins.voter(scrutin, s["FNO"], "contre", membre)
    with pytest.raises(ValidationError, match="Vous ne votez que pour votre siège"):
        scrutins.voter(scrutin, s["SNIIL"], "pour", membre)
    assert scrutin.votants.filter(enregistre_par=membre).count() == 2


def test_un_membre_rattache_comme_titulaire_ne_vote_pas_quand_son_suppleant_siege(
    point: object, secretariat: object, composition: Composition
) -> None:
    s = sieges(composition)
    membre = UtilisateurFactory(membre_cpr=True)
    Siege.objects.filter(pk=s["CSMF"].pk).update(compte_titulaire=membre)
    presents(point.reunion, secretariat, CSMF=("suppleant", None))
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    with pytest.raises(ValidationError, match="Vous ne votez que pour votre siège"):
        scrutins.voter(scrutin, s["CSMF"], "pour", membre)


def test_le_releve_ne_se_publie_pas_tant_qu_un_point_soumis_au_vote_n_est_pas_tranche(
    point: object, secretariat: object
) -> None:
    reunion = point.reunion
    reunions.lever_seance(reunion, secretariat)
    with pytest.raises(ValidationError, match=f"Le point {point.numero} est soumis au vote"):
        reunions.publier_releve(reunion, date(2026, 4, 1), secretariat)


def test_une_nouvelle_composition_reprend_les_sieges_de_la_precedente(composition: Composition) -> None:
    nouvelle = compositions.nouvelle_composition(composition.commission, date(2023, 1, 1), "Courrier du 15/12/2022")
    assert nouvelle.sieges.count() == 6
    assert compositions.composition_en_vigueur(composition.commission, date(2022, 12, 31)) == composition
    assert compositions.composition_en_vigueur(composition.commission, date(2023, 1, 1)) == nouvelle


def test_la_presidence_suit_l_annee_civile_et_nomme_le_president_de_la_section(composition: Composition) -> None:
    commission = composition.commission
    s = sieges(composition)
    compositions.designer_president(commission, SectionSiege.SOCIALE, s["CPAM 69"], date(2021, 6, 9))
    compositions.designer_president(commission, SectionSiege.PROFESSIONNELLE, s["CSMF"], date(2021, 6, 9))
    annees = compositions.presidences(commission, 2023)
    assert [(a.annee, a.section.value, a.president.siege.organisation) for a in annees] == [
        (2021, "sociale", "CPAM 69"),
        (2022, "professionnelle", "CSMF"),
        (2023, "sociale", "CPAM 69"),
    ]
    assert annees[1].vice_president.siege.organisation == "CPAM 69"


def test_un_siege_vacant_ne_preside_pas(composition: Composition) -> None:
    vacant = SiegeFactory(composition=composition, vacant=True)
    with pytest.raises(ValidationError, match="pas de titulaire désigné"):
        compositions.designer_president(composition.commission, SectionSiege.PROFESSIONNELLE, vacant, date(2021, 6, 9))


def test_un_membre_consultatif_n_a_pas_de_voix_en_base(composition: Composition) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SiegeFactory(composition=composition, consultatif=True, voix=1)
