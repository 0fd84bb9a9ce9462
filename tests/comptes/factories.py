import factory

from cpts.comptes.models import Utilisateur
from cpts.comptes.roles import Role

MOT_DE_PASSE = "mot-de-passe-de-test"


class UtilisateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Utilisateur
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@exemple.fr")
    role = Role.LECTEUR_NATIONAL
    password = factory.django.Password(MOT_DE_PASSE)

    class Params:
        agent_ars_region = factory.Trait(role=Role.AGENT_ARS, region="84")
        agent_cpam_departement = factory.Trait(role=Role.AGENT_CPAM, departements=["69"])
        membre_cpr = factory.Trait(role=Role.MEMBRE_CPR, region="84")
        administrateur = factory.Trait(role=Role.ADMINISTRATEUR)

    @factory.post_generation
    def cpts(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.role = Role.COORDINATEUR
            self.save(update_fields=["role"])
            self.cpts.set(extracted)
