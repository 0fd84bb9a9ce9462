"""Un travail long demandé depuis une page (import d'un portefeuille…), exécuté par le travailleur, suivi par celui
qui l'a demandé."""

from django.conf import settings
from django.db import models


class StatutTravail(models.TextChoices):
    A_FAIRE = "a_faire", "En attente du travailleur"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec"


class Travail(models.Model):
    """`cle` nomme l'événement qui l'a fait naître (la confirmation de tel fichier par tel agent) : unique, elle
    garantit qu'un même événement ne lance jamais deux travaux, même si la page est renvoyée deux fois."""

    cle = models.CharField("clé d'idempotence", max_length=200, unique=True)
    genre = models.CharField("genre", max_length=60)
    demandeur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="demandeur", on_delete=models.CASCADE, related_name="travaux"
    )
    parametres = models.JSONField("paramètres", default=dict, blank=True)
    # Le fichier envoyé, gardé le temps du travail seulement : effacé dès qu'il est fini.
    fichier = models.BinaryField("fichier", blank=True, default=b"")
    statut = models.CharField("statut", max_length=20, choices=StatutTravail.choices, default=StatutTravail.A_FAIRE)
    resultat = models.JSONField("résultat", null=True, blank=True)
    erreur = models.TextField("erreur", blank=True)
    cree_le = models.DateTimeField("demandé le", auto_now_add=True)
    commence_le = models.DateTimeField("commencé le", null=True, blank=True)
    fini_le = models.DateTimeField("fini le", null=True, blank=True)

    class Meta:
        verbose_name = "travail de fond"
        verbose_name_plural = "travaux de fond"
        ordering = ["-cree_le", "-pk"]

    def __str__(self) -> str:
        return f"{self.genre} ({self.get_statut_display()})"

    @property
    def fini(self) -> bool:
        return self.statut in (StatutTravail.TERMINE, StatutTravail.ECHEC)
