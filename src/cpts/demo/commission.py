"""Les deux CPR des supports de séance publiés, telles que leurs supports de séance les présentent.

- Auvergne-Rhône-Alpes, 9 juin 2021 ([cpr-aura-2021-06-09] « COMPOSITION DE LA SECTION PROFESSIONNELLE / SOCIALE »,
  « MEMBRES DE LA COMMISSION AVEC VOIX CONSULTATIVE », sommaire de la séance).
- Pays de la Loire, 4 février 2021 ([cpr-pdl-2021-02-04] « 1- Installation de la CPR », ordre du jour).

Les sièges sont décrits par organisation, fonction et nombre de voix, et par la présence ou non d'un titulaire
et d'un suppléant désignés (« en attente désignation » : non désigné). Aucun nom de personne ni coordonnée.
Le chargement est idempotent : une commission déjà présente n'est pas touchée.
"""

from dataclasses import dataclass
from datetime import date

from simple_history.utils import bulk_create_with_history

from cpts.commission.enums import EtatReunion, SectionSiege
from cpts.commission.models import Commission, Composition, PointOrdreDuJour, Reunion, Siege

PRO, SOC, CONS = SectionSiege.PROFESSIONNELLE, SectionSiege.SOCIALE, SectionSiege.CONSULTATIVE


@dataclass(frozen=True)
class SiegeDemo:
    section: str
    organisation: str
    titulaire: bool
    suppleant: bool
    profession: str = ""
    voix: int = 1
    regime: str = ""
    qualite: str = ""
    categorie: str = ""


def pro(profession: str, organisation: str, titulaire: bool = True, suppleant: bool = True) -> SiegeDemo:
    return SiegeDemo(PRO, organisation, titulaire, suppleant, profession=profession)


def soc(
    regime: str, qualite: str, organisation: str, voix: int, titulaire: bool = True, suppleant: bool = True
) -> SiegeDemo:
    return SiegeDemo(SOC, organisation, titulaire, suppleant, voix=voix, regime=regime, qualite=qualite)


def cons(categorie: str, organisation: str, titulaire: bool = True, suppleant: bool = True) -> SiegeDemo:
    return SiegeDemo(CONS, organisation, titulaire, suppleant, voix=0, categorie=categorie)


NON = False

# [cpr-aura-2021-06-09] : 34 sièges professionnels (31 organisations signataires et 3 pour les centres de santé).
# « 7SJMB » dans l'extraction du support est le SJBM (Syndicat des jeunes biologistes médicaux), comme en 004.
AURA_PROFESSIONNELLE = (
    pro("medecins", "MG France", suppleant=NON),
    pro("medecins", "CSMF"),
    pro("medecins", "SML"),
    pro("sages_femmes", "ONSSF"),
    pro("sages_femmes", "UNSSF", NON, NON),
    pro("infirmiers", "SNIIL"),
    pro("infirmiers", "FNI"),
    pro("infirmiers", "CI"),
    pro("masseurs_kinesitherapeutes", "FFMKR"),
    pro("masseurs_kinesitherapeutes", "UNSMKL"),
    pro("chirurgiens_dentistes", "CDF AURA"),
    pro("orthoptistes", "SNAO"),
    pro("orthophonistes", "FNO"),
    pro("pedicures_podologues", "FNP"),
    pro("biologistes", "SDB"),
    pro("biologistes", "SNMB"),
    pro("biologistes", "SJBM"),
    pro("biologistes", "SLBC", NON, NON),
    pro("pharmaciens", "FSPF", suppleant=NON),
    pro("pharmaciens", "USPO"),
    pro("opticiens", "ROF", NON, NON),
    pro("opticiens", "FNOF", NON, NON),
    pro("appareillage", "FFPO"),
    pro("appareillage", "UFOP"),
    pro("appareillage", "SNOF", suppleant=NON),
    pro("appareillage", "SYNEA", NON, NON),
    pro("appareillage", "UNSAF", NON, NON),
    pro("transporteurs_sanitaires", "CNSA"),
    pro("transporteurs_sanitaires", "FNMS"),
    pro("transporteurs_sanitaires", "FNAP"),
    pro("transporteurs_sanitaires", "FNAA", NON, NON),
    pro("centres_de_sante", "FNMF / FMF"),
    pro("centres_de_sante", "UNA / FNCS / CANSSM"),
    pro("centres_de_sante", "ADEDOM / C3SI"),
)

