from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cpts.comptes.droits import Perimetre, QuerySetPerimetre
from cpts.territoires import prefixe  # noqa: F401 (inscrit le filtre « commence_par »)


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    population = models.PositiveIntegerField("population municipale")

    class Meta:
        verbose_name = "région"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.nom


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")
    population = models.PositiveIntegerField("population municipale")

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"


class Epci(models.Model):
    siren = models.CharField("SIREN", max_length=9, primary_key=True)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=10)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class TypeUnite(models.TextChoices):
    COMMUNE = "commune", "Commune"
    ARRONDISSEMENT_MUNICIPAL = "arrondissement-municipal", "Arrondissement municipal"


class Commune(models.Model):
    """Une unité de territoire : une commune, ou un arrondissement de Paris, Lyon ou Marseille."""

    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    nom = models.CharField("nom", max_length=200)
    # Nom sans accents ni ponctuation, en minuscules : « saint-etienne » trouve « Saint-Étienne ».
    nom_recherche = models.CharField(max_length=200, db_index=True, editable=False)
    type = models.CharField("type", max_length=30, choices=TypeUnite.choices, default=TypeUnite.COMMUNE)
    commune_parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="arrondissements"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")
    population = models.PositiveIntegerField("population municipale")
    anciens_codes = models.JSONField("anciens codes", default=list, blank=True)
    # Contour encodé (polyligne, 5 décimales) : décodé par cpts.territoires.geometrie au besoin.
    contour = models.TextField("contour", blank=True)
    # Emprise en longitudes et latitudes (pas « xmin » : c'est une colonne système de PostgreSQL),
    # pour trouver vite les voisines et les enclaves sans décoder les contours.
    lon_min = models.FloatField(null=True)
    lat_min = models.FloatField(null=True)
    lon_max = models.FloatField(null=True)
    lat_max = models.FloatField(null=True)
    # Graphe des voisines (codes séparés par une espace) et bord de la France, calculés à l'import depuis les
    # contours (cpts.territoires.voisinage) : la contiguïté et les enclaves d'un territoire sans décoder un contour.
    voisines = models.TextField("voisines", blank=True, editable=False)
    en_bordure = models.BooleanField("en bordure de la France", default=False, editable=False)
    # Une commune fusionnée dans une commune nouvelle reste connue par son ancien code, inactive.
    active = models.BooleanField("active", default=True)
    fusionnee_dans = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="communes_fusionnees"
    )

    class Meta:
        verbose_name = "commune"
        ordering = ["code"]
        indexes = [models.Index(fields=["departement", "active"]), models.Index(fields=["lon_min", "lat_min"])]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"

    @property
    def est_arrondissement(self) -> bool:
        return self.type == TypeUnite.ARRONDISSEMENT_MUNICIPAL


class TerritoireQuerySet(QuerySetPerimetre):
    def en_cours(self) -> "TerritoireQuerySet":
        """Les versions encore ouvertes : au plus une par CPTS (contrainte de la table)."""
        return self.filter(fin__isnull=True)


class Territoire(models.Model):
    """Le territoire d'une CPTS sur une période : un ensemble d'unités (communes ou arrondissements).

    Chaque enregistrement d'une composition crée une nouvelle version et clôt la précédente : on sait
    ainsi quel était le territoire de chaque CPTS à toute date (tableaux de couverture « à une date »).
    """

    cpts = models.ForeignKey("dossiers.Cpts", on_delete=models.CASCADE, related_name="territoires")
    debut = models.DateField("début de validité")
    fin = models.DateField("fin de validité", null=True, blank=True)
    communes = models.ManyToManyField(Commune, through="UniteTerritoire", related_name="territoires")
    population = models.PositiveIntegerField("population à l'enregistrement", default=0)
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    historique = HistoricalRecords()

    objects = TerritoireQuerySet.as_manager()
    perimetre = Perimetre(region="cpts__region", departement="cpts__departement", cpts="cpts")

    class Meta:
        verbose_name = "territoire"
        ordering = ["cpts", "-debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=F("debut")),
                name="territoire_fin_apres_debut",
                violation_error_message="La fin de validité d'un territoire ne peut précéder son début.",
            ),
            models.UniqueConstraint(
                fields=["cpts"],
                condition=Q(fin__isnull=True),
                name="territoire_un_seul_en_cours_par_cpts",
                violation_error_message="Une CPTS n'a qu'un territoire en cours.",
            ),
        ]

    def __str__(self) -> str:
        return f"Territoire de {self.cpts} depuis le {self.debut:%d/%m/%Y}"


