"""Le catalogue des entrées hostiles : ce qu'un attaquant ou un utilisateur maladroit envoie aux formulaires, à
l'API, aux imports et à la commande `cpts`, et ce que la plateforme doit répondre (un refus en français, jamais
d'erreur serveur, rien d'écrit). `tests/securite/test_catalogue_entrees.py` l'éprouve, cas par cas.

Les cas qui relèvent des périmètres et des règles du domaine (déplacer une CPTS hors de son périmètre, écrire dans
une CPTS fermée, voter pour un siège vacant) sont éprouvés par la matrice des droits et les tests du domaine."""

import html
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from cpts import bornes
from cpts.dossiers import import_membres
from tests.securite.matrice import MATRICE
from tests.securite.monde import ANONYME, DEDANS, Monde
from tests.securite.requetes import adresse
from tests.securite.routes import toutes_les_routes

ROUTES = toutes_les_routes()
# Les mots d'une réponse anglaise de Django, de django-ninja ou de pydantic : aucun ne doit atteindre l'utilisateur.
ANGLAIS = (
    "Bad Request",
    "Not Found",
    "Method not allowed",
    "Method Not Allowed",
    "Forbidden",
    "Traceback",
    "Field required",
    "Input should",
    "Cannot parse",
    "CSRF check Failed",
    "Server Error",
    "Request Entity",
    "CommandError",
    "Unknown command",
)
MOTS_FRANCAIS = re.compile(
    r"\b(le|la|les|de|des|du|une?|est|sont|pas|au|aux|ou|et|à|en|ce|cette|erreur|invalide|attendue?|obligatoire|inconnue?s?)\b",
    re.IGNORECASE,
)


def en_francais(texte: str) -> bool:
    return bool(MOTS_FRANCAIS.search(texte)) and not any(mot in texte for mot in ANGLAIS)


@dataclass(frozen=True)
class Reponse:
    statut: int
    texte: str  # ce que lit l'utilisateur : message et détails JSON, page HTML sans balises, sortie d'erreur


@dataclass(frozen=True)
class Cas:
    nom: str
    # Envoie l'entrée hostile, pour ce monde et ces sessions.
    envoyer: Callable[[Monde, dict[str, str]], Reponse] = field(compare=False)
    statuts: tuple[int, ...]
    # Un mot (ou une expression) du message attendu, en français.
    attendu: str


# Envois


def _texte_de_page(contenu: bytes) -> str:
    sans_balises = re.sub(r"<script.*?</script>|<[^>]+>", " ", contenu.decode("utf-8", "replace"), flags=re.S)
    return " ".join(html.unescape(sans_balises).split())


def _reponse_api(reponse: object) -> Reponse:
    assert reponse["Content-Type"].startswith("application/json"), (
        f"Réponse de l'API hors JSON : {reponse.content[:200]}"
    )
    corps = reponse.json()
    assert set(corps) == {"code", "message", "details"}, f"Erreur de l'API hors du format commun : {corps}"
    return Reponse(reponse.status_code, " ".join([corps["message"], *corps["details"]]))


def _jeton(monde: Monde, role: str) -> dict[str, str]:
    return {} if role == ANONYME else {"Authorization": f"Bearer {monde.jetons[role][1]}"}


def _url(route: str, monde: Monde) -> str:
    return adresse(route, ROUTES[route], MATRICE[route], monde.cotes[DEDANS], None)


def api(
    nom: str,
    route: str,
    corps: bytes | str | None,
    statuts: tuple[int, ...],
    attendu: str,
    type_contenu: str = "application/json",
    role: str = "administrateur",
    methode: str | None = None,
    suffixe: str = "",
    entetes: dict[str, str] | None = None,
) -> Cas:
    """Une opération de l'API (clé de la matrice, « POST /api/v1/… ») ou une adresse brute (« GET /api/… »)."""

    def envoyer(monde: Monde, sessions: dict[str, str]) -> Reponse:
        verbe, chemin = route.split(" ", 1)
        url = _url(route, monde) if route in MATRICE else chemin
        reponse = Client().generic(
            methode or verbe,
            url + suffixe,
            corps or b"",
            content_type=type_contenu,
            headers={**_jeton(monde, role), **(entetes or {})},
        )
        return _reponse_api(reponse)

    return Cas(f"api-{nom}", envoyer, statuts, attendu)