# [cpr-aura-2021-06-09] : 17 membres, 34 voix (régime général 27, MSA 7). Le titulaire du siège ELSM est intérimaire.
AURA_SOCIALE = (
    soc("rg", "administratif", "CPAM 01 / CPAM 63", 2),
    soc("rg", "administratif", "CPAM 38", 2),
    soc("rg", "administratif", "CPAM 73 / CPAM 07", 2),
    soc("rg", "administratif", "CPAM 69", 2),
    soc("rg", "administratif", "CPAM 03 / CPAM 26", 2),
    soc("rg", "administratif", "CPAM 42 / CPAM 43", 2),
    soc("rg", "administratif", "CPAM 74 / CPAM 15", 2),
    soc("rg", "conseiller", "CPAM 01 / CPAM 38", 2),
    soc("rg", "conseiller", "CPAM 74 / CPAM 69", 2),
    soc("rg", "conseiller", "CPAM 03 / CPAM 15", 2),
    soc("rg", "service_medical", "DRSM", 2),
    soc("rg", "service_medical", "DRSM", 2),
    soc("rg", "service_medical", "ELSM 69 / ELSM 63", 2),
    soc("rg", "dcgdr", "DCGDR", 1),
    soc("msa", "", "MSA", 3),
    soc("msa", "", "MSA", 2),
    soc("msa", "", "MSA", 2),
)

AURA_CONSULTATIFS = (
    cons("ars", "ARS"),
    cons("federation_cpts", "FCPTS", suppleant=NON),
    cons("femas", "FEMAS AURA"),
    cons("urps", "URPS", NON, NON),
    cons("urps", "URPS", NON, NON),
    cons("urps", "URPS", NON, NON),
    cons("france_assos_sante", "France Assos Santé"),
)

# [cpr-pdl-2021-02-04] : 32 organisations signataires et 3 sièges de centres de santé, dont un seul pourvu
# (« 16 titulaires non désignés, 2 professions non représentées »).
PDL_PROFESSIONNELLE = (
    pro("medecins", "CSMF"),
    pro("medecins", "MG France"),
    pro("medecins", "SML", NON, NON),
    pro("infirmiers", "SNIIL"),
    pro("infirmiers", "FNI", NON, NON),
    pro("infirmiers", "CI", NON, NON),
    pro("orthoptistes", "SNAO", suppleant=NON),
    pro("orthophonistes", "FNO"),
    pro("sages_femmes", "ONSSF", NON, NON),
    pro("sages_femmes", "UNSSF", NON, NON),
    pro("pharmaciens", "FSPF", NON, NON),
    pro("pharmaciens", "USPO", suppleant=NON),
    pro("pedicures_podologues", "FNP", suppleant=NON),
    pro("biologistes", "SNMB", NON, NON),
    pro("biologistes", "SLBC", suppleant=NON),
    pro("biologistes", "SDB"),
    pro("biologistes", "SJBM"),
    pro("opticiens", "FNOF", NON, NON),
    pro("opticiens", "ROF", NON, NON),
    pro("appareillage", "FFPO"),
    pro("appareillage", "UFOP"),
    pro("appareillage", "SNOF", NON, NON),
    pro("appareillage", "SYNEA"),
    pro("appareillage", "UNSAF", NON, NON),
    pro("centres_de_sante", "", suppleant=NON),
    pro("centres_de_sante", "", NON, NON),
    pro("centres_de_sante", "", NON, NON),
    pro("chirurgiens_dentistes", "CDF"),
    pro("chirurgiens_dentistes", "UD"),
    pro("masseurs_kinesitherapeutes", "UNSMKL", suppleant=NON),
    pro("masseurs_kinesitherapeutes", "FFMKR", NON, NON),
    pro("transporteurs_sanitaires", "CNSA"),
    pro("transporteurs_sanitaires", "FNMS", NON, NON),
    pro("transporteurs_sanitaires", "FNAP"),
    pro("transporteurs_sanitaires", "FNAA", NON, NON),
)

# [cpr-pdl-2021-02-04] : 13 membres, 35 voix (régime général 28, MSA 7) ; les organisations ne sont pas précisées.
PDL_SOCIALE = (
    soc("rg", "", "Régime général", 3, suppleant=NON),
    soc("rg", "", "Régime général", 3, suppleant=NON),
    soc("rg", "", "Régime général", 3),
    soc("rg", "", "Régime général", 3),
    soc("rg", "", "Régime général", 3, suppleant=NON),
    soc("rg", "", "Régime général", 3),
    soc("rg", "", "Régime général", 3, suppleant=NON),
    soc("rg", "service_medical", "Régime général", 3),
    soc("rg", "service_medical", "Régime général", 3),
    soc("rg", "", "Régime général", 1, suppleant=NON),
    soc("msa", "", "MSA", 3),
    soc("msa", "", "MSA", 3),
    soc("msa", "service_medical", "MSA", 1),
)

