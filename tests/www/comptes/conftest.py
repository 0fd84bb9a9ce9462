from collections.abc import Iterator

import pytest

from tests import oidc_local


@pytest.fixture(scope="session")
def fournisseur_oidc(live_server: object) -> Iterator[str]:
    """Le fournisseur OpenID Connect de test, pour le client de test de Django et pour le serveur des navigateurs."""
    with oidc_local.fournisseur(["http://testserver", live_server.url]) as issuer:
        yield issuer


@pytest.fixture
def oidc(settings: object, fournisseur_oidc: str) -> str:
    """La plateforme configurée avec ProConnect et Pro Santé Connect, tous deux servis par le fournisseur de test."""
    settings.OIDC_FOURNISSEURS = oidc_local.configuration(fournisseur_oidc)
    politique = settings.CONTENT_SECURITY_POLICY
    directives = {**politique["DIRECTIVES"], "form-action": [*politique["DIRECTIVES"]["form-action"], fournisseur_oidc]}
    settings.CONTENT_SECURITY_POLICY = {**politique, "DIRECTIVES": directives}
    return fournisseur_oidc


@pytest.fixture(autouse=True)
def horloge() -> None:
    """Ici, l'heure vraie : le fournisseur tourne dans un autre processus, à l'heure de la machine, et signe ses
    jetons (émission, expiration) à cette heure-là ; un serveur en avance ou en retard les refuserait à bon droit."""
    return None