def api_session_sans_csrf(nom: str, route: str, corps: dict) -> Cas:
    """Depuis le navigateur (documentation interactive), la session sans jeton CSRF."""

    def envoyer(monde: Monde, sessions: dict[str, str]) -> Reponse:
        client = Client(enforce_csrf_checks=True)
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions["administrateur"]
        verbe, _ = route.split(" ", 1)
        reponse = client.generic(verbe, _url(route, monde), json.dumps(corps), content_type="application/json")
        return _reponse_api(reponse)

    return Cas(f"api-{nom}", envoyer, (403,), "CSRF")


def page(
    nom: str,
    route: str | None,
    donnees: bytes | dict | None,
    statuts: tuple[int, ...],
    attendu: str,
    type_contenu: str | None = None,
    role: str = "administrateur",
    methode: str = "POST",
    csrf: bool = False,
    chemin: str | None = None,
    suivre: bool = False,
    entetes: dict[str, str] | None = None,
) -> Cas:
    def envoyer(monde: Monde, sessions: dict[str, str]) -> Reponse:
        client = Client(enforce_csrf_checks=csrf, headers=entetes)
        if role != ANONYME:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
        url = chemin or _url(route, monde)
        if methode == "GET":
            reponse = client.get(url, follow=suivre)
        elif type_contenu is None:
            reponse = client.post(url, donnees or {}, follow=suivre)
        else:
            reponse = client.generic(methode, url, donnees, content_type=type_contenu)
        if not suivre:
            assert reponse.status_code == 302 or reponse["Content-Type"].startswith("text/html"), (
                f"Page d'erreur hors HTML : {reponse['Content-Type']}"
            )
        return Reponse(reponse.status_code, _texte_de_page(reponse.content))

    return Cas(f"page-{nom}", envoyer, statuts, attendu)


def televersement(
    nom: str, route: str, champ: str, fichier: str, contenu: bytes, attendu: str, statuts: tuple[int, ...] = (200,)
) -> Cas:
    """Un fichier déposé ; le refus s'affiche sur la page où l'envoi ramène (200), ou sur la page réaffichée avec le
    formulaire refusé (400)."""

    def envoyer(monde: Monde, sessions: dict[str, str]) -> Reponse:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions["administrateur"]
        reponse = client.post(_url(route, monde), {champ: SimpleUploadedFile(fichier, contenu)}, follow=True)
        return Reponse(reponse.status_code, _texte_de_page(reponse.content))

    return Cas(f"fichier-{nom}", envoyer, statuts, attendu)


def commande(nom: str, arguments: list[str], attendu: str) -> Cas:
    """La commande `cpts` lancée comme en ligne de commande : code 2, une ligne en français."""

    def envoyer(monde: Monde, sessions: dict[str, str]) -> Reponse:
        import sys
        from contextlib import redirect_stderr, redirect_stdout
        from unittest import mock

        from django.core.management.base import BaseCommand
        from django.db import connections

        from cpts.cli import main

        erreur = io.StringIO()
        # Les vérifications système de Django échouent sous pytest-django (réglage des gabarits) : sans objet ici.
        # Une commande ferme les connexions en finissant : celle du test, dans sa transaction, doit rester ouverte.
        with (
            mock.patch.object(sys, "argv", ["cpts", *arguments]),
            mock.patch.object(BaseCommand, "check"),
            mock.patch.object(connections, "close_all"),
            redirect_stdout(io.StringIO()),
            redirect_stderr(erreur),
        ):
            try:
                main()
                code = 0
            except SystemExit as fin:
                code = int(fin.code or 0)
        texte = erreur.getvalue()
        assert len(texte.strip().splitlines()) == 1, f"Plus d'une ligne sur la sortie d'erreur : {texte!r}"
        return Reponse(code, texte)

    return Cas(f"cli-{nom}", envoyer, (2,), attendu)


# Corps hostiles pour chaque écriture de l'API


def _imbrique(niveaux: int) -> bytes:
    return b'{"communes": ' + b"[" * niveaux + b"]" * niveaux + b"}"


def _multipart() -> tuple[bytes, str]:
    frontiere = "frontiere-du-catalogue"
    corps = (
        f'--{frontiere}\r\nContent-Disposition: form-data; name="fichier"; filename="a.json"\r\n'
        f"Content-Type: application/json\r\n\r\n{{}}\r\n--{frontiere}--\r\n"
    ).encode()
    return corps, f"multipart/form-data; boundary={frontiere}"


