"""Fabriques des contrats : posés directement en base (sans la signature des dossiers) pour préparer un test vite.

Pour parcourir la vraie signature (étape, population, membres), voir `signer_pour_de_vrai`."""

import datetime
from decimal import Decimal

import factory

from cpts.contrats.missions import duree_contrat, socles
from cpts.contrats.models import BilanMission, Cible, Contrat, DialogueGestion, Indicateur, MissionContrat, Paiement
from cpts.regles import referentiel
from cpts.regles.dates import anniversaire
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import COMMUNES_MONTS_DU_LYONNAIS, CptsFactory

SIGNATURE = datetime.date(2022, 6, 15)
PDF_MINIMAL = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ContratFactory(factory.django.DjangoModelFactory):
    """Un contrat signé ; `missions={code: démarrage}` (par défaut : les missions socles, démarrées à la
    signature)."""

    class Meta:
        model = Contrat
        skip_postgeneration_save = True

    cpts = factory.SubFactory(CptsFactory, signe=True)
    signature = SIGNATURE
    fin = factory.LazyAttribute(lambda o: anniversaire(o.signature, duree_contrat(o.signature)))
    texte = factory.LazyAttribute(lambda o: referentiel().texte_en_vigueur(o.signature).code)
    population = 45_000
    taille = 2
    membres = 0
    enregistre_par = factory.SubFactory(UtilisateurFactory, agent_cpam_departement=True)

    class Params:
        # Signé sous l'ACI 2019, avant l'avenant 2 : trois missions socles.
        aci_2019 = factory.Trait(signature=datetime.date(2020, 9, 15))
        taille_4 = factory.Trait(population=200_000, taille=4)
        hors_region = factory.Trait(cpts=factory.SubFactory(CptsFactory, signe=True, hors_region=True))

    @factory.post_generation
    def missions(self, create: bool, extracted: dict | None, **kwargs: object) -> None:
        if not create:
            return
        choisies = extracted if extracted is not None else dict.fromkeys(socles(self.signature), self.signature)
        for code, demarrage in choisies.items():
            MissionContrat.objects.create(contrat=self, mission=code, demarrage=demarrage)

    @factory.post_generation
    def nationaux(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """`nationaux=True` : les indicateurs nationaux du texte de la signature."""
        if create and extracted:
            from cpts.contrats.indicateurs import creer_nationaux

            creer_nationaux(self, self.signature)


class IndicateurFactory(factory.django.DjangoModelFactory):
    """Un indicateur local ; `cibles={année: valeur}` et `valeurs={année: valeur}` le complètent."""

    class Meta:
        model = Indicateur
        skip_postgeneration_save = True

    contrat = factory.SubFactory(ContratFactory)
    mission = "parcours"
    libelle = factory.Sequence(lambda n: f"Indicateur local {n}")
    definition = "Nombre de patients accompagnés dans un parcours."
    source = "Tableau de bord de la CPTS"
    reference = Decimal(0)
    poids = Decimal(1)

    @factory.post_generation
    def cibles(self, create: bool, extracted: dict | None, **kwargs: object) -> None:
        for annee, valeur in (extracted or {}).items():
            Cible.objects.create(indicateur=self, annee=annee, valeur=Decimal(str(valeur)))

    @factory.post_generation
    def valeurs(self, create: bool, extracted: dict | None, **kwargs: object) -> None:
        from django.utils import timezone

        from cpts.contrats.models import Valeur

        for annee, valeur in (extracted or {}).items():
            Valeur.objects.create(
                indicateur=self,
                annee=annee,
                valeur=Decimal(str(valeur)),
                declaree_par=self.contrat.enregistre_par,
                declaree_le=timezone.now(),
            )


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueGestion

    contrat = factory.SubFactory(ContratFactory)
    annee = 1
    date = factory.LazyAttribute(lambda o: anniversaire(o.contrat.signature, o.annee))
    participants = "CPTS, CPAM du Rhône, ARS Auvergne-Rhône-Alpes"
    enregistre_par = factory.LazyAttribute(lambda o: o.contrat.enregistre_par)


class BilanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BilanMission

    dialogue = factory.SubFactory(DialogueFactory)
    mission = "acces"
    motif = "Atteinte retenue au dialogue de gestion."


class PaiementFactory(factory.django.DjangoModelFactory):
    """Un versement posé directement (sans les contrôles du service)."""

    class Meta:
        model = Paiement

    contrat = factory.SubFactory(ContratFactory)
    annee = 1
    mission = "fonctionnement"
    volet = "fixe"
    nature = "avance"
    montant = Decimal("1000.00")
    du_a_l_enregistrement = Decimal("45000.00")
    date = SIGNATURE
    reference = factory.Sequence(lambda n: f"VIR-TEST-{n:05d}")
    enregistre_par = factory.LazyAttribute(lambda o: o.contrat.enregistre_par)


def cpts_prete_a_signer(**autres: object) -> object:
    """Une CPTS au projet de santé validé, association créée, territoire des Monts du Lyonnais (fixture `communes`)."""
    from cpts.dossiers.enums import Etape

    parametres = {
        "avec_association": True,
        "etape": Etape.PROJET_SANTE_VALIDE,
        "etape_depuis": datetime.date(2022, 1, 10),
        "territoire": COMMUNES_MONTS_DU_LYONNAIS,
        **autres,
    }
    return CptsFactory(**parametres)
