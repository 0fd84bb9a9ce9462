from datetime import date

import factory

from cpts.commission.enums import EtatReunion, SectionSiege
from cpts.commission.models import Commission, Composition, PointOrdreDuJour, Reunion, Siege


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission
        django_get_or_create = ("region",)

    region = "84"
    nom = factory.LazyAttribute(lambda c: f"CPR CPTS {c.region}")
    date_installation = date(2021, 6, 9)

    class Params:
        hors_region = factory.Trait(region="52")
        non_installee = factory.Trait(date_installation=None)


class CompositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Composition

    commission = factory.SubFactory(CommissionFactory)
    date_effet = date(2021, 6, 9)


class SiegeFactory(factory.django.DjangoModelFactory):
    """Par défaut un siège professionnel pourvu ; traits `sociale`, `msa`, `consultatif`, `urps`, `vacant`."""

    class Meta:
        model = Siege

    composition = factory.SubFactory(CompositionFactory)
    section = SectionSiege.PROFESSIONNELLE
    profession = "medecins"
    organisation = factory.Sequence(lambda n: f"Organisation {n}")
    voix = 1
    titulaire_designe = True
    suppleant_designe = True
    ordre = factory.Sequence(lambda n: n)

    class Params:
        sociale = factory.Trait(section=SectionSiege.SOCIALE, profession="", regime="rg", voix=2)
        msa = factory.Trait(section=SectionSiege.SOCIALE, profession="", regime="msa", voix=2)
        consultatif = factory.Trait(section=SectionSiege.CONSULTATIVE, profession="", categorie="ars", voix=0)
        urps = factory.Trait(section=SectionSiege.CONSULTATIVE, categorie="urps", voix=0)
        vacant = factory.Trait(titulaire_designe=False, suppleant_designe=False)


class ReunionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reunion

    commission = factory.SubFactory(CommissionFactory)
    date = date(2026, 3, 20)
    etat = EtatReunion.PREPARATION

    class Params:
        en_seance = factory.Trait(
            etat=EtatReunion.EN_SEANCE,
            convocation_envoyee_le=date(2026, 3, 1),
            ordre_du_jour_envoye_le=date(2026, 3, 10),
        )


class PointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PointOrdreDuJour

    reunion = factory.SubFactory(ReunionFactory)
    numero = factory.Sequence(lambda n: n + 1)
    intitule = factory.Sequence(lambda n: f"Point {n}")
    deliberation = True


def composition_paritaire(commission: Commission, le: date = date(2021, 6, 9)) -> Composition:
    """Une petite composition conforme : 4 sièges professionnels (4 voix), 2 membres sociaux (RG 3, MSA 1)."""
    composition = CompositionFactory(commission=commission, date_effet=le)
    for organisation in ("CSMF", "MG France", "SNIIL", "FNO"):
        SiegeFactory(composition=composition, organisation=organisation)
    SiegeFactory(composition=composition, sociale=True, organisation="CPAM 69", voix=3)
    SiegeFactory(composition=composition, msa=True, organisation="MSA", voix=1)
    return composition
