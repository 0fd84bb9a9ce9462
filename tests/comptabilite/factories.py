"""Fabriques de l'emploi des fonds : des comptes posés en base, déposés ou non, avec leurs lignes."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from cpts.comptabilite.enums import Statut
from cpts.comptabilite.models import Exercice, Indemnite, LigneExercice
from tests.dossiers.factories import CptsFactory

# Des comptes équilibrés : 100 000 € d'ACI et 10 000 € de FIR, 80 000 € de charges, 30 000 € de résultat ; avec
# rien de reporté à l'ouverture, 30 000 € de réserves à la clôture (sous le seuil de six mois de charges).
LIGNES_TYPE = {
    ("aci", "fonctionnement"): "50000.00",
    ("aci", "acces"): "50000.00",
    ("fir", "fonctionnement"): "10000.00",
    ("personnel", "fonctionnement"): "45000.00",
    ("personnel", "acces"): "15000.00",
    ("locaux", "fonctionnement"): "8000.00",
    ("numerique", "acces"): "6000.00",
    ("prestations", "parcours"): "6000.00",
}


class ExerciceFactory(factory.django.DjangoModelFactory):
    """Des comptes annuels ; `lignes={(poste, mission): montant}` (par défaut `LIGNES_TYPE`), `depose=True` pour des
    comptes déposés le 30/06 de l'année suivante (réserves à la clôture calculées)."""

    class Meta:
        model = Exercice
        skip_postgeneration_save = True

    cpts = factory.SubFactory(CptsFactory, signe=True)
    annee = 2025
    reserves_ouverture = Decimal("0.00")
    population = 45_000

    @factory.post_generation
    def lignes(self, create: bool, extracted: dict | None, **kwargs: object) -> None:
        if not create:
            return
        for (poste, mission), montant in (LIGNES_TYPE if extracted is None else extracted).items():
            LigneExercice.objects.create(exercice=self, poste=poste, mission=mission, montant=Decimal(montant))
        self.reserves_cloture = self.reserves_ouverture + sum(
            (x.montant if x.poste in ("aci", "fir", "autre_produit") else -x.montant) for x in self.lignes.all()
        )
        self.save()

    @factory.post_generation
    def depose(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted:
            self.statut = Statut.DEPOSE
            self.depose_le = timezone.make_aware(datetime.datetime(self.annee + 1, 6, 30, 12))
            self.save()


class IndemniteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indemnite

    exercice = factory.SubFactory(ExerciceFactory)
    beneficiaire = factory.Sequence(lambda n: f"Dr Membre {n}")
    profession = "Médecin généraliste"
    mission = "parcours"
    heures = Decimal("20.00")
    montant = Decimal("2000.00")
