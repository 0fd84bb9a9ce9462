"""Le journal des courriels, les désabonnements et les passages des travaux périodiques."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from cpts.notifications.enums import StatutCourriel, TypeCourriel


class CourrielQuerySet(models.QuerySet["Courriel"]):
    def de(self, objet: models.Model) -> "CourrielQuerySet":
        """Les courriels qui parlent de cet objet (une réunion, un dossier…), les plus récents d'abord."""
        return self.filter(objet_type=ContentType.objects.get_for_model(objet), objet_id=objet.pk).order_by(
            "-cree_le", "-pk"
        )


class Courriel(models.Model):
    """Un message : à qui, de quelle sorte, à propos de quoi, ce qu'il dit, et ce qu'il est advenu de son envoi.

    `cle` identifie l'événement qui l'a fait naître (la convocation de tel siège à telle réunion) : unique, elle
    garantit qu'un même événement ne produit jamais deux messages, même si l'action est rejouée.
    """

    cle = models.CharField("clé d'idempotence", max_length=200, unique=True)
    type = models.CharField("sorte", max_length=40, choices=TypeCourriel.choices)
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="destinataire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courriels",
    )
    nom = models.CharField("nom du destinataire", max_length=300, blank=True)
    adresse = models.CharField("adresse", max_length=254, blank=True)
    objet_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    objet_id = models.PositiveBigIntegerField(null=True, blank=True)
    objet = GenericForeignKey("objet_type", "objet_id")
    sujet = models.CharField("sujet", max_length=300)
    texte = models.TextField("texte")
    html = models.TextField("HTML")
    pieces_jointes = models.JSONField("pièces jointes", default=list, blank=True)
    statut = models.CharField("statut", max_length=20, choices=StatutCourriel.choices, default=StatutCourriel.A_ENVOYER)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    derniere_erreur = models.TextField("dernière erreur ou raison", blank=True)
    prochain_essai = models.DateTimeField("prochain essai", null=True, blank=True)
    cree_le = models.DateTimeField("programmé le", auto_now_add=True)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)

    objects = CourrielQuerySet.as_manager()

    class Meta:
        verbose_name = "courriel"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["objet_type", "objet_id"], name="courriel_objet")]
        constraints = [
            models.CheckConstraint(
                condition=Q(envoye_le__isnull=True) | Q(statut=StatutCourriel.ENVOYE),
                name="courriel_date_d_envoi_si_envoye",
                violation_error_message="Seul un courriel envoyé a une date d'envoi.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} à {self.nom or self.adresse}"


class Desabonnement(models.Model):
    """Un utilisateur ne veut plus recevoir une sorte de courriel."""

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desabonnements")
    type = models.CharField("sorte", max_length=40, choices=TypeCourriel.choices)
    le = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "désabonnement"
        constraints = [
            models.UniqueConstraint(
                fields=["utilisateur", "type"],
                name="desabonnement_un_par_sorte",
                violation_error_message="Ce compte est déjà désabonné de ces courriels.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.utilisateur} : {self.get_type_display()}"


class PassagePeriodique(models.Model):
    """Un travail périodique programmé pour une période (le récapitulatif de la semaine 2026-W49) : la clé unique
    empêche deux travailleurs, ou deux tours du même, de le programmer deux fois."""

    cle = models.CharField("clé", max_length=200, unique=True)
    programme_le = models.DateTimeField("programmé le", auto_now_add=True)

    class Meta:
        verbose_name = "passage d'un travail périodique"

    def __str__(self) -> str:
        return self.cle
