"""Les indicateurs du diagnostic territorial : leur déclaration, leurs valeurs par niveau et par année.

Les valeurs viennent des fichiers que fournissent l'Assurance Maladie ou l'ARS (docs/indicateurs.md) ; les
indicateurs tirés du référentiel des communes (population, superficie, densité…) ne sont pas enregistrés ici : ils
se calculent (cpts.diagnostic.integres).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cpts.comptes.droits import Perimetre, QuerySetPerimetre
from cpts.regles.diagnostic import Nature


class Niveau(models.TextChoices):
    COMMUNE = "commune", "Commune"
    CPTS = "cpts", "CPTS"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    FRANCE = "france", "France"


class Indicateur(models.Model):
    code = models.CharField("code", max_length=60, unique=True)
    libelle = models.CharField("libellé", max_length=300)
    theme = models.CharField("thème", max_length=120)
    unite = models.CharField("unité", max_length=40, blank=True)
    nature = models.CharField("nature", max_length=10, choices=[(n.value, n.value) for n in Nature])
    source = models.CharField("source", max_length=300)
    # Les objectifs que la source donne (« 71,0 % », « >= 89,0 % ») : du texte tel que publié.
    objectif_intermediaire = models.CharField("objectif intermédiaire", max_length=40, blank=True)
    objectif_cible = models.CharField("objectif cible", max_length=40, blank=True)
    ordre = models.PositiveIntegerField("ordre dans son thème", default=0)

    class Meta:
        verbose_name = "indicateur du diagnostic"
        verbose_name_plural = "indicateurs du diagnostic"
        ordering = ["theme", "ordre", "code"]

    def __str__(self) -> str:
        return f"{self.libelle} ({self.code})"


class Valeur(models.Model):
    """Une valeur d'un indicateur, une année, à un niveau : une commune (code INSEE), une CPTS (son numéro), un
    département, une région (codes INSEE) ou la France (« FR »)."""

    indicateur = models.ForeignKey(Indicateur, on_delete=models.CASCADE, related_name="valeurs")
    annee = models.PositiveSmallIntegerField("année")
    niveau = models.CharField("niveau", max_length=12, choices=Niveau.choices)
    code = models.CharField("code", max_length=14)
    valeur = models.DecimalField("valeur", max_digits=20, decimal_places=6, null=True, blank=True)
    numerateur = models.DecimalField("numérateur", max_digits=20, decimal_places=6, null=True, blank=True)
    denominateur = models.DecimalField("dénominateur", max_digits=20, decimal_places=6, null=True, blank=True)
    poids = models.DecimalField("poids", max_digits=20, decimal_places=6, null=True, blank=True)
    # Publiées avec la valeur d'un département : la médiane, le minimum et le maximum de ses CPTS.
    mediane_cpts = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    minimum_cpts = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    maximum_cpts = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    # Masquage complémentaire, recalculé à chaque import (cpts.diagnostic.secret).
    masque_complementaire = models.BooleanField(default=False, editable=False)
    # Une valeur de département, de région ou de la France que la source n'a pas publiée : la plateforme la calcule
    # des valeurs de toutes leurs communes, après chaque import (cpts.diagnostic.comparaisons) ; un import qui la
    # publie la remplace.
    calculee = models.BooleanField("calculée des communes", default=False, editable=False)

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        ordering = ["indicateur", "annee", "niveau", "code"]
        constraints = [
            models.UniqueConstraint(fields=["indicateur", "annee", "niveau", "code"], name="valeur_unique"),
            models.CheckConstraint(
                condition=(Q(numerateur__isnull=True) | Q(numerateur__gte=0))
                & (Q(denominateur__isnull=True) | Q(denominateur__gte=0))
                & (Q(poids__isnull=True) | Q(poids__gte=0)),
                name="valeur_comptes_positifs",
                violation_error_message="Numérateur, dénominateur et poids ne sont jamais négatifs.",
            ),
        ]
        # Couvrant : le profil d'un territoire somme les valeurs de ses communes sans lire la table (une requête
        # groupée sur 10 000 valeurs pour 200 communes et 50 indicateurs : deux fois plus vite sur SQLite).
        indexes = [
            models.Index(
                fields=["niveau", "code", "indicateur", "annee", "valeur", "numerateur", "denominateur", "poids"],
                name="valeur_lieu_couvrant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicateur_id} {self.annee} {self.niveau} {self.code}"


class VersionIndicateurs(models.Model):
    """Le numéro des valeurs d'indicateurs, changé à chaque import (une seule ligne) : les profils gardés en cache par
    chaque processus portent ce numéro dans leur clé, un import les rend caducs partout à la fois."""

    numero = models.PositiveIntegerField(default=0)
    # Le seuil du secret sous lequel le masquage complémentaire des valeurs a été calculé : un autre seuil (réglage
    # changé) le rend caduc jusqu'au recalcul (cpts.diagnostic.secret.suivre_le_seuil).
    seuil = models.PositiveSmallIntegerField("seuil du masquage complémentaire", null=True)

    class Meta:
        verbose_name = "version des valeurs d'indicateurs"

    def __str__(self) -> str:
        return f"Valeurs d'indicateurs, version {self.numero}"


class ImportIndicateurs(models.Model):
    """La trace d'un import enregistré : qui, quand, quel fichier, combien de valeurs."""

    fichier = models.CharField("fichier", max_length=255)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    importe_le = models.DateTimeField("importé le", auto_now_add=True)
    valeurs = models.PositiveIntegerField("valeurs écrites")

    class Meta:
        verbose_name = "import d'indicateurs"
        verbose_name_plural = "imports d'indicateurs"
        ordering = ["-importe_le"]

    def __str__(self) -> str:
        return f"{self.fichier} ({self.importe_le:%d/%m/%Y})"


