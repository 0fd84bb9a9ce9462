"""Les règles de la CPR en Python pur : cas nommés, aux bornes, avec les compositions réelles publiées
([cpr-aura-2021-06-09], [cpr-pdl-2021-02-04])."""

from datetime import date

import pytest

from cpts.commission.enums import Profession
from cpts.demo.commission import COMMISSIONS, CommissionDemo
from cpts.regles import ParametresInvalides
from cpts.regles import commission as r

S_PRO, S_SOC = r.Section.PROFESSIONNELLE, r.Section.SOCIALE
LE = date(2022, 1, 1)


def bilan_de_la_demo(demo: CommissionDemo) -> r.BilanComposition:
    votants = [
        r.SiegeVotant(
            section=r.Section(s.section),
            voix=s.voix,
            titulaire_designe=s.titulaire,
            profession=Profession(s.profession).label if s.profession else "",
            centre_de_sante=s.profession == "centres_de_sante",
            regime=r.Regime(s.regime) if s.regime else None,
        )
        for s in demo.sieges
        if s.section != "consultative"
    ]
    consultatifs = [r.SiegeConsultatif(s.categorie, s.titulaire) for s in demo.sieges if s.section == "consultative"]
    return r.bilan_composition(votants, consultatifs, demo.installation)


AURA, PDL = (bilan_de_la_demo(demo) for demo in COMMISSIONS)


def statut(bilan: r.BilanComposition, code: str) -> r.Statut:
    return next(c.statut for c in bilan.controles if c.code == code)


def test_la_cpr_auvergne_rhone_alpes_a_34_sieges_professionnels_et_34_voix_sociales_en_parite() -> None:
    assert (AURA.professionnelle.sieges, AURA.professionnelle.voix) == (34, 34)
    assert (AURA.sociale.sieges, AURA.sociale.voix) == (17, 34)
    assert AURA.parite is True
    assert statut(AURA, "parite") == r.Statut.CONFORME


def test_la_cpr_auvergne_rhone_alpes_repartit_27_voix_au_regime_general_et_7_a_la_msa() -> None:
    assert (AURA.sociale.voix_rg, AURA.sociale.voix_msa) == (27, 7)
    assert (AURA.sociale.sieges_rg, AURA.sociale.sieges_msa) == (14, 3)
    assert statut(AURA, "repartition") == r.Statut.CONFORME


def test_la_cpr_auvergne_rhone_alpes_a_7_sieges_vacants_et_les_opticiens_non_representes() -> None:
    assert AURA.professionnelle.sieges_vacants == 7
    assert AURA.professionnelle.professions_non_representees == ("Opticiens",)
    assert AURA.consultatifs == 7


def test_la_cpr_pays_de_la_loire_a_35_sieges_professionnels_et_35_voix_sociales_en_parite() -> None:
    assert (PDL.professionnelle.sieges, PDL.professionnelle.voix) == (35, 35)
    assert (PDL.sociale.sieges, PDL.sociale.voix) == (13, 35)
    assert PDL.parite is True


def test_la_cpr_pays_de_la_loire_repartit_28_voix_au_regime_general_et_7_a_la_msa() -> None:
    assert (PDL.sociale.voix_rg, PDL.sociale.voix_msa) == (28, 7)
    assert statut(PDL, "repartition") == r.Statut.CONFORME


def test_la_cpr_pays_de_la_loire_retrouve_16_titulaires_non_designes_et_2_professions_non_representees() -> None:
    # [cpr-pdl-2021-02-04] : « 16 titulaires non désignés, 2 professions non représentées ».
    assert PDL.professionnelle.sieges_vacants == 16
    assert PDL.professionnelle.professions_non_representees == ("Sages-femmes", "Opticiens")


def test_la_cpr_pays_de_la_loire_n_a_pas_de_federation_des_cpts_parmi_ses_consultatifs() -> None:
    controle = next(c for c in PDL.controles if c.code == "consultatifs")
    assert controle.statut == r.Statut.NON_CONFORME
    assert "fédération régionale des CPTS : 0 sur 1" in controle.detail


def test_le_json_de_la_composition_a_la_forme_de_l_issue() -> None:
    donnees = PDL.en_json()
    assert donnees["sections"]["professionnelle"] == {
        "sieges": 35,
        "voix": 35,
        "sieges_vacants": 16,
        "professions_non_representees": ["Sages-femmes", "Opticiens"],
    }
    assert donnees["sections"]["sociale"] == {
        "sieges": 13,
        "voix": 35,
        "voix_rg": 28,
        "voix_msa": 7,
        "sieges_vacants": 0,
    }
    assert donnees["parite"] is True
    assert donnees["consultatifs"] == 6


