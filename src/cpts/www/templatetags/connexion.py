from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def fournisseurs_oidc() -> list[tuple[str, str]]:
    """Les fournisseurs d'identité configurés (identifiant, nom affiché) : aucun bouton quand il n'y en a pas."""
    return [(cle, configuration["nom"]) for cle, configuration in settings.OIDC_FOURNISSEURS.items()]
