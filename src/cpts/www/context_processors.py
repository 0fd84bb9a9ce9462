from django.http import HttpRequest
from django.urls import reverse

from cpts.comptes.droits import Action, portee
from cpts.comptes.roles import Role


def navigation(request: HttpRequest) -> dict[str, object]:
    """Les entrées du menu principal, par capacité, selon le rôle."""
    utilisateur = getattr(request, "user", None)
    if utilisateur is None or not utilisateur.is_authenticated:
        return {"navigation": []}
    entrees = [
        ("Accueil", reverse("accueil")),
        ("CPTS", reverse("dossiers:liste")),
        ("Composer un territoire", reverse("territoires:composer")),
        ("Simuler le financement", reverse("simulation:libre")),
        ("Couverture", reverse("territoires:couverture")),
        ("Pilotage", reverse("pilotage:index")),
        ("Commission", reverse("commission:liste")),
        ("Contrats", reverse("contrats:liste")),
    ]
    if portee(utilisateur, Action.INSTRUIRE) is not None:
        entrees.append(("Portefeuille", reverse("portefeuille:accueil")))
    if utilisateur.is_superuser or utilisateur.role == Role.ADMINISTRATEUR:
        entrees.append(("Administration", reverse("admin:index")))
    chemin = request.path
    return {
        "navigation": [
            {
                "libelle": libelle,
                "url": url,
                "actif": chemin == url or (url != "/" and chemin.startswith(url)),
            }
            for libelle, url in entrees
        ]
    }
