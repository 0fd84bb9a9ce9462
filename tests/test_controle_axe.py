"""Le contrôle d'accessibilité des tests de bout en bout lit la page où mène le dernier clic, une fois chargée, et
rapporte chaque violation avec sa règle et l'élément en cause."""

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.accessibilite import violations

pytestmark = pytest.mark.navigateur

DEBUT = b'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>'
FIN = b"</title></head><body><main><h1>Page</h1>"


class PageLente(BaseHTTPRequestHandler):
    """`/` mène par un lien à `/lente`, dont le corps arrive après ses en-têtes : entre les deux, le nouveau
    document est engagé par Chromium mais encore vide. `/fautive` a une image sans texte de remplacement."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        if self.path == "/":
            self.wfile.write(DEBUT + b"Accueil" + FIN + b'<a href="/lente">Page lente</a></main></body></html>')
            return
        if self.path == "/fautive":
            self.wfile.write(DEBUT + b"Fautive" + FIN + b'<img src="/plan.png"></main></body></html>')
            return
        self.wfile.flush()
        time.sleep(0.5)
        self.wfile.write(DEBUT + b"Lente" + FIN + b"<p>Arrive tard.</p></main></body></html>")

    def log_message(self, *args: object) -> None:
        """Rien dans la sortie des tests."""


@pytest.fixture
def serveur_lent() -> Iterator[str]:
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), PageLente)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{serveur.server_port}/"
    serveur.shutdown()
    serveur.server_close()


def test_le_controle_lance_juste_apres_un_clic_attend_la_page_chargee(page: object, serveur_lent: str) -> None:
    page.goto(serveur_lent)
    page.get_by_role("link", name="Page lente").click()

    assert violations(page) == []
    assert page.title() == "Lente"


def test_le_controle_rapporte_la_page_la_regle_et_l_element_de_chaque_violation(
    page: object, serveur_lent: str
) -> None:
    page.goto(f"{serveur_lent}fautive")

    (trouvee,) = violations(page)
    assert trouvee.startswith("/fautive — image-alt (critical) : ")
    assert trouvee.endswith('— img « <img src="/plan.png"> »')
