"""L'onglet de Chromium des tests de bout en bout (`page`) : un par processus, repris d'un test à l'autre.

Un contexte et un onglet neufs par test, avec leur première page, coûtaient 1,4 s de processeur (Chromium et Python),
contre 0,3 s pour la même page chargée dans un onglet ouvert (la page de connexion). C'est l'onglet neuf qui coûte,
avec son processus de rendu : neuf dans un contexte gardé, il coûte presque autant ; aucun réglage de Chromium n'y
changeait rien. Pour la cinquantaine de tests qui ouvrent un onglet, c'était près d'une minute de processeur par
exécution de la suite, sur deux cœurs.

Chaque test reçoit l'onglet remis à neuf : sans document, sans cookie, sans stockage local (les préférences
d'affichage du DSFR, l'historique d'htmx) ni route du test d'avant, avec le délai et la taille de fenêtre
d'origine. Après un test qui échoue, l'onglet peut être resté au milieu d'un échange (une boîte de dialogue attendue
qui n'est pas venue, une requête retenue) : il est fermé avec son contexte, et le test suivant en reçoit un neuf.
"""

from collections.abc import Iterator
from typing import Any

import pytest

DELAI_MS = 15_000
FENETRE = {"width": 1280, "height": 720}
ECHEC = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    rapport = yield
    if rapport.failed:
        item.stash[ECHEC] = True
    return rapport


class Onglet:
    """L'onglet d'un processus de la suite, ouvert au premier test qui le demande."""

    def __init__(self, navigateur: Any) -> None:
        self.navigateur = navigateur
        self.page: Any = None

    def prendre(self) -> Any:
        if self.page is None:
            self.page = self.navigateur.new_context(locale="fr-FR", viewport=FENETRE).new_page()
            self.page.set_default_timeout(DELAI_MS)
        return self.page

    def remettre_a_neuf(self, origine: str) -> None:
        """Le document quitté, les routes retirées, les cookies de toutes les origines et le stockage de celle du
        serveur des tests effacés (les seules où un test dépose quelque chose)."""
        page = self.page
        page.set_default_timeout(DELAI_MS)
        page.unroute_all(behavior="ignoreErrors")
        page.goto("about:blank")
        page.context.clear_cookies()
        cdp = page.context.new_cdp_session(page)
        try:
            cdp.send("Storage.clearDataForOrigin", {"origin": origine, "storageTypes": "all"})
        finally:
            cdp.detach()
        if page.viewport_size != FENETRE:
            page.set_viewport_size(FENETRE)

    def jeter(self) -> None:
        if self.page is not None:
            self.page.context.close()
            self.page = None


@pytest.fixture(scope="session")
def onglet(navigateur: object) -> Iterator[Onglet]:
    onglet = Onglet(navigateur)
    yield onglet
    onglet.jeter()


@pytest.fixture
def page(request: pytest.FixtureRequest, onglet: Onglet, live_server: Any) -> Iterator[object]:
    yield onglet.prendre()
    if request.node.stash.get(ECHEC, False):
        onglet.jeter()
    else:
        onglet.remettre_a_neuf(live_server.url)
