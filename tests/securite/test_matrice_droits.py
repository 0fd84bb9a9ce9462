"""L'autorisation prouvée : chaque route (page ou opération de l'API) est demandée par chaque rôle, pour un objet
dans son périmètre et un objet hors de son périmètre, et répond ce que dit la matrice (`tests.securite.matrice`).
Une route nouvelle sans entrée dans la matrice fait échouer la suite, comme une entrée dont la route a disparu."""

from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.http import HttpResponse
from django.urls import reverse

from tests.securite.matrice import ADMINISTRATION, MATRICE, PROFILS, Issue
from tests.securite.monde import ANONYME, DEDANS, DEHORS, ROLES, Monde
from tests.securite.requetes import adresse, empreinte, envoyer, est_api, jeton_du_cas
from tests.securite.routes import toutes_les_routes

pytestmark = pytest.mark.django_db

ROUTES = toutes_les_routes()
ESPACES_ENTIERS = {cle.removesuffix("*") for cle in MATRICE if cle.endswith(":*")}


@dataclass(frozen=True)
class Cas:
    route: str
    methode: str
    role: str
    cote: str | None
    attendu: Issue

    @property
    def nom(self) -> str:
        methode = "" if est_api(self.route) or self.methode == "GET" else f"-{self.methode}"
        return f"{self.route}{methode}-{self.role}" + (f"-{self.cote}" if self.cote else "")


def _cas() -> list[Cas]:
    return [
        Cas(route, methode, role, cote, PROFILS[profil][role][cote or DEDANS])
        for route, entree in MATRICE.items()
        if entree is not ADMINISTRATION
        for methode, profil in entree.methodes.items()
        for role in ROLES
        for cote in ((DEDANS, DEHORS) if entree.objet else (None,))
    ]


CAS = _cas()


def _couverte(route: str) -> bool:
    return route in MATRICE or any(route.startswith(espace) for espace in ESPACES_ENTIERS)


def test_chaque_route_a_son_entree_dans_la_matrice() -> None:
    oubliees = sorted(route for route in ROUTES if not _couverte(route))
    assert not oubliees, (
        "Routes sans entrée dans la matrice des droits (tests/securite/matrice.py) : dites qui peut les "
        "demander : " + ", ".join(oubliees)
    )


def test_chaque_entree_de_la_matrice_designe_une_route_qui_existe() -> None:
    disparues = sorted(
        cle
        for cle in MATRICE
        if cle not in ROUTES and not (cle.endswith(":*") and any(r.startswith(cle[:-1]) for r in ROUTES))
    )
    assert not disparues, "Entrées de la matrice dont la route n'existe plus : " + ", ".join(disparues)


def test_une_entree_de_l_api_porte_la_methode_de_son_operation() -> None:
    discordantes = [
        cle for cle, entree in MATRICE.items() if est_api(cle) and list(entree.methodes) != [cle.split(" ")[0]]
    ]
    assert not discordantes, "Méthodes de la matrice différentes de celles des opérations : " + ", ".join(discordantes)


def _vers_la_connexion(reponse: HttpResponse) -> bool:
    return reponse.status_code == 302 and reponse["Location"].startswith(f"{reverse('login')}?next=")


def _verifier(cas: Cas, reponse: HttpResponse, url: str) -> None:
    statut = reponse.status_code
    contexte = f"{cas.methode} {url} par {cas.role} : {statut}"
    assert statut < 500, f"Erreur serveur : {contexte}"
    if cas.attendu == Issue.OUI:
        assert not _vers_la_connexion(reponse), f"Renvoyé à la connexion : {contexte}"
        # Un envoi vide peut être refusé sur le fond (formulaire en erreur, 409, 422), jamais pour les droits.
        acceptes = (200, 302) if cas.methode == "GET" else range(200, 500)
        assert statut in acceptes, f"Refusé à tort : {contexte}"
        assert statut not in (401, 403, 404, 405), f"Refusé à tort : {contexte}"
    elif cas.attendu == Issue.SANS_EFFET:
        assert statut < 400, f"Réponse en erreur : {contexte}"
    elif cas.attendu == Issue.INTROUVABLE:
        assert statut == 404, f"Devrait être introuvable : {contexte}"
    elif cas.role != ANONYME:
        assert statut == 403, f"Devrait être refusé (403) : {contexte}"
    elif est_api(cas.route):
        assert statut == 401, f"Devrait demander un jeton (401) : {contexte}"
    else:
        assert _vers_la_connexion(reponse), f"Devrait renvoyer à la connexion : {contexte}"


@pytest.mark.parametrize("cas", CAS, ids=[cas.nom for cas in CAS])
def test_la_route_repond_selon_la_matrice(cas: Cas, monde: tuple[Monde, dict[str, str]]) -> None:
    objets, sessions = monde
    entree = MATRICE[cas.route]
    cote = objets.cotes[cas.cote] if cas.cote else None
    jeton = jeton_du_cas(objets, cas.role, cas.cote) if entree.objet == "jeton" else None
    url = adresse(cas.route, ROUTES[cas.route], entree, cote, jeton)
    corps = entree.corps(cote) if entree.corps else None
    ecriture_refusee = cas.methode != "GET" and cas.attendu != Issue.OUI
    avant = empreinte() if ecriture_refusee else None
    reponse = envoyer(objets, sessions, cas.role, cas.route, cas.methode, url, corps)
    _verifier(cas, reponse, url)
    if ecriture_refusee:
        assert empreinte() == avant, f"Une écriture refusée a changé la base : {cas.methode} {url} par {cas.role}"


ECRITURES_SEULES = sorted(
    route
    for route, entree in MATRICE.items()
    if not est_api(route) and entree.objet != "jeton" and "GET" not in entree.methodes
)


@pytest.mark.parametrize("route", ECRITURES_SEULES)
def test_une_route_d_ecriture_refuse_la_lecture(route: str, monde: tuple[Monde, dict[str, str]]) -> None:
    objets, sessions = monde
    entree = MATRICE[route]
    cote = objets.cotes[DEDANS] if entree.objet else None
    url = adresse(route, ROUTES[route], entree, cote, None)
    assert envoyer(objets, sessions, "administrateur", route, "GET", url, None).status_code == 405


ADRESSES_ADMINISTRATION = [
    "admin:index",
    *sorted(f"admin:{modele._meta.app_label}_{modele._meta.model_name}_changelist" for modele in admin.site._registry),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("nom", ADRESSES_ADMINISTRATION)
def test_seul_l_administrateur_entre_dans_l_administration_de_django(
    nom: str, role: str, monde: tuple[Monde, dict[str, str]]
) -> None:
    objets, sessions = monde
    reponse = envoyer(objets, sessions, role, nom, "GET", reverse(nom), None)
    if role == "administrateur":
        assert reponse.status_code == 200
    else:
        assert reponse.status_code == 302
        assert reponse["Location"].startswith(reverse("admin:login"))