MULTIPART, TYPE_MULTIPART = _multipart()
# (nom, corps, type de contenu, statuts, mot attendu)
CORPS_HOSTILES = [
    ("json-tronque", b'{"communes": [', "application/json", (400,), "JSON lisible"),
    ("cent-mille-crochets", b"[" * 100_000, "application/json", (400,), "imbriqué"),
    ("imbrication-50-niveaux", _imbrique(50), "application/json", (400,), "imbriqué"),
    ("demi-paire-isolee", b'{"nom": "\\ud800", "communes": ["\\udfff"]}', "application/json", (400,), "demi-paire"),
    ("caractere-nul", b'{"nom": "a\\u0000b", "communes": ["69\\u0000"]}', "application/json", (400,), "nul"),
    ("nul-en-texte-brut", b'{"nom": "a\\u0000b"}', "text/plain", (415,), "JSON"),
    ("json-en-texte-brut", b'{"communes": ["69014"]}', "text/plain", (415,), "JSON"),
    ("multipart", MULTIPART, TYPE_MULTIPART, (415,), "JSON"),
    ("formulaire-urlencode", b"communes=69014&taille=2", "application/x-www-form-urlencoded", (415,), "JSON"),
    ("nan", b'{"montant": NaN, "taille": NaN}', "application/json", (400,), "nombre fini"),
    ("infini", b'{"montant": -Infinity}', "application/json", (400,), "nombre fini"),
    ("exposant", b'{"montant": 1e3, "taille": 2e0}', "application/json", (400,), "exposant"),
    ("latin1", b'{"nom": "\xe9t\xe9"}', "application/json", (400,), "UTF-8"),
    ("trop-volumineux", b'{"nom": "' + b"x" * (bornes.CORPS_MAX + 10) + b'"}', "application/json", (413,), "taille"),
    ("liste-au-lieu-d-objet", b"[1, 2, 3]", "application/json", (422,), "Données invalides"),
    ("objet-vide", b"{}", "application/json", (422,), "obligatoire"),
]
ECRITURES_API = [
    "POST /api/v1/territoires/resume",
    "PUT /api/v1/cpts/{cpts_id}/territoire",
    "POST /api/v1/cpts/{cpts_id}/decisions",
    "POST /api/v1/cpts/{cpts_id}/membres",
    "PUT /api/v1/cpts/{cpts_id}/documents/{document_id}/brouillon",
    "POST /api/v1/regles/financement",
    "POST /api/v1/regles/echeancier",
    "POST /api/v1/contrats/{contrat_id}/versements",
    "POST /api/v1/contrats/{contrat_id}/indicateurs/{indicateur_id}/valeurs",
    "POST /api/v1/contrats/{contrat_id}/dialogues",
    "POST /api/v1/contrats/bilans/{bilan_id}/atteinte",
]


def _court(route: str) -> str:
    verbe, chemin = route.split(" ", 1)
    morceaux = [m for m in chemin.removeprefix("/api/v1/").split("/") if not m.startswith("{")]
    return f"{verbe.lower()}-{'-'.join(morceaux)}"


