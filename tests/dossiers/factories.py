import factory

from cpts.dossiers.models import Cpts


class CptsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cpts

    nom = factory.Sequence(lambda n: f"CPTS de test {n}")
    departement = "69"
    region = "84"

    class Params:
        en_isere = factory.Trait(departement="38")
        hors_region = factory.Trait(departement="44", region="52")
