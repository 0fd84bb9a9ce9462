"""Les feuilles de style et scripts du DSFR de chaque page : rendus une fois par processus, présents sur chaque page."""

import pytest
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse

from cpts.www.templatetags.cpts_ressources import _rendu
from tests.comptes.factories import UtilisateurFactory


def gabarits_rendus(client: Client, url: str) -> tuple[list[str], str]:
    noms: list[str] = []

    def noter(sender: object, template: object, **kwargs: object) -> None:
        noms.append(template.name)  # type: ignore[attr-defined]

    template_rendered.connect(noter)
    try:
        contenu = client.get(url).content.decode()
    finally:
        template_rendered.disconnect(noter)
    return noms, contenu


@pytest.mark.django_db
def test_les_ressources_du_dsfr_ne_se_rendent_qu_a_la_premiere_page(client: Client) -> None:
    client.force_login(UtilisateurFactory())
    _rendu.cache_clear()
    premiere, _ = gabarits_rendus(client, reverse("jetons"))
    seconde, contenu = gabarits_rendus(client, reverse("jetons"))
    assert {"dsfr/global_css.html", "dsfr/global_js.html", "dsfr/theme_modale.html"} <= set(premiere)
    assert not {"ressources/entete.html", "dsfr/global_css.html", "dsfr/global_js.html"} & set(seconde)
    # La seconde page a pourtant tout : le style du DSFR et le nôtre, htmx, les scripts et la fenêtre des thèmes.
    for attendu in ("dsfr.min.css", "cpts/cpts.css", "htmx/htmx.min.js", "dsfr.module.min.js", 'id="fr-theme-modal"'):
        assert attendu in contenu
