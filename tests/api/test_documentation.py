"""La description OpenAPI de l'API v1 documente chaque opération (résumé, description en français, réponses
d'erreur) et nomme chaque schéma selon la convention *Entree / *Sortie."""

import inspect

import pytest
from ninja import Schema

from cpts.api import app
from cpts.api.app import api

STATUTS_D_ERREUR = {"400", "401", "403", "404", "409", "413", "415", "422", "429"}


@pytest.fixture(scope="module")
def description() -> dict:
    return api.get_openapi_schema()


def _operations(description: dict) -> list[tuple[str, dict]]:
    return [
        (f"{methode.upper()} {chemin}", operation)
        for chemin, operations in description["paths"].items()
        for methode, operation in operations.items()
    ]


def test_chaque_operation_a_un_resume_et_une_description(description: dict) -> None:
    sans = [nom for nom, op in _operations(description) if not op.get("summary") or not op.get("description")]
    assert sans == []


def test_chaque_operation_documente_ses_reponses_d_erreur_avec_le_schema_des_erreurs(description: dict) -> None:
    def erreurs(operation: dict) -> set[str]:
        return {str(statut) for statut in operation["responses"]} & STATUTS_D_ERREUR

    assert [nom for nom, op in _operations(description) if "401" not in erreurs(op)] == []
    schemas = {
        reponse["content"]["application/json"]["schema"]["$ref"]
        for _, op in _operations(description)
        for statut, reponse in op["responses"].items()
        if str(statut) in STATUTS_D_ERREUR
    }
    assert schemas == {"#/components/schemas/ErreurSortie"}


def test_une_operation_sur_un_objet_nomme_documente_le_404(description: dict) -> None:
    sans_404 = [
        nom
        for nom, op in _operations(description)
        if "{" in nom and "{code}" not in nom and not {"404", 404} & set(op["responses"])
    ]
    assert sans_404 == []


def test_une_ecriture_qui_depend_du_role_documente_le_403(description: dict) -> None:
    op = description["paths"]["/api/v1/contrats/{contrat_id}/versements"]["post"]
    assert {403, 409} <= set(op["responses"])
    assert "CPAM" in op["description"]


def test_les_descriptions_sont_en_francais(description: dict) -> None:
    # Chaque description a au moins un mot français courant : pas de texte anglais par défaut de django-ninja.
    mots = {"le", "la", "les", "des", "du", "de", "d'un", "d'une", "un", "une", "sur", "et"}
    anglais = [nom for nom, op in _operations(description) if not mots & set(op["description"].lower().split())]
    assert anglais == []


def test_chaque_schema_de_l_api_suit_la_convention_entree_sortie(description: dict) -> None:
    hors_convention = [nom for nom in description["components"]["schemas"] if not nom.endswith(("Entree", "Sortie"))]
    assert hors_convention == []


def test_deux_schemas_de_l_api_ne_portent_jamais_le_meme_nom() -> None:
    # Deux classes du même nom ne font qu'un schéma dans la description : l'une des deux y serait fausse.
    classes = [
        classe
        for module in vars(app).values()
        if inspect.ismodule(module) and module.__name__.startswith("cpts.api.")
        for classe in vars(module).values()
        if inspect.isclass(classe) and issubclass(classe, Schema) and classe.__module__ == module.__name__
    ]
    noms = [classe.__name__ for classe in classes]
    assert sorted({nom for nom in noms if noms.count(nom) > 1}) == []
