"""Les indicateurs nationaux de la mission accès aux soins, qui figurent obligatoirement dans chaque contrat.

Sources :
- ACI 2019 : guide ARS Auvergne-Rhône-Alpes ([ars-aura-guide], « LA MISE EN PLACE D'INDICATEURS ») ;
- avenant 2 : guide URPS Médecins libéraux AuRA, mai 2022 ([urps-med-aura-guide-2022], « 5.1 Déterminer des
  indicateurs de suivi ») : l'indicateur des consultations de soins non programmés cède la place aux deux
  indicateurs du service d'accès aux soins (SAS), comme le rapportent aussi les sources secondaires.

Chaque indicateur vaut du texte `depuis` jusqu'au texte `jusqu_au` (exclu). Les sources de données sont celles
que les guides recommandent de préciser au contrat : l'agent les ajuste contrat par contrat.
"""

from dataclasses import dataclass
from datetime import date

from cpts.contrats.enums import Sens
from cpts.regles import referentiel

MISSION = "acces"


@dataclass(frozen=True)
class IndicateurNational:
    code: str
    libelle: str
    definition: str
    source: str
    sens: Sens
    unite: str
    depuis: str
    jusqu_au: str | None = None
    reference: str = ""

    def en_vigueur(self, le: date) -> bool:
        textes = referentiel()
        debut = textes.texte(self.depuis).en_vigueur_le
        fin = textes.texte(self.jusqu_au).en_vigueur_le if self.jusqu_au else date.max
        return debut <= le < fin


GUIDE_ARS = "Guide ARS Auvergne-Rhône-Alpes pour les porteurs de projet CPTS, « LA MISE EN PLACE D'INDICATEURS »"
GUIDE_URPS = (
    "Guide CPTS de l'URPS Médecins libéraux Auvergne-Rhône-Alpes, mai 2022, « 5.1 Déterminer des indicateurs de suivi »"
)

CATALOGUE: tuple[IndicateurNational, ...] = (
    IndicateurNational(
        code="patientele_medecin_traitant",
        libelle="Patients ayant un médecin traitant dans la population couverte",
        definition="Part de la population couverte par la CPTS qui a déclaré un médecin traitant ; on en suit la "
        "progression.",
        source="Assurance Maladie (déclarations de médecin traitant)",
        sens=Sens.CROISSANT,
        unite="%",
        depuis="aci-2019",
        # La liste de l'avenant 2 (guide URPS, §5.1) ne compte plus que cinq indicateurs, sans celui-ci.
        jusqu_au="avenant-2",
        reference=GUIDE_ARS,
    ),
    IndicateurNational(
        code="sans_medecin_traitant_cibles",
        libelle="Patients sans médecin traitant parmi les patients en ALD, de plus de 70 ans ou couverts par la CSS",
        definition="Part des patients sans médecin traitant parmi les patients en affection de longue durée, les "
        "patients de plus de 70 ans et les patients couverts par la complémentaire santé solidaire (ex-CMU-C).",
        source="Assurance Maladie (déclarations de médecin traitant)",
        sens=Sens.DECROISSANT,
        unite="%",
        depuis="aci-2019",
        reference=f"{GUIDE_ARS} ; {GUIDE_URPS}",
    ),
    IndicateurNational(
        code="urgences_sans_hospitalisation",
        libelle="Passages aux urgences non suivis d'hospitalisation",
        definition="Taux de passages aux urgences (générales, pédiatriques, gynéco-obstétricales…) des patients du "
        "territoire non suivis d'une hospitalisation (indicateur décroissant).",
        source="Assurance Maladie et établissements de santé (données hospitalières)",
        sens=Sens.DECROISSANT,
        unite="%",
        depuis="aci-2019",
        reference=f"{GUIDE_ARS} ; {GUIDE_URPS}",
    ),
    IndicateurNational(
        code="admissions_directes",
        libelle="Admissions directes en hospitalisation de médecine",
        definition="Part des admissions directes en hospitalisation de médecine adressées par un professionnel de "
        "santé de ville (indicateur croissant).",
        source="Assurance Maladie et établissements de santé (données hospitalières)",
        sens=Sens.CROISSANT,
        unite="%",
        depuis="aci-2019",
        reference=f"{GUIDE_ARS} ; {GUIDE_URPS}",
    ),
    IndicateurNational(
        code="consultations_snp",
        libelle="Consultations de soins non programmés de l'organisation territoriale",
        definition="Nombre de consultations enregistrées dans le cadre de l'organisation de régulation territoriale "
        "mise en place pour prendre en charge les soins non programmés.",
        source="Organisation de régulation territoriale de la CPTS",
        sens=Sens.CROISSANT,
        unite="consultations",
        depuis="aci-2019",
        jusqu_au="avenant-2",
        reference=GUIDE_ARS,
    ),
    IndicateurNational(
        code="medecins_sas",
        libelle="Médecins participant au SAS",
        definition="Nombre de médecins du territoire participant au service d'accès aux soins (SAS).",
        source="Service d'accès aux soins (SAS) du département",
        sens=Sens.CROISSANT,
        unite="médecins",
        depuis="avenant-2",
        reference=GUIDE_URPS,
    ),
    IndicateurNational(
        code="demandes_sas_rendez_vous",
        libelle="Demandes du SAS ayant abouti à un rendez-vous",
        definition="Nombre de demandes de soins venues du SAS ayant abouti à un rendez-vous pris par la CPTS.",
        source="Service d'accès aux soins (SAS) du département",
        sens=Sens.CROISSANT,
        unite="demandes",
        depuis="avenant-2",
        reference=GUIDE_URPS,
    ),
)


def nationaux(le: date) -> tuple[IndicateurNational, ...]:
    """Les indicateurs nationaux en vigueur le jour `le` (ceux du texte applicable)."""
    return tuple(indicateur for indicateur in CATALOGUE if indicateur.en_vigueur(le))


def par_code(code: str) -> IndicateurNational | None:
    return next((indicateur for indicateur in CATALOGUE if indicateur.code == code), None)
