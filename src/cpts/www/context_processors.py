from functools import cache
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from cpts.comptes.droits import Action, portee
from cpts.comptes.roles import Role


@cache
def entrees(instruit: bool, administre: bool) -> tuple[tuple[str, str], ...]:
    """Les entrées du menu pour ces deux capacités, construites une fois par processus : les adresses ne changent pas
    pendant sa vie, et les capacités se relisent à chaque requête (un rôle changé se voit à la page suivante)."""
    liste = [
        ("Accueil", reverse("accueil")),
        ("CPTS", reverse("dossiers:liste")),
        ("Composer un territoire", reverse("territoires:composer")),
        ("Simuler le financement", reverse("simulation:libre")),
        ("Couverture", reverse("territoires:couverture")),
        ("Pilotage", reverse("pilotage:index")),
        ("Commission", reverse("commission:liste")),
        ("Contrats", reverse("contrats:liste")),
    ]
    if instruit:
        liste.append(("Portefeuille", reverse("portefeuille:accueil")))
    if administre:
        liste.append(("Administration", reverse("admin:index")))
    return tuple(liste)


def navigation(request: HttpRequest) -> dict[str, object]:
    """Les entrées du menu principal, par capacité, selon le rôle."""
    utilisateur = getattr(request, "user", None)
    if utilisateur is None or not utilisateur.is_authenticated:
        return {"navigation": [], "lien_jetons": False}
    instruit = portee(utilisateur, Action.INSTRUIRE) is not None
    administre = utilisateur.is_superuser or utilisateur.role == Role.ADMINISTRATEUR
    chemin = request.path
    return {
        "lien_jetons": _lien_jetons(utilisateur),
        "navigation": [
            {
                "libelle": libelle,
                "url": url,
                "actif": chemin == url or (url != "/" and chemin.startswith(url)),
            }
            for libelle, url in entrees(instruit, administre)
        ],
    }


# Ceux qui lisent ou écrivent par l'API : agents et lecteurs nationaux (tableaux, exports), administrateurs. Un
# coordinateur ou un membre de la CPR n'y a pas de lien, sauf s'il a déjà un jeton (pour le révoquer) ; la page reste
# ouverte à tous les comptes.
ROLES_API = frozenset({Role.ADMINISTRATEUR, Role.AGENT_ARS, Role.AGENT_CPAM, Role.LECTEUR_NATIONAL})


def _lien_jetons(utilisateur: Any) -> bool:
    return utilisateur.role in ROLES_API or utilisateur.jetons.filter(revoque_le__isnull=True).exists()
