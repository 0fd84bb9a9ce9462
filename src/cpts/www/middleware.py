"""Le contrôle des entrées à la porte, avant toute vue : taille du corps, type de contenu de l'API, JSON lisible et
borné, caractères nuls. Un refus est une erreur en français (JSON sous /api/, page DSFR ailleurs) et rien n'est lu
de plus que nécessaire : un corps trop gros est refusé sur son en-tête, avant d'être reçu."""

import json
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cpts import bornes
from cpts.api.corps import JSON_CONTROLE
from cpts.api.erreurs import est_api
from cpts.www import erreurs

MESSAGE_NUL = "La requête contient un caractère nul (\\0), refusé : retirez-le et réessayez."
METHODES_SANS_CORPS = ("GET", "HEAD", "OPTIONS", "TRACE")


class EntreeRefusee(Exception):
    def __init__(self, statut: int, code: str, message: str) -> None:
        super().__init__(message)
        self.statut = statut
        self.code = code
        self.message = message


def contient_un_nul(valeur: object) -> bool:
    if isinstance(valeur, str):
        return "\x00" in valeur
    if isinstance(valeur, dict):
        return any(contient_un_nul(cle) or contient_un_nul(v) for cle, v in valeur.items())
    if isinstance(valeur, list | tuple):
        return any(contient_un_nul(v) for v in valeur)
    return False


def _nombre_sans_exposant(texte: str) -> float:
    # Un montant s'écrit 12500.00 : « 1e3 » est refusé, comme NaN et Infinity (_constante_refusee).
    if "e" in texte or "E" in texte:
        raise EntreeRefusee(
            400, "nombre_invalide", f"Nombre « {texte} » refusé : écrivez-le sans exposant (1000, pas 1e3)."
        )
    return float(texte)


def _constante_refusee(texte: str) -> None:
    raise EntreeRefusee(400, "nombre_invalide", f"Valeur « {texte} » refusée : un nombre fini est attendu.")


def _verifier_valeur(valeur: object, profondeur: int = 1) -> None:
    if profondeur > bornes.PROFONDEUR_JSON_MAX:
        raise EntreeRefusee(
            400, "json_trop_imbrique", f"JSON trop imbriqué : {bornes.PROFONDEUR_JSON_MAX} niveaux au plus."
        )
    if isinstance(valeur, str):
        if "\x00" in valeur:
            raise EntreeRefusee(400, "caractere_nul", MESSAGE_NUL)
        try:
            valeur.encode("utf-8")
        except UnicodeEncodeError:
            raise EntreeRefusee(
                400, "texte_invalide", "Le JSON contient un caractère invalide (demi-paire UTF-16 isolée, « \\ud800 »)."
            ) from None
    elif isinstance(valeur, dict):
        for cle, sous_valeur in valeur.items():
            _verifier_valeur(cle, profondeur)
            _verifier_valeur(sous_valeur, profondeur + 1)
    elif isinstance(valeur, list):
        for sous_valeur in valeur:
            _verifier_valeur(sous_valeur, profondeur + 1)


def lire_json(corps: bytes) -> object:
    """Le JSON du corps, s'il est lisible et dans les bornes ; sinon `EntreeRefusee` et son message en français."""
    try:
        texte = corps.decode("utf-8")
    except UnicodeDecodeError:
        raise EntreeRefusee(400, "json_illisible", "Le corps de la requête n'est pas du texte UTF-8.") from None
    try:
        valeur = json.loads(texte, parse_float=_nombre_sans_exposant, parse_constant=_constante_refusee)
    except RecursionError:
        raise EntreeRefusee(
            400, "json_trop_imbrique", f"JSON trop imbriqué : {bornes.PROFONDEUR_JSON_MAX} niveaux au plus."
        ) from None
    except ValueError as erreur:
        position = (
            f" (ligne {erreur.lineno}, colonne {erreur.colno})" if isinstance(erreur, json.JSONDecodeError) else ""
        )
        raise EntreeRefusee(
            400, "json_illisible", f"Le corps de la requête n'est pas un JSON lisible{position}."
        ) from None
    # Un caractère nul ou une demi-paire isolée n'entrent dans un texte que par un échappement « \u » (le JSON refuse
    # les caractères de contrôle bruts, UTF-8 les demi-paires), et l'imbrication ne dépasse pas le nombre de crochets
    # et d'accolades : sans l'un ni trop des autres, le parcours de chaque valeur (200 codes d'un résumé) n'a rien à
    # trouver.
    if "\\u" in texte or texte.count("[") + texte.count("{") >= bornes.PROFONDEUR_JSON_MAX:
        _verifier_valeur(valeur)
    return valeur


def _taille_annoncee(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        raise EntreeRefusee(400, "requete_invalide", "En-tête Content-Length invalide.") from None


# Les seules opérations de l'API qui reçoivent un fichier (multipart) : l'import du portefeuille d'une région.
API_AVEC_FICHIER = re.compile(r"^/api/v1/portefeuille/[^/]+/import$")


def _recoit_un_fichier(request: HttpRequest) -> bool:
    return bool(API_AVEC_FICHIER.match(request.path))


def controler(request: HttpRequest) -> None:
    """Lève `EntreeRefusee` si la requête doit être refusée avant d'atteindre une vue."""
    avec_fichiers = request.content_type == "multipart/form-data"
    taille_max = bornes.CORPS_AVEC_FICHIERS_MAX if avec_fichiers else bornes.CORPS_MAX
    if _taille_annoncee(request) > taille_max:
        raise EntreeRefusee(413, "trop_volumineux", bornes.MESSAGE_TROP_VOLUMINEUX)
    api = est_api(request)
    a_un_corps = request.method not in METHODES_SANS_CORPS and _taille_annoncee(request) > 0
    types_admis = ("application/json", "multipart/form-data") if _recoit_un_fichier(request) else ("application/json",)
    if api and a_un_corps and request.content_type not in types_admis:
        raise EntreeRefusee(
            415,
            "type_non_supporte",
            f"Type de contenu « {request.content_type or 'absent'} » non pris en charge : l'API reçoit du JSON "
            "(Content-Type: application/json).",
        )
    if request.content_type == "application/json" and a_un_corps:
        # Gardé pour django-ninja, qui ne relit pas le corps (cpts.api.corps).
        setattr(request, JSON_CONTROLE, lire_json(request.body))
    donnees = [*request.GET.lists(), *(request.POST.lists() if request.method == "POST" and not api else [])]
    if any(contient_un_nul(cle) or contient_un_nul(valeurs) for cle, valeurs in donnees):
        raise EntreeRefusee(400, "caractere_nul", MESSAGE_NUL)


def controler_les_entrees(suivant: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            controler(request)
        except EntreeRefusee as refus:
            return erreurs.repondre(request, refus.statut, refus.message, code=refus.code)
        return suivant(request)

    return middleware


def uniformiser_les_erreurs(suivant: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Les réponses d'erreur sans corps (405 des vues `require_POST` ou de django-ninja) reçoivent le leur : JSON en
    français sous /api/, page DSFR ailleurs."""

    def middleware(request: HttpRequest) -> HttpResponse:
        reponse = suivant(request)
        if reponse.status_code < 400 or reponse.streaming:
            return reponse
        if est_api(request):
            if reponse.get("Content-Type", "").startswith("application/json"):
                return reponse
        elif reponse.content.strip():
            return reponse
        uniforme = erreurs.repondre(request, reponse.status_code)
        if reponse.has_header("Allow"):
            uniforme["Allow"] = reponse["Allow"]
        return uniforme

    return middleware
