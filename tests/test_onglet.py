"""L'onglet repris d'un test de bout en bout à l'autre ne leur laisse rien de commun (`tests/onglet.py`)."""

from collections.abc import Iterator

import pytest

from tests.onglet import FENETRE, Onglet

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def onglet_a_part(navigateur: object) -> Iterator[Onglet]:
    onglet = Onglet(navigateur)
    yield onglet
    onglet.jeter()


def test_l_onglet_remis_a_neuf_n_a_plus_ni_document_ni_cookie_ni_stockage_ni_route(
    onglet_a_part: Onglet, live_server: object
) -> None:
    page = onglet_a_part.prendre()
    page.goto(f"{live_server.url}/accessibilite/")
    page.evaluate("() => { localStorage.setItem('scheme', 'dark'); document.cookie = 'trace=1; path=/'; }")
    page.route("**/mentions-legales/", lambda route: route.fulfill(body="détournée"))
    page.set_viewport_size({"width": 375, "height": 640})
    page.set_default_timeout(1)

    onglet_a_part.remettre_a_neuf(live_server.url)

    assert onglet_a_part.prendre() is page
    assert page.url == "about:blank"
    assert page.context.cookies() == []
    assert page.viewport_size == FENETRE
    page.goto(f"{live_server.url}/mentions-legales/")
    assert page.title().startswith("Mentions légales")
    assert page.evaluate("() => localStorage.getItem('scheme')") != "dark"
    # Le délai d'origine : une attente de 50 ms aurait dépassé celui d'une milliseconde.
    page.wait_for_function("depart => Date.now() - depart > 50", arg=page.evaluate("Date.now()"))


def test_l_onglet_jete_apres_un_echec_est_remplace_par_un_onglet_neuf(onglet_a_part: Onglet) -> None:
    premier = onglet_a_part.prendre()
    onglet_a_part.jeter()
    assert premier.is_closed()
    assert onglet_a_part.prendre() is not premier
