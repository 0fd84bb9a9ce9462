"""Les comptes annuels d'une CPTS dans le plan normalisé (`cpts.regles.comptabilite.plan`), les indemnités versées
à ses membres ([decret-2022-375]) et la correspondance propre à la CPTS de son plan comptable vers le plan normalisé.

Les montants sont saisis ou importés, jamais recalculés ici : totaux, résultat et contrôles viennent des règles.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cpts.comptabilite.enums import PosteChoix, Source, Statut
from cpts.comptes.droits import Perimetre, QuerySetPerimetre
from cpts.concurrence import Revisionne

PERIMETRE_CPTS = Perimetre(region="cpts__region", departement="cpts__departements_couverts__code", cpts="cpts")
ANNEE_MIN, ANNEE_MAX = 2019, 2100  # l'ACI CPTS date de 2019


def _positif(nom: str, champ: str, libelle: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{champ}__gte": 0}),
        name=f"{nom}_{champ}_positif",
        violation_error_message=f"{libelle} ne peut pas être négatif.",
    )


class ExerciceQuerySet(QuerySetPerimetre):
    def deposes_au(self, le: object) -> "ExerciceQuerySet":
        """Les comptes déposés au plus tard ce jour-là (les vues « à une date »)."""
        return self.filter(statut=Statut.DEPOSE, depose_le__date__lte=le)


class Exercice(Revisionne):
    """Les comptes annuels d'une CPTS pour une année civile : en préparation, puis déposés (figés)."""

    designation = "Ces comptes"
    feminin = False

    cpts = models.ForeignKey("dossiers.Cpts", on_delete=models.PROTECT, related_name="exercices", verbose_name="CPTS")
    annee = models.PositiveSmallIntegerField("exercice")
    reserves_ouverture = models.DecimalField(
        "réserves reportées à l'ouverture", max_digits=12, decimal_places=2, default=0
    )
    reserves_cloture = models.DecimalField("réserves à la clôture", max_digits=12, decimal_places=2, default=0)
    statut = models.CharField("statut", max_length=12, choices=Statut.choices, default=Statut.BROUILLON)
    source = models.CharField("origine", max_length=10, choices=Source.choices, default=Source.SAISIE)
    rapport_import = models.TextField("rapport du dernier import", blank=True)
    population = models.PositiveIntegerField(
        "population couverte au dépôt", null=True, blank=True, help_text="Celle du contrat en vigueur au dépôt."
    )
    depose_le = models.DateTimeField("déposés le", null=True, blank=True)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déposés par",
    )
    modifie_le = models.DateTimeField("modifiés le", auto_now=True)
    historique = HistoricalRecords()

    objects = ExerciceQuerySet.as_manager()
    perimetre = PERIMETRE_CPTS

    class Meta:
        verbose_name = "comptes annuels"
        verbose_name_plural = "comptes annuels"
        ordering = ["cpts", "-annee"]
        constraints = [
            models.UniqueConstraint(
                fields=["cpts", "annee"],
                name="exercice_unique_par_cpts",
                violation_error_message="Les comptes de cet exercice existent déjà pour cette CPTS.",
            ),
            models.CheckConstraint(
                condition=Q(annee__gte=ANNEE_MIN) & Q(annee__lte=ANNEE_MAX),
                name="exercice_annee_plausible",
                violation_error_message=f"L'exercice est une année de {ANNEE_MIN} à {ANNEE_MAX}.",
            ),
            models.CheckConstraint(
                condition=~Q(statut=Statut.DEPOSE) | Q(depose_le__isnull=False),
                name="exercice_depot_date",
                violation_error_message="Des comptes déposés portent leur date de dépôt.",
            ),
        ]

    def __str__(self) -> str:
        return f"Comptes {self.annee} de {self.cpts}"

    @property
    def depose(self) -> bool:
        return self.statut == Statut.DEPOSE