def _cas_api() -> list[Cas]:
    cas = [
        api(f"{_court(route)}-{nom}", route, corps, statuts, attendu, type_contenu)
        for route in ECRITURES_API
        for nom, corps, type_contenu, statuts, attendu in CORPS_HOSTILES
    ]
    echeancier = "POST /api/v1/regles/echeancier"
    versements = "POST /api/v1/contrats/{contrat_id}/versements"
    versement = {
        "annee_contrat": 1,
        "mission": "acces",
        "volet": "fixe",
        "nature": "integral",
        "date": "2023-06-01",
        "reference": "CATALOGUE",
    }

    def json_(valeur: object) -> bytes:
        return json.dumps(valeur).encode()

    bornes_dates = [
        ("echeancier-signature-an-9999", echeancier, {"signature": "9999-06-01", "taille": 2}),
        ("echeancier-signature-an-1", echeancier, {"signature": "0001-01-01", "taille": 2}),
        (
            "echeancier-mission-an-9999",
            echeancier,
            {"signature": "2022-06-01", "taille": 2, "missions": {"acces": "9999-01-01"}},
        ),
        ("financement-an-9999", "POST /api/v1/regles/financement", {"date": "9999-12-31", "taille": 2}),
        (
            "territoire-version-an-1",
            "PUT /api/v1/cpts/{cpts_id}/territoire",
            {"communes": ["69014"], "date": "0001-01-01"},
        ),
        (
            "territoire-version-an-9999",
            "PUT /api/v1/cpts/{cpts_id}/territoire",
            {"communes": ["69014"], "date": "9999-12-31"},
        ),
        ("resume-an-9999", "POST /api/v1/territoires/resume", {"communes": ["69014"], "date": "9999-01-01"}),
        (
            "decision-an-1",
            "POST /api/v1/cpts/{cpts_id}/decisions",
            {"transition": "abandonner", "date": "0001-01-01", "instance": "ars", "motif": "Catalogue."},
        ),
        ("versement-an-9999", versements, {**versement, "montant": "100.00", "date": "9999-01-01"}),
        (
            "dialogue-an-1",
            "POST /api/v1/contrats/{contrat_id}/dialogues",
            {"annee": 2, "date": "0001-01-01", "participants": "CPTS"},
        ),
    ]
    cas += [api(nom, route, json_(corps), (422,), "bornes") for nom, route, corps in bornes_dates]
    montants = [("1e3", "1e3"), ("NaN", "NaN"), ("Infinity", "Infinity"), ("virgule-et-espace", "12 500,00")]
    cas += [
        api(f"versement-montant-{nom}", versements, json_({**versement, "montant": valeur}), (422,), "chiffres")
        for nom, valeur in montants
    ]
    cas += [
        api(
            "echeancier-atteinte-1e0",
            echeancier,
            json_({"signature": "2022-06-01", "taille": 2, "atteinte": "1e0"}),
            (422,),
            "chiffres",
        ),
        api(
            "atteinte-taux-nan",
            "POST /api/v1/contrats/bilans/{bilan_id}/atteinte",
            json_({"taux": "NaN", "motif": "x"}),
            (422,),
            "chiffres",
        ),
        api(
            "membre-nom-demesure",
            "POST /api/v1/cpts/{cpts_id}/membres",
            json_({"type": "professionnel", "profession": "infirmier", "nom": "x" * 100_000}),
            (409, 422),
            "caractères",
        ),
        api(
            "resume-6000-communes",
            "POST /api/v1/territoires/resume",
            json_({"communes": ["69014"] * 6000}),
            (422,),
            "éléments au plus",
        ),
    ]
    # Adresses inconnues, méthodes non permises, paramètres de requête hostiles
    cas += [
        api("adresse-inconnue", "GET /api/v1/nexistepas", None, (404,), "introuvable"),
        api("adresse-inconnue-post", "POST /api/v1/nexistepas", b"{}", (404,), "introuvable"),
        api("racine-inconnue", "GET /api/", None, (404,), "introuvable"),
        api("version-inconnue", "GET /api/v2/cpts", None, (404,), "introuvable"),
        api("adresse-inconnue-anonyme", "GET /api/v1/nexistepas/encore", None, (401, 404), "ntrouvable", role=ANONYME),
        api("identifiant-non-numerique", "GET /api/v1/cpts/abc", None, (404, 422), "entier"),
        api("methode-delete", "POST /api/v1/regles/echeancier", None, (405,), "Méthode", methode="DELETE"),
        api("methode-get", "POST /api/v1/regles/echeancier", None, (405,), "Méthode", methode="GET"),
        api("methode-patch", "GET /api/v1/cpts", b"{}", (405,), "Méthode", methode="PATCH"),
        api("methode-put", "POST /api/v1/territoires/resume", b"{}", (405,), "Méthode", methode="PUT"),
        api("page-zero", "GET /api/v1/cpts", None, (422,), "supérieur", suffixe="?page=0"),
        api("page-texte", "GET /api/v1/cpts", None, (422,), "entier", suffixe="?page=abc"),
        api("page-geante", "GET /api/v1/cpts", None, (422,), "inférieur", suffixe="?page_size=100000"),
        api(
            "membres-page-geante",
            "GET /api/v1/cpts/{cpts_id}/membres",
            None,
            (422,),
            "inférieur",
            suffixe="?page_size=100000",
        ),
        api(
            "etat-des-lieux-an-9999", "GET /api/v1/pilotage/{code}", None, (422,), "bornes", suffixe="?date=9999-12-31"
        ),
        api("etat-des-lieux-an-1", "GET /api/v1/pilotage/{code}", None, (422,), "bornes", suffixe="?date=0001-01-01"),
        api("couverture-an-9999", "GET /api/v1/couverture", None, (422,), "bornes", suffixe="?date=9999-12-31"),
        api("couverture-date-texte", "GET /api/v1/couverture", None, (422,), "date", suffixe="?date=demain"),
        api(
            "anonyme-cent-mille-crochets",
            "POST /api/v1/regles/echeancier",
            b"[" * 100_000,
            (400,),
            "imbriqué",
            role=ANONYME,
        ),
        api_session_sans_csrf("session-sans-csrf", echeancier, {"signature": "2022-06-01", "taille": 2}),
        api("hote-inconnu", "GET /api/v1/cpts", None, (400,), "Requête invalide", entetes={"Host": "mechant.example"}),
        api(
            "longueur-annoncee-invalide", echeancier, b"{}", (400,), "Content-Length", entetes={"Content-Length": "abc"}
        ),
    ]
    return cas