# [cpr-pdl-2021-02-04] « Voix consultatives » : l'APMSL est la fédération régionale des maisons de santé des
# Pays de la Loire.
PDL_CONSULTATIFS = (
    cons("urps", "URPS"),
    cons("urps", "URPS", suppleant=NON),
    cons("urps", "URPS", suppleant=NON),
    cons("france_assos_sante", "France Assos Santé"),
    cons("femas", "APMSL", NON, NON),
    cons("ars", "ARS"),
)

SOMMAIRE_AURA = (
    ("Installation de l'instance, désignation des membres", False),
    ("Désignation des présidents de section et du président de la CPR en 2021", False),
    ("Rappel des missions et règlement intérieur ; proposition de fonctionnement en visio", False),
    ("État des lieux du déploiement des CPTS en région Auvergne-Rhône-Alpes", False),
    ("Principales dispositions de l'ACI et ordonnance du 12 mai 2021", False),
    ("Bilan des paiements conventionnels versés aux CPTS", False),
    ("Accompagnement des CPTS", False),
    ("Questions diverses", False),
)

ORDRE_DU_JOUR_PDL = (
    ("Installation de la commission : composition, présidence, vice-présidence, règlement intérieur, missions", False),
    ("Présentation de l'ACI", False),
    ("État des lieux des adhésions", False),
    ("Présentation et échange sur le dispositif d'accompagnement des CPTS", False),
    ("Calendrier", False),
)


@dataclass(frozen=True)
class CommissionDemo:
    region: str
    nom: str
    installation: date
    support: str
    source: str
    sieges: tuple[SiegeDemo, ...]
    ordre_du_jour: tuple[tuple[str, bool], ...]


COMMISSIONS = (
    CommissionDemo(
        "84",
        "CPR CPTS Auvergne-Rhône-Alpes",
        date(2021, 6, 9),
        "support de séance du 9 juin 2021",
        "Support de la CPR du 9 juin 2021, « COMPOSITION »",
        AURA_PROFESSIONNELLE + AURA_SOCIALE + AURA_CONSULTATIFS,
        SOMMAIRE_AURA,
    ),
    CommissionDemo(
        "52",
        "CPR CPTS Pays de la Loire",
        date(2021, 2, 4),
        "support de séance du 4 février 2021",
        "Support de la CPR du 4 février 2021, « 1- Installation de la CPR »",
        PDL_PROFESSIONNELLE + PDL_SOCIALE + PDL_CONSULTATIFS,
        ORDRE_DU_JOUR_PDL,
    ),
)


def creer_commission(demo: CommissionDemo) -> bool:
    if Commission.objects.filter(region=demo.region).exists():
        return False
    commission = Commission.objects.create(region=demo.region, nom=demo.nom, date_installation=demo.installation)
    composition = Composition.objects.create(commission=commission, date_effet=demo.installation, source=demo.source)
    bulk_create_with_history(
        [
            Siege(
                composition=composition,
                section=siege.section,
                profession=siege.profession,
                organisation=siege.organisation,
                regime=siege.regime,
                qualite=siege.qualite,
                categorie=siege.categorie,
                voix=siege.voix,
                titulaire_designe=siege.titulaire,
                suppleant_designe=siege.suppleant,
                ordre=rang,
            )
            for rang, siege in enumerate(demo.sieges, start=1)
        ],
        Siege,
    )
    # La séance d'installation, reprise de son support : ni convocation, ni présences, ni votes n'y figurent.
    reunion = Reunion.objects.create(
        commission=commission,
        date=demo.installation,
        etat=EtatReunion.TENUE,
        observations=f"Séance d'installation reprise de son support ({demo.support}) : mode de réunion, dates d'envoi, "
        "présences et décisions n'y figurent pas.",
    )
    bulk_create_with_history(
        [
            PointOrdreDuJour(reunion=reunion, numero=numero, intitule=intitule, deliberation=vote)
            for numero, (intitule, vote) in enumerate(demo.ordre_du_jour, start=1)
        ],
        PointOrdreDuJour,
    )
    return True


def creer_commissions() -> int:
    return sum(creer_commission(demo) for demo in COMMISSIONS)
