"""La composition de la commission et sa présidence : composition en vigueur à une date, sièges rangés et
leur bilan, nouvelle composition ; présidents de section désignés, présidence d'une année civile.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from cpts.commission.enums import SectionSiege
from cpts.commission.models import Commission, Composition, PresidenceSection, Siege
from cpts.regles import commission as regles

# Composition


def composition_en_vigueur(commission: Commission, le: date) -> Composition | None:
    return commission.compositions.filter(date_effet__lte=le).order_by("-date_effet").first()


def sieges_ranges(composition: Composition) -> QuerySet[Siege]:
    return composition.sieges.select_related("compte_titulaire", "compte_suppleant").order_by("ordre", "pk")


def en_regles(sieges: Iterable[Siege]) -> tuple[list[regles.SiegeVotant], list[regles.SiegeConsultatif]]:
    votants, consultatifs = [], []
    for siege in sieges:
        if siege.section == SectionSiege.CONSULTATIVE:
            consultatifs.append(
                regles.SiegeConsultatif(
                    categorie=siege.categorie,
                    titulaire_designe=siege.titulaire_designe,
                    profession=siege.get_profession_display() if siege.profession else "",
                )
            )
        else:
            votants.append(
                regles.SiegeVotant(
                    section=regles.Section(siege.section),
                    voix=siege.voix,
                    titulaire_designe=siege.titulaire_designe,
                    profession=siege.get_profession_display() if siege.profession else "",
                    centre_de_sante=siege.profession == "centres_de_sante",
                    regime=regles.Regime(siege.regime) if siege.regime else None,
                    libelle=siege.libelle,
                )
            )
    return votants, consultatifs


def bilan(
    composition: Composition, sieges: Iterable[Siege] | None = None, le: date | None = None
) -> regles.BilanComposition:
    """Totaux et contrôles de la composition, aux règles en vigueur le jour `le` (par défaut sa date d'effet) ;
    `sieges` permet de vérifier une modification avant de l'enregistrer."""
    votants, consultatifs = en_regles(sieges if sieges is not None else sieges_ranges(composition))
    return regles.bilan_composition(votants, consultatifs, le or composition.date_effet)


@transaction.atomic
def nouvelle_composition(commission: Commission, date_effet: date, source: str = "") -> Composition:
    """Une composition à une nouvelle date, reprenant les sièges de celle qui était en vigueur."""
    if commission.compositions.filter(date_effet=date_effet).exists():
        raise ValidationError("Cette commission a déjà une composition à cette date.")
    precedente = composition_en_vigueur(commission, date_effet)
    composition = Composition.objects.create(commission=commission, date_effet=date_effet, source=source)
    if precedente is not None:
        for siege in sieges_ranges(precedente):
            siege.pk = None
            siege.id = None
            siege.composition = composition
            siege._state.adding = True
            siege.save()
    return composition


# Présidence


@dataclass(frozen=True)
class AnneePresidence:
    annee: int
    section: regles.Section
    president: PresidenceSection | None
    vice_president: PresidenceSection | None

    @property
    def libelle_section(self) -> str:
        return self.section.libelle


def president_de_section(commission: Commission, section: str, le: date) -> PresidenceSection | None:
    return (
        commission.presidences.filter(section=section, designe_le__lte=le)
        .select_related("siege")
        .order_by("-designe_le")
        .first()
    )


def presidence(commission: Commission, annee: int) -> AnneePresidence | None:
    """Qui préside la commission l'année civile `annee` : la section que désigne l'alternance, et son président
    (celui en fonction le 31 décembre, ou à défaut le premier désigné de l'année)."""
    if commission.date_installation is None:
        return None
    section = regles.section_presidente(annee, commission.date_installation.year)
    if section is None:
        return None
    fin = date(annee, 12, 31)
    return AnneePresidence(
        annee=annee,
        section=section,
        president=president_de_section(commission, section.value, fin),
        vice_president=president_de_section(commission, section.autre.value, fin),
    )


def presidences(commission: Commission, jusqu_a: int) -> list[AnneePresidence]:
    if commission.date_installation is None:
        return []
    annees = range(commission.date_installation.year, jusqu_a + 1)
    return [annee for annee in (presidence(commission, a) for a in annees) if annee is not None]


@transaction.atomic
def designer_president(commission: Commission, section: str, siege: Siege, le: date) -> PresidenceSection:
    if siege.composition.commission_id != commission.pk or siege.section != section:
        raise ValidationError("Le président d'une section est choisi parmi les membres de cette section.")
    if not siege.titulaire_designe:
        raise ValidationError("Ce siège n'a pas de titulaire désigné : il ne peut pas présider.")
    if commission.presidences.filter(section=section, designe_le=le).exists():
        raise ValidationError("Cette section a déjà un président désigné à cette date.")
    return PresidenceSection.objects.create(commission=commission, section=section, siege=siege, designe_le=le)