# Formulaires des pages

FORMULAIRES = [
    "dossiers:creer",
    "dossiers:modifier",
    "dossiers:ajouter_membre",
    "dossiers:ecrire_note",
    "dossiers:demander",
    "dossiers:importer_membres",
    "territoires:ajouter",
    "territoires:enregistrer",
    "contrats:payer",
    "contrats:avenant",
    "contrats:deposer_document",
    "commission:nouvelle_reunion",
    "jetons",
]
ENVOIS_SEULS = [
    "dossiers:ecrire_note",
    "dossiers:demander",
    "dossiers:importer_membres",
    "territoires:enregistrer",
    "contrats:payer",
    "contrats:deposer_document",
]
TROP_GROS = b"nom=" + b"x" * (bornes.CORPS_MAX + 10)
TROP_DE_CHAMPS = "&".join(f"champ{i}=x" for i in range(bornes.CHAMPS_MAX + 5)).encode()
URLENCODE = "application/x-www-form-urlencoded"


def _cas_pages() -> list[Cas]:
    cas = []
    for route in FORMULAIRES:
        court = route.replace(":", "-").replace("_", "-")
        cas += [
            page(f"{court}-trop-volumineux", route, TROP_GROS, (413,), "Revenir au formulaire", URLENCODE),
            page(f"{court}-trop-de-champs", route, TROP_DE_CHAMPS, (413,), "trop de champs", URLENCODE),
            page(f"{court}-sans-csrf", route, {"nom": "x"}, (403,), "CSRF", csrf=True),
            page(f"{court}-caractere-nul", route, {"nom": "a\x00b", "motif": "\x00"}, (400,), "caractère nul"),
            page(f"{court}-cent-mille-crochets", route, b"[" * 100_000, (400,), "imbriqué", "application/json"),
        ]
    cas += [
        page(
            f"{route.replace(':', '-').replace('_', '-')}-lecture", route, None, (405,), "ne s'ouvre pas", methode="GET"
        )
        for route in ENVOIS_SEULS
    ]
    gros_pdf = b"%PDF-1.4\n" + b"0" * (bornes.CORPS_AVEC_FICHIERS_MAX + 10)
    cas += [
        page(
            "pdf-de-13-mo",
            "contrats:deposer_document",
            {"document": SimpleUploadedFile("gros.pdf", gros_pdf)},
            (413,),
            "12 Mo",
        ),
        page(
            "connexion-anonyme-sans-csrf",
            "login",
            {"username": "a", "password": "b"},
            (403,),
            "CSRF",
            role=ANONYME,
            csrf=True,
        ),
        page(
            "connexion-anonyme-trop-volumineuse", "login", TROP_GROS, (413,), "taille permise", URLENCODE, role=ANONYME
        ),
        page("adresse-inconnue", None, None, (404,), "n'existe pas", methode="GET", chemin="/nexistepas/"),
        page("cpts-inconnue", None, None, (404,), "n'existe pas", methode="GET", chemin="/cpts/999999999/"),
        page("cpts-identifiant-texte", None, None, (404,), "n'existe pas", methode="GET", chemin="/cpts/abc/"),
        page(
            "anonyme-cent-mille-crochets",
            None,
            b"[" * 100_000,
            (400,),
            "imbriqué",
            "application/json",
            role=ANONYME,
            chemin="/",
        ),
        page("membres-page-texte", "dossiers:membres", None, (200,), "Membres", methode="GET"),
        page(
            "hote-inconnu",
            None,
            None,
            (400,),
            "Requête invalide",
            methode="GET",
            chemin="/",
            entetes={"Host": "mechant.example"},
        ),
        page(
            "hote-inconnu-en-envoi",
            "dossiers:ecrire_note",
            {"texte": "x"},
            (400,),
            "Requête invalide",
            entetes={"Host": "mechant.example"},
        ),
    ]
    # Champs d'une ligne : le formulaire se réaffiche avec l'erreur, rien n'est écrit.
    cas += [
        page(
            "cpts-nom-avec-retour-ligne", "dossiers:modifier", {"nom": "CPTS\r\nSet-Cookie: x=1"}, (200,), "une ligne"
        ),
        page("cpts-nom-demesure", "dossiers:modifier", {"nom": "x" * 300}, (200,), "200 caractères"),
        page("creation-nom-avec-retour-ligne", "dossiers:creer", {"nom": "CPTS\nbis"}, (200,), "une ligne"),
        page(
            "membre-nom-avec-tabulation",
            "dossiers:ajouter_membre",
            {"type": "professionnel", "nom": "a\tb"},
            (200,),
            "une ligne",
        ),
    ]
    return cas


