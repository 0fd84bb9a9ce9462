"""Le résumé, les actions et les lignes du compositeur, écrits en Python (`cpts.www.territoires.changement`), sont
ceux qu'écrivaient les gabarits, au caractère près : dans le fragment d'un ajout ou d'un retrait (mêmes éléments
hors-bande, mêmes valeurs échappées, même jeton) comme dans la page entière. La référence : les gabarits remplacés,
gardés sous `gabarits/` (résumé, actions, ligne, et la composition qui les incluait), et celui du fragment."""

import datetime
import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.template import engines
from django.template.base import Variable
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

from cpts.territoires.composition import Chevauchement, Enclave, Resume
from cpts.territoires.memoire import CommuneGardee
from cpts.www.territoires import changement
from cpts.www.territoires.views import _adresses
from tests.comptes.factories import UtilisateurFactory
from tests.territoires.factories import TerritoireFactory
from tests.territoires.test_composition import LYON, LYON_1ER, VAULX_EN_VELIN, anneau_autour_de_vaulx_en_velin

# Les gabarits que les balises de `cpts_composition` remplacent, lus avant ceux du projet.
GABARITS = Path(__file__).parent / "gabarits"

# Le gabarit `territoires/_composition_changement.html` que le fragment écrit remplace.
GABARIT = """{# Une commune ajoutée ou retirée : htmx ne remplace que ce qui change (sa ligne, le résumé, les actions), hors de #}
{# la composition elle-même (HX-Reswap: none) ; les 200 autres lignes restent en place. #}
<p class="fr-sr-only" id="annonce" hx-swap-oob="innerHTML">{{ annonce }}</p>
{% include "territoires/_composition_messages.html" with oob=True %}
{% include "territoires/_composition_resume.html" with oob=True %}
{% include "territoires/_composition_actions.html" with oob=True %}
{% include "territoires/_composition_enregistrer.html" with oob=True %}
{# Des lignes de tableau ne se lisent hors d'un tableau que dans un gabarit HTML. #}
<template>
  {% if ajoutee %}
    <tbody hx-swap-oob="{% if precedente %}afterend:#ligne-commune-{{ precedente }}{% else %}afterbegin:#communes-lignes{% endif %}">
      {% include "territoires/_composition_ligne.html" with unite=ajoutee %}
    </tbody>
  {% endif %}
  {% if retiree %}
    <tr id="ligne-commune-{{ retiree }}" hx-swap-oob="delete"></tr>
  {% endif %}
</template>
"""  # noqa: E501
JETON = "j3t0n&<masque>"
HTMX = {"HTTP_HX_REQUEST": "true"}


def anciens_gabarits() -> override_settings:
    moteur = settings.TEMPLATES[0]
    return override_settings(TEMPLATES=[{**moteur, "DIRS": [GABARITS, *moteur["DIRS"]]}])


def _ancien(gabarit: str, contexte: dict[str, object]) -> str:
    with anciens_gabarits():
        return engines["django"].from_string(gabarit).render(contexte)


def _commune(code: str, nom: str, population: int) -> CommuneGardee:
    return CommuneGardee(code, nom, population, code[:2], "84", None, 4.0, 45.0, 4.1, 45.1)


UNITES = [
    _commune("42218", "Saint-Étienne", 171_924),
    _commune("42095", "L'Horme <& « ville »>", 4_795),
    _commune("2A004", "Ajaccio", 73_013),
]


def _resume(unites: list[CommuneGardee], enclaves: list[Enclave] | None = None, **champs: object) -> Resume:
    valeurs: dict[str, object] = {
        "unites": unites,
        "population": sum(unite.population for unite in unites),
        "taille": 2,
        "departements": ["2A", "42"],
        "regions": ["84", "94"],
        "conflits": [],
        "contigu": True,
        "sans_contour": [],
        "inconnues": [],
        "chevauchements": [],
        "date": datetime.date(2026, 3, 1),
        "memo": None,
        "occupations": {},
        **champs,
    }
    resume = Resume(**valeurs)  # type: ignore[arg-type]
    # Les enclaves, calculées à la première lecture, posées d'avance (ni mémoire ni base ici).
    resume.__dict__["enclaves"] = enclaves or []
    return resume


