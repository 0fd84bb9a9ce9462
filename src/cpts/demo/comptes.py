"""Les comptes de démonstration listés dans le README : un par rôle, avec un périmètre réaliste."""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from cpts.comptes.models import Utilisateur
from cpts.comptes.roles import Role
from cpts.dossiers.models import Cpts

# Mot de passe commun et public des comptes de démonstration (jamais créés en production).
MOT_DE_PASSE_DEMO = "demo-cpts-2026"


@dataclass(frozen=True)
class CompteDemo:
    identifiant: str
    prenom: str
    nom: str
    role: Role
    region: str = ""
    departements: list[str] = field(default_factory=list)
    cpts: tuple[str, ...] = ()


COMPTES = (
    CompteDemo("admin", "Alice", "Administratrice", Role.ADMINISTRATEUR),
    CompteDemo("agent.ars", "Bruno", "Agent ARS", Role.AGENT_ARS, region="84"),
    CompteDemo("agent.cpam", "Chloé", "Agent CPAM du Rhône", Role.AGENT_CPAM, departements=["69"]),
    CompteDemo("coordination", "David", "Coordinateur", Role.COORDINATEUR, cpts=("Monts du Lyonnais",)),
    # Un projet à la dynamique : son équipe écrit le pré-projet (cpts.demo.dossier).
    CompteDemo("coordination.preprojet", "Inès", "Coordinatrice", Role.COORDINATEUR, cpts=("Projet 69-21",)),
    CompteDemo("membre.cpr", "Emma", "Membre de CPR", Role.MEMBRE_CPR, region="84"),
    # Le secrétariat de la CPR : la coordination régionale de l'Assurance Maladie (agent CPAM de la région).
    CompteDemo("secretariat.cpr", "Gaël", "Secrétariat de la CPR", Role.AGENT_CPAM, region="84"),
    CompteDemo("lecteur", "Farid", "Lecteur national", Role.LECTEUR_NATIONAL),
)


def creer_comptes() -> int:
    """Crée les comptes absents ; un compte existant n'est pas touché (son mot de passe a pu changer).

    Le mot de passe, public et commun, est haché une fois pour tous : un hachage coûte par conception un quart de
    seconde et plus (PBKDF2), deux secondes pour les huit comptes à chaque préparation d'une installation."""
    crees = 0
    empreinte = ""
    for compte in COMPTES:
        utilisateur, cree = Utilisateur.objects.get_or_create(
            username=compte.identifiant,
            defaults={
                "first_name": compte.prenom,
                "last_name": compte.nom,
                "email": f"{compte.identifiant}@demo.pilotage-cpts.localhost",
                "role": compte.role,
                "region": compte.region,
                "departements": compte.departements,
                "is_staff": compte.role == Role.ADMINISTRATEUR,
                "is_superuser": compte.role == Role.ADMINISTRATEUR,
            },
        )
        if cree:
            empreinte = empreinte or make_password(MOT_DE_PASSE_DEMO)
            utilisateur.password = empreinte
            utilisateur.save(update_fields=["password"])
            crees += 1
    return crees


def rattacher_coordinateurs() -> None:
    """Les coordinateurs à leur CPTS, une fois le portefeuille importé (un rattachement existant reste)."""
    for compte in COMPTES:
        if compte.cpts:
            utilisateur = Utilisateur.objects.get(username=compte.identifiant)
            manquantes = Cpts.objects.filter(nom__in=compte.cpts, region="84").exclude(pk__in=utilisateur.cpts.all())
            if manquantes.exists():  # rien à ajouter : pas d'écriture (ni de version d'historique)
                utilisateur.cpts.add(*manquantes)