# Fichiers de membres


def _xlsx(lignes: list[list[object]], dimension: str | None = None) -> bytes:
    classeur = Workbook()
    for ligne in lignes:
        classeur.active.append(ligne)
    sortie = io.BytesIO()
    classeur.save(sortie)
    if dimension is None:
        return sortie.getvalue()
    # La dimension déclarée par le fichier, réécrite comme le ferait un fichier forgé.
    entree, reecrit = zipfile.ZipFile(io.BytesIO(sortie.getvalue())), io.BytesIO()
    with zipfile.ZipFile(reecrit, "w", zipfile.ZIP_DEFLATED) as archive:
        for element in entree.infolist():
            donnees = entree.read(element.filename)
            if element.filename == "xl/worksheets/sheet1.xml":
                donnees = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), donnees)
            archive.writestr(element, donnees)
    return reecrit.getvalue()


def _bombe() -> bytes:
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (import_membres.XLSX_DECOMPRESSE_MAX + 1))
    return sortie.getvalue()


ENTETE = "type;profession;nom;prenom"
LIGNE = "professionnel;infirmier;Martin;Anne"
FICHIERS = [
    ("xlsx-dimension-xfd3000", "membres.xlsx", _xlsx([["type", "nom"], ["druide", "Merlin"]], "A1:XFD3000"), "inconnu"),
    ("xlsx-5001-lignes", "membres.xlsx", _xlsx([["type", "nom"]] + [["professionnel", "X"]] * 5001), "5 000 membres"),
    ("xlsx-40-colonnes", "membres.xlsx", _xlsx([["type", "nom", *[f"c{i}" for i in range(38)]]]), "colonnes au plus"),
    ("xlsx-abime", "membres.xlsx", b"PK\x03\x04" + b"\x00" * 200, "illisible"),
    ("xlsx-pas-une-archive", "membres.xlsx", b"type;nom\n", "illisible"),
    ("xlsx-bombe", "membres.xlsx", _bombe(), "démesuré"),
    ("csv-une-colonne", "membres.csv", b"nom\nMartin\nDurand\n", "« type » manquante"),
    ("csv-separateurs-melanges", "membres.csv", f"type;profession,nom\n{LIGNE}\n".encode(), "séparateurs mélangés"),
    (
        "csv-separateur-change-en-route",
        "membres.csv",
        f"{ENTETE}\nprofessionnel,infirmier,Martin,Anne\n".encode(),
        "inconnu",
    ),
    (
        "csv-caractere-nul",
        "membres.csv",
        f"{ENTETE}\nprofessionnel;infirmier;Mar\x00tin;Anne\n".encode(),
        "caractère nul",
    ),
    (
        "csv-retour-ligne-dans-un-nom",
        "membres.csv",
        f'{ENTETE}\nprofessionnel;infirmier;"Mar\ntin";Anne\n'.encode(),
        "retour à la ligne",
    ),
    ("csv-5001-lignes", "membres.csv", (ENTETE + "\n" + (LIGNE + "\n") * 5001).encode(), "5 000 membres"),
    ("csv-31-colonnes", "membres.csv", ";".join(["type", "nom", *["x"] * 29]).encode(), "colonnes, 30 au plus"),
    ("csv-trop-lourd", "membres.csv", (ENTETE + "\n" + "x" * (import_membres.TAILLE_MAX + 1)).encode(), "trop lourd"),
    (
        "csv-cellule-demesuree",
        "membres.csv",
        f'{ENTETE}\nprofessionnel;infirmier;"{"x" * 200_000}";A\n'.encode(),
        "mal formé",
    ),
    (
        "csv-guillemet-non-ferme",
        "membres.csv",
        f'{ENTETE}\nprofessionnel;infirmier;"Martin;Anne\n'.encode(),
        "mal formé",
    ),
    ("csv-vide", "membres.csv", b"", "choisissez un fichier"),
    ("csv-intitules-seuls", "membres.csv", f"{ENTETE}\n".encode(), "aucune ligne"),
    ("csv-nom-demesure", "membres.csv", f"{ENTETE}\nprofessionnel;infirmier;{'x' * 500};Anne\n".encode(), "caractères"),
    ("csv-binaire", "membres.csv", bytes(range(1, 256)) * 10, "Import refusé"),
    ("texte-brut", "membres.txt", LIGNE.encode(), "formats acceptés"),
]


