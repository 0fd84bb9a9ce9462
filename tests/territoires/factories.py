import datetime

import factory

from cpts.territoires import populations
from cpts.territoires.models import Commune, Territoire, UniteTerritoire
from tests.dossiers.factories import CptsFactory


class TerritoireFactory(factory.django.DjangoModelFactory):
    """Un territoire en cours ; `communes=[codes INSEE]` le compose de communes du référentiel."""

    class Meta:
        model = Territoire
        skip_postgeneration_save = True

    cpts = factory.SubFactory(CptsFactory)
    debut = datetime.date(2021, 1, 1)

    @factory.post_generation
    def communes(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            unites = list(Commune.objects.filter(code__in=extracted))
            UniteTerritoire.objects.bulk_create([UniteTerritoire(territoire=self, commune=c) for c in unites])
            self.population = sum(c.population for c in unites)
            self.save(update_fields=["population"])
            populations.recalculer([self.pk])
