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