class UniteTerritoire(models.Model):
    territoire = models.ForeignKey(Territoire, on_delete=models.CASCADE, related_name="unites")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="unites")

    class Meta:
        verbose_name = "unité de territoire"
        constraints = [
            models.UniqueConstraint(fields=["territoire", "commune"], name="unite_unique_par_territoire"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} dans le territoire {self.territoire_id}"


class PopulationTerritoire(models.Model):
    """La population d'une version de territoire dans une zone (les communes de ses unités, par département et
    région), tenue par `cpts.territoires.populations` à l'enregistrement de la version et à chaque import des communes :
    la couverture somme un millier de ces lignes au lieu de relire les 27 700 communes des territoires, contour
    compris."""

    territoire = models.ForeignKey(Territoire, on_delete=models.CASCADE, related_name="populations")
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    population = models.PositiveBigIntegerField("population municipale")

    class Meta:
        verbose_name = "population d'un territoire par zone"
        verbose_name_plural = "populations des territoires par zone"
        constraints = [
            models.UniqueConstraint(
                fields=["territoire", "departement", "region"], name="population_territoire_unique_par_zone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.territoire_id} dans le département {self.departement_id} : {self.population}"


class Arbitrage(models.Model):
    """La décision d'un agent qui tranche un conflit : une commune revendiquée par deux CPTS."""

    class Decision(models.TextChoices):
        PARTAGE = "partage", "Partage : la commune passe à la CPTS qui l'ajoute"
        FUSION = "fusion", "Fusion : la CPTS en conflit est absorbée"

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="arbitrages")
    cpts_beneficiaire = models.ForeignKey("dossiers.Cpts", on_delete=models.PROTECT, related_name="+")
    cpts_cedante = models.ForeignKey("dossiers.Cpts", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("décision", max_length=10, choices=Decision.choices)
    motif = models.TextField("motif")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decide_le = models.DateTimeField(auto_now_add=True)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(
        region="cpts_beneficiaire__region", departement="cpts_beneficiaire__departement", cpts="cpts_beneficiaire"
    )

    class Meta:
        verbose_name = "arbitrage"
        ordering = ["-decide_le"]

    def __str__(self) -> str:
        return f"Arbitrage ({self.get_decision_display()}) sur {self.commune_id}"


class VersionReferentiel(models.Model):
    """Le numéro du référentiel des communes, changé à chaque import (une seule ligne).

    Les chiffres tirés du référentiel et gardés en cache par chaque processus portent ce numéro dans leur clé : un
    import, fait par un autre processus (`cpts communes import`), les rend caducs partout à la fois.
    """

    numero = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "version du référentiel des communes"

    def __str__(self) -> str:
        return f"Référentiel des communes, version {self.numero}"


class VersionDeploiement(models.Model):
    """Le numéro des données du déploiement (projets, décisions d'étape, territoires), changé par chaque écriture qui
    les touche, dans sa transaction (une seule ligne).

    Les tableaux nationaux gardés en cache par chaque processus (état des lieux, couvertures) portent ce numéro et
    celui du référentiel dans leur clé : une écriture, faite par n'importe quel processus, les rend caducs partout.
    """

    numero = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "version des données du déploiement"

    def __str__(self) -> str:
        return f"Données du déploiement, version {self.numero}"