def siege(section: r.Section, voix: int, regime: r.Regime | None = None, designe: bool = True) -> r.SiegeVotant:
    return r.SiegeVotant(section=section, voix=voix, titulaire_designe=designe, profession="Médecins", regime=regime)


def test_une_voix_de_plus_en_section_sociale_rompt_la_parite_et_le_dit() -> None:
    sieges = [siege(S_PRO, 1)] * 4 + [siege(S_SOC, 3, r.Regime.GENERAL), siege(S_SOC, 2, r.Regime.AGRICOLE)]
    bilan = r.bilan_composition(sieges, [], LE)
    controle = bilan.controles[0]
    assert bilan.parite is False
    assert controle.statut == r.Statut.NON_CONFORME
    assert controle.detail == "4 voix professionnelles, 5 voix sociales : 1 voix de plus en section sociale"


@pytest.mark.parametrize(
    ("voix_rg", "voix_msa", "attendu"),
    [
        (8, 2, r.Statut.CONFORME),
        (7, 3, r.Statut.NON_CONFORME),
        (27, 7, r.Statut.CONFORME),
        (28, 6, r.Statut.CONFORME),
        (26, 8, r.Statut.NON_CONFORME),
    ],
)
def test_la_part_du_regime_general_est_l_un_des_deux_entiers_qui_encadrent_80_pour_cent(
    voix_rg: int, voix_msa: int, attendu: r.Statut
) -> None:
    sieges = [siege(S_SOC, 1, r.Regime.GENERAL)] * voix_rg + [siege(S_SOC, 1, r.Regime.AGRICOLE)] * voix_msa
    assert statut(r.bilan_composition(sieges, [], LE), "repartition") == attendu


def test_la_part_du_regime_general_n_est_pas_verifiee_avant_l_avenant_1() -> None:
    sieges = [siege(S_SOC, 1, r.Regime.GENERAL)] * 5
    controle = next(c for c in r.bilan_composition(sieges, [], date(2020, 6, 1)).controles if c.code == "repartition")
    assert controle.statut == r.Statut.A_COMPLETER
    assert "connue à partir du 04/01/2021" in controle.detail


def test_un_membre_de_la_section_sociale_ne_porte_pas_plus_de_3_voix() -> None:
    sieges = [siege(S_SOC, 4, r.Regime.GENERAL)]
    assert statut(r.bilan_composition(sieges, [], LE), "voix_par_siege") == r.Statut.NON_CONFORME


def urps(*professions: str) -> list[r.SiegeConsultatif]:
    return [r.SiegeConsultatif("urps", True, profession) for profession in professions]


def test_trois_urps_de_professions_differentes_sont_conformes() -> None:
    bilan = r.bilan_composition([], urps("Médecins", "Infirmiers", "Pharmaciens"), LE)
    assert statut(bilan, "urps") == r.Statut.CONFORME


def test_deux_urps_de_la_meme_profession_ne_sont_pas_conformes() -> None:
    bilan = r.bilan_composition([], urps("Médecins", "Médecins", "Pharmaciens"), LE)
    controle = next(c for c in bilan.controles if c.code == "urps")
    assert controle.statut == r.Statut.NON_CONFORME
    assert "Médecins" in controle.detail


def test_deux_urps_seulement_ne_sont_pas_conformes() -> None:
    assert statut(r.bilan_composition([], urps("Médecins", "Infirmiers"), LE), "urps") == r.Statut.NON_CONFORME


def test_une_urps_sans_profession_laisse_le_controle_a_completer() -> None:
    assert statut(r.bilan_composition([], urps("Médecins", "Infirmiers", ""), LE), "urps") == r.Statut.A_COMPLETER


@pytest.mark.parametrize(
    ("annee", "attendue"),
    [(2020, None), (2021, S_SOC), (2022, S_PRO), (2023, S_SOC), (2024, S_PRO), (2030, S_PRO), (2031, S_SOC)],
)
def test_la_presidence_alterne_par_annee_civile_la_section_sociale_d_abord(
    annee: int, attendue: r.Section | None
) -> None:
    assert r.section_presidente(annee, 2021) == attendue


