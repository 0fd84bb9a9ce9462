"""Envoyer la requête d'un cas de la matrice : l'adresse (route, objet du côté voulu), l'identité du rôle (session
pour les pages, jeton personnel pour l'API), les données ; et l'empreinte de la base, pour voir qu'un refus n'écrit
rien."""

import json
import weakref

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from cpts.comptes.models import JetonApi
from tests.securite.matrice import Entree
from tests.securite.monde import ANONYME, Cote, Monde
from tests.securite.routes import parametres_du_chemin

APPLICATIONS_METIER = ("comptes", "dossiers", "territoires", "contrats", "commission", "comptabilite")


def est_api(route: str) -> bool:
    return " " in route


def _parametres_objet(objet: str, cote: Cote, jeton: JetonApi | None) -> dict[str, object]:
    """Les paramètres d'URL que les routes de cet objet attendent, sous chacun des noms qu'elles emploient."""
    cpts = cote.cpts.pk
    document = cote.depot.document_id
    valeurs: dict[str, dict[str, object]] = {
        "cpts": {"pk": cpts, "cpts_pk": cpts, "cpts_id": cpts},
        "membre": {"pk": cpts, "membre_pk": cote.membre.pk},
        "document": {"pk": cpts, "document_pk": document, "cpts_id": cpts, "document_id": document},
        "version": {
            "pk": cpts,
            "document_pk": document,
            "cpts_id": cpts,
            "document_id": document,
            "numero": cote.depot.numero,
        },
        "demande": {"pk": cpts, "demande_pk": cote.demande.pk},
        "decision": {"pk": cpts, "decision_pk": cote.decision.pk},
        "contrat": {"pk": cote.contrat.pk, "contrat_id": cote.contrat.pk},
        "mission": {"pk": cote.mission.pk},
        "avenant": {"pk": cote.avenant.pk},
        "paiement": {"pk": cote.paiement.pk},
        "indicateur": {"pk": cote.indicateur.pk, "contrat_id": cote.contrat.pk, "indicateur_id": cote.indicateur.pk},
        "dialogue": {"pk": cote.dialogue.pk},
        "exercice": {"cpts_pk": cpts, "cpts_id": cpts, "annee": cote.exercice.annee},
        "bilan": {"pk": cote.bilan.pk, "bilan_id": cote.bilan.pk},
        "region": {"code": cote.region},
        "commission": {"region": cote.region},
        "composition": {"pk": cote.composition.pk},
        "siege": {"pk": cote.siege.pk},
        "reunion": {"pk": cote.reunion.pk, "reunion_id": cote.reunion.pk},
        "point": {"pk": cote.point.pk},
        "scrutin": {"pk": cote.scrutin.pk, "scrutin_id": cote.scrutin.pk},
        "jeton": {"pk": jeton.pk if jeton else None},
    }
    return valeurs[objet]


def adresse(route: str, chemin: str, entree: Entree, cote: Cote | None, jeton: JetonApi | None) -> str:
    parametres = dict(entree.fixes)
    if entree.objet is not None:
        parametres |= _parametres_objet(entree.objet, cote, jeton)
    attendus = {nom: parametres[nom] for nom in parametres_du_chemin(chemin)}
    if est_api(route):
        return chemin.format(**attendus)
    return reverse(route, kwargs=attendus)


def jeton_du_cas(monde: Monde, role: str, cote: str) -> JetonApi | None:
    """Le jeton visé par une route « jeton » : le sien dedans, celui d'un autre compte dehors."""
    if cote == "dedans" and role != ANONYME:
        return monde.jetons[role][0]
    return monde.jeton_autre


def envoyer(
    monde: Monde, sessions: dict[str, str], role: str, route: str, methode: str, url: str, corps: dict | None
) -> HttpResponse:
    """Un fichier servi est lu jusqu'au bout : le client de test ferme alors la réponse et le fichier (la fermer
    soi-même signalerait une fin de requête, qui fermerait la connexion à la base au milieu de la transaction)."""
    client = Client()
    if est_api(route):
        entetes = {} if role == ANONYME else {"Authorization": f"Bearer {monde.jetons[role][1]}"}
        donnees = json.dumps(corps) if corps is not None else ""
        reponse = client.generic(methode, url, donnees, content_type="application/json", headers=entetes)
    else:
        if role != ANONYME:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
        reponse = client.get(url) if methode == "GET" else client.post(url, corps or {})
    if reponse.streaming:
        b"".join(reponse.streaming_content)
    return reponse


# Les connexions à PostgreSQL où la requête de l'empreinte est préparée.
PREPAREES: "weakref.WeakSet[object]" = weakref.WeakSet()


def empreinte() -> dict[str, int]:
    """Le nombre de lignes de chaque table métier (historiques compris : une modification y laisse une ligne), et
    des jetons révoqués ; en une seule requête, car elle est prise deux fois pour chaque écriture refusée.

    Sur PostgreSQL, la requête est préparée une fois par connexion : planifier ses quatre-vingts sous-requêtes prenait
    l'essentiel de ses 4 à 10 ms, pour un plan toujours le même (un parcours de chaque table), et l'empreinte est prise
    plus de deux mille fois par suite. PostgreSQL la replanifie seul si une table change."""
    tables = sorted(
        {
            modele._meta.db_table
            for label in APPLICATIONS_METIER
            for modele in apps.get_app_config(label).get_models()
            if not modele._meta.proxy
        }
    )
    nom = connection.ops.quote_name
    comptes = [f"(SELECT COUNT(*) FROM {nom(table)})" for table in tables]
    revoques = f"(SELECT COUNT(*) FROM {nom(JetonApi._meta.db_table)} WHERE revoque_le IS NOT NULL)"
    requete = f"SELECT {', '.join([*comptes, revoques])}"
    with connection.cursor() as curseur:
        if connection.vendor == "postgresql":
            if connection.connection not in PREPAREES:
                curseur.execute(f"PREPARE empreinte AS {requete}")
                PREPAREES.add(connection.connection)
            requete = "EXECUTE empreinte"
        curseur.execute(requete)
        ligne = curseur.fetchone()
    return dict(zip([*tables, "jetons révoqués"], ligne, strict=True))