class LigneExercice(models.Model):
    """Un montant des comptes : un poste (origine d'un produit ou nature d'une charge) pour une mission."""

    exercice = models.ForeignKey(Exercice, on_delete=models.CASCADE, related_name="lignes")
    poste = models.CharField("poste", max_length=20, choices=PosteChoix.choices)
    mission = models.CharField("mission", max_length=30)
    montant = models.DecimalField("montant", max_digits=12, decimal_places=2)

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(
        region="exercice__cpts__region",
        departement="exercice__cpts__departements_couverts__code",
        cpts="exercice__cpts",
    )

    class Meta:
        verbose_name = "ligne des comptes annuels"
        verbose_name_plural = "lignes des comptes annuels"
        ordering = ["exercice", "poste", "mission"]
        constraints = [
            models.UniqueConstraint(fields=["exercice", "poste", "mission"], name="ligne_exercice_unique"),
            _positif("ligne_exercice", "montant", "Un montant des comptes"),
        ]

    def __str__(self) -> str:
        return f"{self.get_poste_display()} ({self.mission}) : {self.montant}"


class Indemnite(models.Model):
    """L'indemnité versée à un membre pour sa participation à une mission dans l'année, et le temps passé."""

    exercice = models.ForeignKey(Exercice, on_delete=models.CASCADE, related_name="indemnites")
    beneficiaire = models.CharField("bénéficiaire", max_length=150)
    profession = models.CharField("profession", max_length=100, blank=True)
    mission = models.CharField("mission", max_length=30)
    heures = models.DecimalField("temps passé (heures)", max_digits=7, decimal_places=2)
    montant = models.DecimalField("indemnité versée", max_digits=12, decimal_places=2)

    objects = QuerySetPerimetre.as_manager()
    perimetre = LigneExercice.perimetre

    class Meta:
        verbose_name = "indemnité d'un membre"
        verbose_name_plural = "indemnités des membres"
        ordering = ["exercice", "beneficiaire", "mission"]
        constraints = [
            models.UniqueConstraint(fields=["exercice", "beneficiaire", "mission"], name="indemnite_unique"),
            _positif("indemnite", "montant", "Une indemnité"),
            _positif("indemnite", "heures", "Le temps passé"),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiaire} ({self.mission})"


class Correspondance(models.Model):
    """Un préfixe du plan comptable de la CPTS rattaché à un poste du plan normalisé ; il passe avant la
    correspondance par défaut (`regles/parametres/comptabilite/correspondance-pca.yaml`)."""

    cpts = models.ForeignKey("dossiers.Cpts", on_delete=models.CASCADE, related_name="correspondances")
    prefixe = models.CharField("préfixe de compte", max_length=10)
    poste = models.CharField("poste", max_length=20, choices=PosteChoix.choices)

    objects = QuerySetPerimetre.as_manager()
    perimetre = PERIMETRE_CPTS

    class Meta:
        verbose_name = "correspondance de comptes"
        verbose_name_plural = "correspondances de comptes"
        ordering = ["cpts", "prefixe"]
        constraints = [
            models.UniqueConstraint(
                fields=["cpts", "prefixe"],
                name="correspondance_unique",
                violation_error_message="Ce préfixe a déjà une correspondance.",
            ),
            # Les chiffres se contrôlent dans le service : une expression régulière en CHECK lie la base à Django.
            models.CheckConstraint(
                condition=~Q(prefixe=""),
                name="correspondance_prefixe_renseigne",
                violation_error_message="Un préfixe de compte est renseigné.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefixe} → {self.get_poste_display()}"


class ConclusionsFinancieres(models.Model):
    """Ce que les parties du dialogue de gestion concluent de la situation financière de l'année : le dialogue
    s'ouvre sur les comptes de l'exercice, et garde ses conclusions avec l'exercice lu."""

    dialogue = models.OneToOneField(
        "contrats.DialogueGestion", on_delete=models.CASCADE, related_name="conclusions_financieres"
    )
    exercice = models.ForeignKey(
        Exercice, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="comptes lus"
    )
    texte = models.TextField("conclusions des parties")
    enregistre_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="enregistrées par"
    )
    enregistre_le = models.DateTimeField("enregistrées le", auto_now=True)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(
        region="dialogue__contrat__cpts__region",
        departement="dialogue__contrat__cpts__departements_couverts__code",
        cpts="dialogue__contrat__cpts",
    )

    class Meta:
        verbose_name = "conclusions financières d'un dialogue de gestion"
        verbose_name_plural = "conclusions financières des dialogues de gestion"
        constraints = [
            models.CheckConstraint(
                condition=~Q(texte=""),
                name="conclusions_renseignees",
                violation_error_message="Les conclusions ne peuvent pas être vides.",
            )
        ]

    def __str__(self) -> str:
        return f"Conclusions financières du {self.dialogue}"