@pytest.mark.parametrize(
    ("envoi", "refusee"),
    [(date(2026, 3, 4), False), (date(2026, 3, 5), False), (date(2026, 3, 6), True), (date(2026, 3, 20), True)],
)
def test_la_convocation_part_au_moins_15_jours_avant_la_reunion(envoi: date, refusee: bool) -> None:
    assert bool(r.refus_convocation(date(2026, 3, 20), envoi)) is refusee


@pytest.mark.parametrize(("envoi", "refusee"), [(date(2026, 3, 15), False), (date(2026, 3, 16), True)])
def test_l_ordre_du_jour_part_au_moins_5_jours_avant_la_reunion(envoi: date, refusee: bool) -> None:
    assert bool(r.refus_ordre_du_jour(date(2026, 3, 20), envoi)) is refusee


def test_une_reunion_urgente_motivee_peut_etre_convoquee_hors_delai() -> None:
    assert r.refus_convocation(date(2026, 3, 20), date(2026, 3, 18), urgente=True, motif="Avis sur un contrat") == []


def test_une_reunion_urgente_sans_motif_reste_tardive() -> None:
    raisons = r.refus_convocation(date(2026, 3, 20), date(2026, 3, 18), urgente=True, motif=" ")
    assert "motif" in raisons[0]


def test_une_convocation_ne_part_pas_apres_la_reunion_meme_urgente() -> None:
    assert r.refus_convocation(date(2026, 3, 20), date(2026, 3, 21), urgente=True, motif="x")


def test_une_annee_sans_reunion_est_signalee_et_l_annee_en_cours_aussi() -> None:
    alerte = r.alerte_reunions(2021, [date(2021, 6, 9), date(2023, 2, 1)], date(2024, 5, 1))
    assert alerte.annees_sans_reunion == (2022,)
    assert alerte.annee_en_cours_sans_reunion is True


def test_une_reunion_prevue_dans_l_annee_en_cours_leve_l_alerte_de_l_annee() -> None:
    alerte = r.alerte_reunions(2021, [date(2021, 6, 9), date(2022, 11, 1)], date(2022, 5, 1))
    assert alerte.annee_en_cours_sans_reunion is False


@pytest.mark.parametrize(("sieges", "requis"), [(34, 17), (35, 18), (17, 9), (13, 7), (0, 0)])
def test_le_quorum_est_la_moitie_des_sieges_arrondie_a_l_unite_superieure(sieges: int, requis: int) -> None:
    assert r.quorum_requis(sieges, LE) == requis


def emarger(section: r.Section, voix: int, presence: str, siege: object, delegue_a: object = None) -> r.Emargement:
    return r.Emargement(siege, section, voix, r.Presence(presence), delegue_a)


def seance(*absences: tuple[object, object]) -> list[r.Emargement]:
    """4 sièges professionnels (1 voix) et 2 sociaux (3 voix RG, 1 voix MSA), tous présents sauf indiqué."""
    sieges = [
        ("p1", S_PRO, 1),
        ("p2", S_PRO, 1),
        ("p3", S_PRO, 1),
        ("p4", S_PRO, 1),
        ("s1", S_SOC, 3),
        ("s2", S_SOC, 1),
    ]
    absents = dict(absences)
    return [
        emarger(section, voix, "absent" if nom in absents else "titulaire", nom, absents.get(nom))
        for nom, section, voix in sieges
    ]


def test_une_seance_au_complet_peut_deliberer() -> None:
    etat = r.etat_deliberation(seance(), LE)
    assert etat.peut_deliberer
    assert (etat.professionnelle.voix_representees, etat.sociale.voix_representees) == (4, 4)


def test_un_absent_sans_delegation_rompt_la_parite() -> None:
    etat = r.etat_deliberation(seance(("p4", None)), LE)
    assert not etat.parite
    assert etat.raisons == (
        "Parité non respectée : 3 voix professionnelles présentes ou représentées, 4 voix sociales.",
    )


def test_une_delegation_a_un_membre_de_la_section_retablit_la_parite() -> None:
    etat = r.etat_deliberation(seance(("p4", "p1")), LE)
    assert etat.peut_deliberer
    assert etat.professionnelle.membres_presents == 3


