from django.db import models


class StatistiquePubliee(models.Model):
    """Un chiffre publié par une institution, pour une zone où la plateforme n'a pas (encore) les données.

    Les tableaux nationaux les reprennent pour les régions sans projets saisis, en citant leur source.
    """

    class Indicateur(models.TextChoices):
        CPTS_SIGNEES = "cpts_signees", "CPTS ayant signé le contrat ACI"
        POPULATION_COUVERTE = "population_couverte", "Population couverte par une CPTS conventionnée"
        HABITANTS = "habitants", "Habitants"
        PROJETS_DYNAMIQUE = "projets_dynamique", "Projets en dynamique ou lettre d'intention"
        PROJETS_PRE_PROJET_VALIDE = "projets_pre_projet_valide", "Projets au pré-projet validé"
        PROJETS_PROJET_SANTE_VALIDE = "projets_projet_sante_valide", "Projets au projet de santé validé"
        PROJETS_TOTAL = "projets_total", "Projets de CPTS"

    zone = models.CharField("zone", max_length=3, help_text="Code INSEE de la région, ou FR pour la France.")
    date = models.DateField("date des chiffres")
    indicateur = models.CharField("indicateur", max_length=40, choices=Indicateur.choices)
    valeur = models.BigIntegerField("valeur")
    source = models.CharField("source", max_length=250)

    class Meta:
        verbose_name = "statistique publiée"
        verbose_name_plural = "statistiques publiées"
        ordering = ["zone", "date", "indicateur"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "date", "indicateur"], name="statistique_unique"),
            models.CheckConstraint(
                condition=models.Q(valeur__gte=0),
                name="statistique_positive",
                violation_error_message="Une statistique publiée ne peut être négative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicateur_display()} ({self.zone}, {self.date:%d/%m/%Y}) : {self.valeur}"
