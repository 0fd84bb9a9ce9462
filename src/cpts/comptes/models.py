from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cpts.comptes.roles import ROLES_AGENT, Role


class Utilisateur(AbstractUser):
    """Un compte, son rôle et son périmètre (région, départements ou CPTS)."""

    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    region = models.CharField(
        "région du périmètre", max_length=3, blank=True, help_text="Code INSEE de la région (ex. 84)."
    )
    departements = models.JSONField(
        "départements du périmètre",
        default=list,
        blank=True,
        help_text="Codes des départements, quand le périmètre n'est pas toute la région.",
    )
    cpts = models.ManyToManyField(
        "dossiers.Cpts", verbose_name="CPTS coordonnées", blank=True, related_name="coordinateurs"
    )
    historique = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=[cpts])

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["username"]

    def clean(self) -> None:
        super().clean()
        if self.role in ROLES_AGENT and not (self.region or self.departements):
            raise ValidationError("Un agent ARS ou CPAM doit avoir un périmètre : une région ou des départements.")
        if self.role in ROLES_AGENT and self.region and self.departements:
            raise ValidationError("Choisissez un seul périmètre : la région entière ou des départements.")
        if self.role == Role.MEMBRE_CPR and not self.region:
            raise ValidationError("Un membre de CPR siège dans la commission d'une région : indiquez-la.")

    def save(self, *args: Any, **kwargs: Any) -> None:
        # `_password` n'est posé que par set_password (réinitialisation, changement) : les jetons d'API du compte
        # sont alors révoqués, comme ceux d'un compte désactivé (réactivé, il devra en créer de nouveaux).
        revoquer = self.pk is not None and (self._password is not None or not self.is_active)
        super().save(*args, **kwargs)
        if revoquer:
            self.jetons.revoquer()

    @property
    def est_administrateur(self) -> bool:
        return self.role == Role.ADMINISTRATEUR or self.is_superuser


class IdentiteExterne(models.Model):
    """Le lien entre un compte et son identité chez un fournisseur OpenID Connect (ProConnect, Pro Santé Connect).

    Créé à la première connexion, par l'adresse électronique vérifiée du fournisseur ; ensuite le compte est
    retrouvé par l'identifiant stable du fournisseur (`sujet`), même si l'adresse change chez lui.
    """

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="identites_externes")
    fournisseur = models.CharField("fournisseur", max_length=30)
    sujet = models.CharField("identifiant chez le fournisseur", max_length=255)
    email = models.EmailField("adresse vérifiée lors du lien")
    liee_le = models.DateTimeField("liée le", auto_now_add=True)
    derniere_connexion = models.DateTimeField("dernière connexion", null=True, blank=True)

    class Meta:
        verbose_name = "identité externe"
        verbose_name_plural = "identités externes"
        ordering = ["fournisseur", "sujet"]
        constraints = [
            models.UniqueConstraint(
                fields=["fournisseur", "sujet"],
                name="identite_externe_unique",
                violation_error_message="Cette identité est déjà liée à un compte.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.fournisseur} : {self.sujet}"


class PlaceSiege(models.TextChoices):
    TITULAIRE = "titulaire", "titulaire"
    SUPPLEANT = "suppleant", "suppléant"


class Invitation(models.Model):
    """Une invitation à rejoindre la plateforme avec un rôle et un périmètre fixés par celui qui invite.

    Le lien envoyé porte un jeton aléatoire signé ; seule son empreinte est gardée. Il sert une fois, avant
    `expire_le` (réglage INVITATION_DUREE).
    """

    email = models.EmailField("adresse électronique de la personne invitée")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    region = models.CharField("région du périmètre", max_length=3, blank=True)
    departements = models.JSONField("départements du périmètre", default=list, blank=True)
    cpts = models.ForeignKey(
        "dossiers.Cpts", verbose_name="CPTS", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    siege = models.ForeignKey(
        "commission.Siege", verbose_name="siège", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    place = models.CharField("place", max_length=10, choices=PlaceSiege.choices, blank=True)
    empreinte = models.CharField(max_length=64, unique=True, editable=False)
    invite_par = models.ForeignKey(
        Utilisateur, verbose_name="invité par", on_delete=models.PROTECT, related_name="invitations_envoyees"
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    expire_le = models.DateTimeField("expire le")
    acceptee_le = models.DateTimeField("acceptée le", null=True, blank=True)
    compte = models.ForeignKey(
        Utilisateur, verbose_name="compte", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "invitation"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} : {self.email}"


class QuerySetJetons(models.QuerySet):
    def revoquer(self) -> int:
        """Révoque ceux qui ne le sont pas encore ; rend leur nombre."""
        return self.filter(revoque_le__isnull=True).update(revoque_le=timezone.now())


class JetonApi(models.Model):
    """Un jeton personnel d'accès à l'API : seule son empreinte est gardée, il agit avec les droits de son titulaire."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="jetons")
    nom = models.CharField("nom", max_length=100, help_text="Pour vous y retrouver, par exemple « script de suivi ».")
    prefixe = models.CharField("début du jeton", max_length=12, editable=False)
    empreinte = models.CharField(max_length=64, unique=True, editable=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    expire_le = models.DateTimeField("expire le")
    revoque_le = models.DateTimeField("révoqué le", null=True, blank=True)
    dernier_usage = models.DateTimeField("dernier usage", null=True, blank=True)

    objects = QuerySetJetons.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.prefixe}…)"
