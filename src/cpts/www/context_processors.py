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
    """Les entrées du menu principal, par capacité, selon le rôle, et le lien vers les jetons d'API. Calculés seulement
    si le gabarit les lit (le moteur appelle une valeur appelable) : un fragment htmx (recherche, compositeur) ne montre
    pas le menu et ne les paie pas."""
    return {"navigation": lambda: _entrees_de_la_page(request), "lien_jetons": lambda: _lien_jetons(request)}


def _connecte(request: HttpRequest) -> Any:
    utilisateur = getattr(request, "user", None)
    return utilisateur if utilisateur is not None and utilisateur.is_authenticated else None


def _entrees_de_la_page(request: HttpRequest) -> list[dict[str, object]]:
    utilisateur = _connecte(request)
    if utilisateur is None:
        return []
    instruit = portee(utilisateur, Action.INSTRUIRE) is not None
    administre = utilisateur.is_superuser or utilisateur.role == Role.ADMINISTRATEUR
    chemin = request.path
    return [
        {"libelle": libelle, "url": url, "actif": chemin == url or (url != "/" and chemin.startswith(url))}
        for libelle, url in entrees(instruit, administre)
    ]


# Ceux qui lisent ou écrivent par l'API : agents et lecteurs nationaux (tableaux, exports), administrateurs. Un
# coordinateur ou un membre de la CPR n'y a pas de lien, sauf s'il a déjà un jeton (pour le révoquer) ; la page reste
# ouverte à tous les comptes.
ROLES_API = frozenset({Role.ADMINISTRATEUR, Role.AGENT_ARS, Role.AGENT_CPAM, Role.LECTEUR_NATIONAL})


def _lien_jetons(request: HttpRequest) -> bool:
    utilisateur = _connecte(request)
    if utilisateur is None:
        return False
    return utilisateur.role in ROLES_API or utilisateur.jetons.filter(revoque_le__isnull=True).exists()