CONFLITS = [
    Chevauchement("42218", "Saint-Étienne", "CPTS du Forez <& « sud »>", 7),
    Chevauchement("42095", "L'Horme", "CPTS Gier", 8),
]
RESUMES = {
    "conflits": _resume(UNITES, conflits=CONFLITS, contigu=False),
    "enclaves": _resume(UNITES, [Enclave("42100", "La Fouillouse"), Enclave("42200", "Saint-Just <&>")]),
    "une enclave": _resume(UNITES, [Enclave("42100", "La Fouillouse")], taille=None),
    "erreurs": _resume(
        UNITES[1:2],
        chevauchements=["Le territoire chevauche celui de <CPTS Gier> & d'une autre."],
        sans_contour=["42095", "Sans <nom>"],
        inconnues=["99999"],
        taille=None,
    ),
    "vide": _resume([], population=0, taille=None, departements=[], regions=[]),
    "sans population": _resume(UNITES[:1], population=0, taille=None),
}


@pytest.mark.parametrize("resume", RESUMES.values(), ids=RESUMES.keys())
@pytest.mark.parametrize(
    ("ajoutee", "precedente", "retiree"),
    [(0, None, None), (1, "42218", None), (None, None, "2A004"), (None, None, None)],
    ids=["ajoutée en tête", "ajoutée après une autre", "retirée", "inchangée"],
)
@pytest.mark.parametrize("pk", [None, 12], ids=["composition libre", "CPTS"])
@pytest.mark.parametrize("non_enregistre", [False, True], ids=["enregistrée", "non enregistrée"])
def test_le_fragment_ecrit_est_celui_du_gabarit(
    resume: Resume,
    ajoutee: int | None,
    precedente: str | None,
    retiree: str | None,
    pk: int | None,
    non_enregistre: bool,
) -> None:
    unite = UNITES[ajoutee] if ajoutee is not None else None
    urls = _adresses(pk)
    annonce = "L'Horme <& « ville »> ajoutée."
    contexte = {
        "resume": resume,
        "urls": urls,
        "cpts": object() if pk else None,
        "annonce": annonce,
        "non_enregistre": non_enregistre,
        "peut_enregistrer": False,
        "erreurs": [],
        "avertissements": [],
        "ajoutee": unite,
        "precedente": precedente,
        "retiree": retiree,
        "csrf_token": JETON,
    }
    ecrit = changement.fragment(
        changement.Changement(
            resume,
            urls,
            JETON,
            annonce,
            non_enregistre,
            pour_une_cpts=pk is not None,
            ajoutee=unite,
            precedente=precedente,
            retiree=retiree,
        )
    )
    assert ecrit == _ancien(GABARIT, contexte)


@pytest.mark.parametrize("peut_arbitrer", [False, True], ids=["sans arbitrage", "avec arbitrage"])
def test_le_bloc_d_enregistrement_de_qui_peut_enregistrer_est_celui_du_gabarit(peut_arbitrer: bool) -> None:
    resume = RESUMES["conflits"]
    urls = _adresses(12)
    cpts = type("CptsLue", (), {"nom": "CPTS <Loire> & « Forez »"})()
    contexte = {
        "resume": resume,
        "urls": urls,
        "cpts": cpts,
        "annonce": "Ajaccio retirée de la composition.",
        "non_enregistre": True,
        "peut_enregistrer": True,
        "peut_arbitrer": peut_arbitrer,
        "erreurs": [],
        "avertissements": [],
        "retiree": "2A004",
        "csrf_token": JETON,
    }
    fait = changement.Changement(
        resume, urls, JETON, "Ajaccio retirée de la composition.", True, pour_une_cpts=True, retiree="2A004"
    )
    ecrit = changement.fragment(fait, contexte)
    assert ecrit == _ancien(GABARIT, contexte)
    assert 'name="arbitrage_42218"' in ecrit if peut_arbitrer else 'name="arbitrage_42218"' not in ecrit


def test_les_lignes_des_conflits_gardees_portent_le_texte_de_chaque_conflit() -> None:
    renomme = CONFLITS[0]._replace(cpts="CPTS renommée")
    premier = changement.fragment(changement.Changement(RESUMES["conflits"], _adresses(None), JETON, "", False))
    autre = _resume(UNITES, conflits=[renomme, CONFLITS[1]])
    second = changement.fragment(changement.Changement(autre, _adresses(None), JETON, "", False))
    assert "Saint-Étienne (42218) : CPTS du Forez &lt;&amp; « sud »&gt;</li>" in premier
    assert "Saint-Étienne (42218) : CPTS renommée</li>" in second
    assert "CPTS du Forez" not in second


