"""Une liste déroulante écrite en Python (`ListeDeroulante`, des centaines d'options parfois) s'écrit exactement comme
la liste déroulante de Django : même balise, mêmes attributs, même option choisie, mêmes groupes, même échappement."""

import re

import pytest
from django import forms
from django.utils.safestring import mark_safe

from cpts.www.formulaires import ListeDeroulante

CHOIX = [
    ("", "---------"),
    (1, "CPTS « Sud & Ouest »"),
    (2, "CPTS <Nord>"),
    ("2", "CPTS du 2 bis"),
    (6, mark_safe("CPTS <em>déjà sûre</em>")),
]
GROUPES = [("", "Aucune"), ("Occitanie", [(3, "CPTS 09-001"), (4, "CPTS l'Ariège")]), (5, "CPTS seule")]


def sans_espaces(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("choix", [CHOIX, GROUPES], ids=["liste simple", "groupes"])
@pytest.mark.parametrize("valeur", [None, "", 1, "2", 4, 99], ids=lambda v: f"valeur {v!r}")
def test_une_liste_deroulante_ecrite_en_python_est_celle_de_django(choix: list, valeur: object) -> None:
    attributs = {"class": "fr-select", "id": "id_cpts", "aria-describedby": "aide", "required": True, "data-x": "a&b"}
    django = forms.Select(choices=choix).render("cpts", valeur, attrs=attributs)
    assert ListeDeroulante(choices=choix).render("cpts", valeur, attrs=attributs) == sans_espaces(django)