def _cas_fichiers() -> list[Cas]:
    cas = [
        televersement(nom, "dossiers:importer_membres", "fichier", fichier, contenu, attendu, (400,))
        for nom, fichier, contenu, attendu in FICHIERS
    ]
    cas += [
        televersement(
            "contrat-pas-un-pdf",
            "contrats:deposer_document",
            "document",
            "contrat.pdf",
            b"MZ\x90\x00",
            "n'est pas un PDF",
        ),
        televersement("contrat-pdf-vide", "contrats:deposer_document", "document", "contrat.pdf", b"", "vide"),
    ]
    return cas


# La commande `cpts`

COMMANDES = [
    (
        "echeancier-an-9999",
        ["echeancier", "--signature", "9999-06-01", "--taille", "2", "--missions", "acces:9999-06-01"],
        "bornes",
    ),
    (
        "echeancier-an-1",
        ["echeancier", "--signature", "0001-01-01", "--taille", "2", "--missions", "acces:2022-01-01"],
        "bornes",
    ),
    (
        "echeancier-mission-an-9999",
        ["echeancier", "--signature", "2022-06-01", "--taille", "2", "--missions", "acces:9999-01-01"],
        "bornes",
    ),
    (
        "echeancier-date-texte",
        ["echeancier", "--signature", "demain", "--taille", "2", "--missions", "acces:2022-01-01"],
        "date invalide",
    ),
    (
        "echeancier-taille-texte",
        ["echeancier", "--signature", "2022-06-01", "--taille", "deux", "--missions", "acces:2022-01-01"],
        "invalide",
    ),
    ("echeancier-sans-option", ["echeancier"], "obligatoire"),
    ("financement-an-9999", ["financement", "--date", "9999-12-31", "--taille", "2", "--missions", "acces"], "bornes"),
    ("etat-des-lieux-an-9999", ["etat-des-lieux", "--region", "84", "--date", "9999-12-31"], "bornes"),
    ("etat-des-lieux-an-1", ["etat-des-lieux", "--region", "84", "--date", "0001-01-01"], "bornes"),
    ("etat-des-lieux-date-texte", ["etat-des-lieux", "--region", "84", "--date", "hier"], "Date invalide"),
    ("etat-des-lieux-format", ["etat-des-lieux", "--region", "84", "--format", "xml"], "format"),
    ("commission-region-inconnue", ["commission", "composition", "--region", "99"], "Aucune commission"),
    ("commission-date-texte", ["commission", "composition", "--region", "84", "--date", "hier"], "date"),
    ("territoire-communes-texte", ["territoire", "--communes", "abc"], "abc"),
    ("couverture-niveau-inconnu", ["couverture", "--niveau", "lune"], "lune"),
    ("contrat-inconnu", ["contrat", "echeancier", "999999999"], "introuvable"),
    ("versements-jours-texte", ["versements", "--region", "84", "--jours", "abc"], "abc"),
    ("commande-inconnue", ["nexistepas"], "commande inconnue"),
    ("option-inconnue", ["dossiers", "--region", "84", "--couleur", "rouge"], "argument"),
]


def _cas_commandes() -> list[Cas]:
    return [commande(nom, arguments, attendu) for nom, arguments, attendu in COMMANDES]


def tous_les_cas() -> list[Cas]:
    return [*_cas_api(), *_cas_pages(), *_cas_fichiers(), *_cas_commandes()]
