"""Le contrôle d'axe-core des tests de bout en bout (`tests/accessibilite.py`) : ce qu'il ne précharge pas ne retire
aucune règle."""

import pytest

from tests.accessibilite import AXE, OPTIONS

pytestmark = pytest.mark.navigateur

# Une page qui verrouille l'orientation de l'affichage par une requête média de sa feuille de style.
ORIENTATION_VERROUILLEE = """<!doctype html>
<html lang="fr"><head><title>Essai</title>
<style>@media (orientation: portrait) { html { transform: rotate(90deg); } }</style>
</head><body><main><h1>Essai</h1></main></body></html>"""

REGLES_APPLIQUEES = """options => axe.run(document, options).then(resultat =>
  [...resultat.passes, ...resultat.violations, ...resultat.incomplete, ...resultat.inapplicable].map(r => r.id))"""

VIOLATIONS = "options => axe.run(document, options).then(resultat => resultat.violations.map(r => r.id))"


def test_la_seule_regle_d_axe_qui_lit_les_feuilles_de_style_n_est_pas_appliquee_d_office(page: object) -> None:
    page.set_content(ORIENTATION_VERROUILLEE)
    page.evaluate(AXE.axe_script)
    # La règle voit ce verrou quand on la demande, feuilles de style préchargées (réglage d'axe par défaut)…
    assert page.evaluate(VIOLATIONS, {"runOnly": ["css-orientation-lock"]}) == ["css-orientation-lock"]
    # … mais axe ne l'applique pas d'office (règle expérimentale) : ne pas précharger les feuilles ne retire rien.
    appliquees = page.evaluate(REGLES_APPLIQUEES, OPTIONS)
    assert "css-orientation-lock" not in appliquees
    assert "no-autoplay-audio" in appliquees
