"""Les propositions de la recherche du compositeur (un formulaire d'ajout par commune ou EPCI trouvé), écrites en
Python.

Pourquoi pas dans le gabarit : la recherche part à chaque frappe et ses dix à quinze propositions passaient par la
boucle du moteur de gabarits (sept variables résolues et échappées par ligne, la population par un filtre) : le tiers
de la réponse, plus que toute la pile des intergiciels. Ici une chaîne par proposition, chaque valeur échappée comme le
fait le gabarit, avec les blancs du gabarit qu'elles remplacent (`tests/www/territoires/test_recherche_ecrite.py`).
"""

from collections.abc import Iterable, Mapping, Sized
from functools import lru_cache

from django import template
from django.utils.safestring import SafeString, mark_safe

from cpts.territoires.memoire import EpciPropose, Proposition
from cpts.territoires.models import Commune
from cpts.www.formulaires import echapper
from cpts.www.templatetags.cpts_format import nombre

register = template.Library()


def _proposition(adresse: str, jeton: str, champ: str, valeur: str, icone: str, libelle: str) -> str:
    # Le jeton CSRF de la page, masqué une fois pour toutes les propositions (csrf_token le masquerait pour chacune).
    return (
        "\n      <li>\n"
        '        <form class="cpts-ajout"\n'
        '              method="post"\n'
        f'              action="{adresse}"\n'
        f'              hx-post="{adresse}"\n'
        '              hx-target="#composition">\n'
        "          \n"
        f'          <input type="hidden" name="csrfmiddlewaretoken" value="{jeton}">\n'
        f'          <input type="hidden" name="{champ}" value="{valeur}">\n'
        '          <button type="submit"\n'
        f'                  class="fr-btn fr-btn--tertiary fr-btn--sm {icone} fr-btn--icon-left">\n'
        f"            {libelle}\n"
        "          </button>\n"
        "        </form>\n"
        "      </li>\n"
        "    "
    )


# Le jeton CSRF de la requête, mis à sa place dans les propositions gardées (aucun texte écrit ne contient de NUL : le
# contrôle des entrées les refuse).
JETON = "\x00jeton\x00"


def _ecrire(
    communes: Iterable[Commune | Proposition], epcis: Iterable[EpciPropose], ajouter: str, ajouter_epci: str, jeton: str
) -> str:
    ajouter, ajouter_epci = echapper(ajouter), echapper(ajouter_epci)
    des_communes = "".join(
        _proposition(
            ajouter,
            jeton,
            "code",
            echapper(commune.code),
            "fr-icon-add-line",
            f"{echapper(commune.nom)} ({echapper(commune.code)}) — {echapper(nombre(commune.population))} hab.",
        )
        for commune in communes
    )
    des_epcis = "".join(
        _proposition(
            ajouter_epci,
            jeton,
            "siren",
            echapper(epci.siren),
            "fr-icon-add-circle-line",
            f"Toutes les communes de {echapper(epci.nom)} (EPCI)",
        )
        for epci in epcis
    )
    return f"{des_communes}\n    {des_epcis}"


@lru_cache(maxsize=1024)
def _gardees(communes: tuple[Proposition, ...], epcis: tuple[EpciPropose, ...], ajouter: str, ajouter_epci: str) -> str:
    """Les mêmes débuts tapés reviennent d'une frappe et d'un compte à l'autre (« sai », « mar ») : leurs propositions
    sont gardées. La clé porte tout ce qui est écrit (codes, noms, populations, adresses) : rien n'y peut être périmé,
    un import des communes donne d'autres propositions, donc une autre clé."""
    return _ecrire(communes, epcis, ajouter, ajouter_epci, JETON)


@register.simple_tag
def propositions(
    communes: Iterable[Commune | Proposition], epcis: Iterable[EpciPropose], urls: Mapping[str, str], jeton: object
) -> SafeString:
    """Les propositions des communes, puis celles des EPCI. Celles d'une recherche par le nom (valeurs de la mémoire
    du référentiel) sont gardées ; celles d'une recherche par code (instances du modèle) sont écrites à chaque fois."""
    communes = tuple(communes)
    if all(isinstance(commune, Proposition) for commune in communes):
        html = _gardees(communes, tuple(epcis), urls["ajouter"], urls["ajouter_epci"])  # type: ignore[arg-type]
        return mark_safe(html.replace(JETON, echapper(jeton)))
    return mark_safe(_ecrire(communes, epcis, urls["ajouter"], urls["ajouter_epci"], echapper(jeton)))


@register.simple_tag
def annonce(communes: Sized, epcis: Sized, texte: str) -> str:
    """Le nombre de résultats dit par la région annoncée de la page, avec les blancs du gabarit qu'il remplace."""
    if not communes and not epcis:
        return "\n      Aucune commune ne correspond.\n    " if texte else ""
    nombre = len(communes)
    compte = "Aucune commune" if nombre == 0 else "1 commune" if nombre == 1 else f"{nombre} communes"
    des_epci = f"et {len(epcis)} EPCI" if epcis else ""
    return (
        f"\n      \n        \n          {compte}\n        \n      \n      {des_epci}\n      dans les résultats.\n    "
    )