def test_le_quorum_ne_compte_pas_les_delegations() -> None:
    etat = r.etat_deliberation(seance(("p1", None), ("p2", "p3"), ("p4", None)), LE)
    assert not etat.professionnelle.quorum_atteint
    assert "Quorum non atteint en section professionnelle : 1 membres présents, 2 requis sur 4 sièges." in etat.raisons


def test_un_membre_ne_recoit_qu_une_delegation() -> None:
    raisons = r.refus_delegations(seance(("p3", "p1"), ("p4", "p1")), LE)
    assert raisons == ["p1 reçoit 2 délégations ; 1 au plus."]


def test_une_delegation_a_l_autre_section_est_refusee() -> None:
    assert r.refus_delegations(seance(("p4", "s1")), LE) == ["p4 ne peut déléguer qu'à un membre de sa section."]


def test_une_delegation_a_un_absent_est_refusee() -> None:
    assert r.refus_delegations(seance(("p3", None), ("p4", "p3")), LE) == ["p4 délègue à p3, absent."]


def bulletins(*votes: tuple[r.Section, int, str]) -> list[r.Bulletin]:
    return [r.Bulletin(section, poids, r.Choix(choix)) for section, poids, choix in votes]


def test_la_majorite_simple_des_voix_exprimees_adopte() -> None:
    resultat = r.resultat_scrutin(
        bulletins((S_PRO, 1, "pour"), (S_PRO, 1, "contre"), (S_SOC, 3, "pour"), (S_SOC, 1, "contre")), 1, LE
    )
    assert resultat.issue == r.Issue.ADOPTEE
    assert (resultat.total.pour, resultat.total.contre) == (4, 2)


def test_les_abstentions_et_les_blancs_ne_comptent_pas() -> None:
    resultat = r.resultat_scrutin(bulletins((S_PRO, 1, "pour"), (S_SOC, 3, "abstention"), (S_SOC, 1, "blanc")), 1, LE)
    assert resultat.issue == r.Issue.ADOPTEE
    assert resultat.total.exprimes == 1


def test_un_suppleant_vote_avec_le_poids_du_titulaire_et_l_emporte_a_lui_seul() -> None:
    resultat = r.resultat_scrutin(bulletins((S_PRO, 1, "pour"), (S_PRO, 1, "pour"), (S_SOC, 3, "contre")), 1, LE)
    assert resultat.issue == r.Issue.REJETEE


def test_un_partage_au_premier_tour_appelle_un_second_tour() -> None:
    resultat = r.resultat_scrutin(bulletins((S_PRO, 4, "pour"), (S_SOC, 4, "contre")), 1, LE)
    assert resultat.issue == r.Issue.PARTAGE
    assert resultat.professionnelle.pour == 4
    assert resultat.sociale.contre == 4


def test_un_partage_au_second_tour_acte_l_absence_d_accord() -> None:
    resultat = r.resultat_scrutin(bulletins((S_PRO, 4, "pour"), (S_SOC, 4, "contre")), 2, LE)
    assert resultat.issue == r.Issue.ABSENCE_ACCORD


def test_chaque_parametre_a_une_reference_et_un_fondement() -> None:
    for parametre in r.parametres().values():
        assert parametre.fondement in r.FONDEMENTS
        assert all(valeur.references for valeur in parametre.valeurs if valeur.valeur is not None), parametre.cle


def test_les_valeurs_reprises_par_analogie_sont_marquees_comme_telles() -> None:
    analogies = {cle for cle, parametre in r.parametres().items() if parametre.par_analogie}
    assert analogies == {
        "reunions.urgence_derogatoire",
        "deliberation.quorum_part_des_sieges",
        "deliberation.delegations_recues_maximum",
        "deliberation.partage_des_voix",
        "releve.delai_jours",
    }


def test_un_fichier_de_parametres_sans_reference_est_refuse(tmp_path: object) -> None:
    fichier = tmp_path / "commission.yaml"
    fichier.write_text(
        "reunions:\n  delai_convocation_jours:\n    description: x\n    unite: jours\n    fondement: texte\n"
        "    valeurs:\n      2019-08-25:\n        valeur: 15\n",
        encoding="utf-8",
    )
    with pytest.raises(ParametresInvalides, match=r"2019-08-25\.references : au moins une référence"):
        r.charger(fichier)


def test_un_parametre_demande_avant_sa_premiere_date_est_absent() -> None:
    with pytest.raises(r.ParametreAbsent):
        r.valeur("section_sociale.part_regime_general", date(2020, 12, 31))