class Surface(models.Model):
    """La superficie d'une commune, calculée une fois de son contour (cpts.diagnostic.integres)."""

    commune = models.OneToOneField(
        "territoires.Commune", on_delete=models.CASCADE, primary_key=True, related_name="surface"
    )
    km2 = models.DecimalField("superficie (km²)", max_digits=12, decimal_places=4)

    class Meta:
        verbose_name = "superficie d'une commune"
        verbose_name_plural = "superficies des communes"

    def __str__(self) -> str:
        return f"{self.commune_id} : {self.km2} km²"


class ProfilJoint(models.Model):
    """Le profil du territoire que l'équipe joint au diagnostic de son projet de santé (section 1.8) ; il est figé à
    chaque dépôt du document (`ProfilFige`), tel qu'il se lisait ce jour-là."""

    document = models.OneToOneField("dossiers.Document", on_delete=models.CASCADE, related_name="profil_joint")
    # Les thèmes retenus, dans l'ordre du profil ; vide : tous.
    themes = models.JSONField("thèmes retenus", default=list, blank=True)
    choisi_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    choisi_le = models.DateTimeField("choisi le", auto_now=True)

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(
        region="document__cpts__region",
        departement="document__cpts__departements_couverts__code",
        cpts="document__cpts",
    )

    class Meta:
        verbose_name = "profil joint au projet de santé"
        verbose_name_plural = "profils joints aux projets de santé"

    def __str__(self) -> str:
        return f"Profil joint à {self.document}"


class ProfilFige(models.Model):
    """Le profil tel qu'il se lisait au dépôt d'une version du projet de santé : les cases affichées, masquées
    comprises, jamais recalculées."""

    depot = models.OneToOneField("dossiers.Depot", on_delete=models.CASCADE, related_name="profil_fige")
    contenu = models.JSONField("profil au dépôt")

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(
        region="depot__document__cpts__region",
        departement="depot__document__cpts__departements_couverts__code",
        cpts="depot__document__cpts",
    )

    class Meta:
        verbose_name = "profil figé au dépôt"
        verbose_name_plural = "profils figés aux dépôts"

    def __str__(self) -> str:
        return f"Profil figé au dépôt {self.depot_id}"