@pytest.mark.django_db
@pytest.mark.usefixtures("communes")
def test_l_ajout_rend_le_fragment_avec_le_jeton_de_la_page(client: Client) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    client.post(reverse("territoires:ajouter"), {"code": "42218"}, HTTP_HX_REQUEST="true")
    reponse = client.post(reverse("territoires:ajouter"), {"code": "42095"}, HTTP_HX_REQUEST="true")
    assert reponse["HX-Reswap"] == "none"
    jetons = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', reponse.text))
    assert len(jetons) == 1
    # Le jeton écrit est valable : la ligne ajoutée retire sa commune.
    client_strict = Client(enforce_csrf_checks=True)
    client_strict.cookies = client.cookies
    retrait = client_strict.post(
        reverse("territoires:retirer"), {"code": "42095", "csrfmiddlewaretoken": jetons.pop()}, HTTP_HX_REQUEST="true"
    )
    assert retrait.status_code == 200
    assert 'id="ligne-commune-42095" hx-swap-oob="delete"' in retrait.text


@pytest.mark.django_db
@pytest.mark.usefixtures("communes")
def test_l_ajout_et_le_retrait_ne_passent_plus_par_le_moteur_de_gabarits(client: Client) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    client.post(reverse("territoires:ajouter"), {"code": "42218"}, HTTP_HX_REQUEST="true")
    with mock.patch.object(Variable, "resolve", autospec=True, side_effect=Variable.resolve) as resolutions:
        ajout = client.post(reverse("territoires:ajouter"), {"code": "42095"}, HTTP_HX_REQUEST="true")
        retrait = client.post(reverse("territoires:retirer"), {"code": "42095"}, HTTP_HX_REQUEST="true")
    assert 'id="resume-communes">\n        2\n' in ajout.text
    assert 'id="resume-communes">\n        1\n' in retrait.text
    assert resolutions.call_count == 0


@pytest.mark.parametrize("resume", RESUMES.values(), ids=RESUMES.keys())
@pytest.mark.parametrize("pk", [None, 12], ids=["composition libre", "CPTS"])
@pytest.mark.parametrize("non_enregistre", [False, True], ids=["enregistrée", "non enregistrée"])
def test_la_composition_entiere_ecrite_est_celle_des_gabarits_sans_hors_bande(
    resume: Resume, pk: int | None, non_enregistre: bool
) -> None:
    contexte = {
        "resume": resume,
        "urls": _adresses(pk),
        "cpts": object() if pk else None,
        "annonce": "",
        "non_enregistre": non_enregistre,
        "peut_enregistrer": False,
        "erreurs": ["Code INSEE inconnu : <99999> & autre."],
        "avertissements": [],
        "csrf_token": JETON,
    }
    ecrite = render_to_string("territoires/_composition.html", contexte)
    with anciens_gabarits():
        assert ecrite == render_to_string("territoires/_composition.html", contexte)
    assert "hx-swap-oob" not in ecrite


def _sans_jeton(page: str) -> str:
    # Le jeton CSRF est masqué autrement à chaque rendu.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', page)


@pytest.mark.django_db
@pytest.mark.usefixtures("communes")
@pytest.mark.parametrize("pour_une_cpts", [False, True], ids=["composition libre", "CPTS"])
def test_la_page_du_compositeur_est_celle_des_gabarits_avec_conflits_enclaves_et_erreurs(
    client: Client, pour_une_cpts: bool
) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    TerritoireFactory(cpts__nom="CPTS <Presqu'île> & Rhône", communes=[LYON])
    suffixe, args = ("_cpts", [TerritoireFactory(communes=[LYON_1ER]).cpts.pk]) if pour_une_cpts else ("", [])
    for code in [*anneau_autour_de_vaulx_en_velin(), LYON, LYON_1ER]:
        client.post(reverse(f"territoires:ajouter{suffixe}", args=args), {"code": code}, **HTMX)

    def pages() -> tuple[str, str]:
        page = client.get(reverse(f"territoires:composer{suffixe}", args=args)).text
        # Un code inconnu rend toute la composition (sans hors-bande), avec son erreur.
        refus = client.post(reverse(f"territoires:ajouter{suffixe}", args=args), {"code": "99999"}, **HTMX).text
        return _sans_jeton(page), _sans_jeton(refus)

    ecrites = pages()
    with anciens_gabarits():
        assert ecrites == pages()
    page, refus = ecrites
    assert 'id="conflits"' in page
    assert f"({VAULX_EN_VELIN})" in page.split('id="enclaves"')[1]
    assert f"({LYON_1ER}) est un arrondissement" in page
    assert "Code INSEE inconnu : 99999." in refus
