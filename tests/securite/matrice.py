"""La matrice des droits, écrite à la main : pour chaque route, l'objet dont elle parle et, par méthode, le profil
d'accès attendu. Les profils disent, rôle par rôle, l'issue attendue pour l'objet dans le périmètre (dedans) et
hors du périmètre (dehors). C'est une spécification : elle se lit dans le produit (ses règles, les commentaires
de `cpts.comptes.droits`), elle ne se calcule pas avec le code qu'elle vérifie.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from cpts.notifications.jetons import jeton_desabonnement
from tests.securite.monde import DEDANS, DEHORS, ROLES, Cote


class Issue(StrEnum):
    OUI = "O"  # accepté : ni 401, ni 403, ni 404, ni 5xx (un formulaire refusé en 200, 400, 409 ou 422 convient)
    NON = "N"  # refusé : 403 ; un anonyme est envoyé à la connexion (302), ou reçoit 401 de l'API
    SANS_EFFET = "S"  # accepté sans rien changer (le jeton d'un autre compte)
    INTROUVABLE = "I"  # 404 : introuvable, ou hors du périmètre (un objet que le rôle ne voit pas)


# Colonnes : anonyme, administrateur, lecteur national, agent ARS (région 84), agent CPAM (département 69), agent CPAM
# régional (84, secrétariat de la CPR), coordinateur de la CPTS dedans, membre de la CPR 84.
# Une case « O/N » : dedans, puis dehors ; une case simple vaut pour les deux côtés (ou pour une route sans objet).
# Un objet que le rôle ne voit pas (hors de son périmètre) est introuvable (I, 404) comme un objet absent ; un objet
# qu'il voit mais une action que son rôle ne permet pas est refusée (N, 403).
_PROFILS = """
profil            anon  admin  lecteur  ars   cpam69  cpam84  coord  cpr
public            O     O      O        O     O       O       O      O
racine_api        I     I      I        I     I       I       I      I
non_configure     I     I      I        I     I       I       I      I
invitation_coord  N     O      N        O     N       N       N      N
invitation_cpr    N     O      N        N     N       O       N      N
invitation_agent  N     O      N        N     N       N       N      N
connecte          N     O      O        O     O       O       O      O
inscription       N     O      N        O     O       O       N      N
lecture           N     O      O        O/I   O/I     O/I     O/I    O/I
modification      N     O      N        O/I   O/I     O/I     O/I    N/I
instruction       N     O      N        O/I   O/I     O/I     N/I    N/I
paiement          N     O      N        N/I   O/I     O/I     N/I    N/I
lecture_cpr       N     O      O        O/I   I       O/I     I      O/I
secretariat_cpr   N     O      N        N/I   I       O/I     I      N/I
votes_cpr         N     O      N        N/I   I       O/I     I      O/I
jeton             N     O/S    O/S      O/S   O/S     O/S     O/S    O/S
comptes           N     O      N        O/I   O/I     O/I     O/I    N/I
tenue_comptes     N     O      N        N/I   N/I     N/I     O/I    N/I
emploi_des_fonds  N     O      O        O     O       O       N      N
travail_d_autrui  N     I      I        I     I       I       I      I
"""


def _lire_profils(tableau: str) -> dict[str, dict[str, dict[str, Issue]]]:
    """profil → rôle → côté → issue."""
    entete, *lignes = [ligne.split() for ligne in tableau.strip().splitlines()]
    assert len(entete) == len(ROLES) + 1, "Une colonne par rôle."
    profils = {}
    for nom, *cases in lignes:
        profils[nom] = {}
        for role, case in zip(ROLES, cases, strict=True):
            dedans, _, dehors = case.partition("/")
            profils[nom][role] = {DEDANS: Issue(dedans), DEHORS: Issue(dehors or dedans)}
    return profils


PROFILS = _lire_profils(_PROFILS)

Corps = Callable[[Cote | None], dict[str, object]]


@dataclass(frozen=True)
class Entree:
    """objet : de quoi parle la route (None : sans objet) ; methodes : méthode → profil ; fixes : paramètres d'URL
    qui ne dépendent pas du côté ; corps : les données envoyées (JSON pour l'API), selon le côté."""

    objet: str | None
    methodes: dict[str, str]
    fixes: dict[str, object] = field(default_factory=dict)
    corps: Corps | None = None


def page(profil: str, objet: str | None = None, **fixes: object) -> Entree:
    return Entree(objet, {"GET": profil}, fixes)


def action(profil: str, objet: str | None = None, corps: Corps | None = None, **fixes: object) -> Entree:
    return Entree(objet, {"POST": profil}, fixes, corps)


def remplacement(profil: str, objet: str, corps: Corps) -> Entree:
    return Entree(objet, {"PUT": profil}, {}, corps)


def formulaire(profil: str, objet: str | None = None, envoi: str | None = None) -> Entree:
    """Une page de formulaire (GET) qui s'envoie à elle-même (POST), avec le même profil sauf mention."""
    return Entree(objet, {"GET": profil, "POST": envoi or profil})


# L'administration de Django : l'index et chaque liste de modèles enregistrés (test dédié).
ADMINISTRATION = Entree(None, {"GET": "administration"})


def _vote(cote: Cote | None) -> dict[str, object]:
    return {"siege": cote.siege.pk, "choix": "pour"}


MATRICE: dict[str, Entree] = {
    # Accueil, comptes (django.contrib.auth) et jetons d'API
    "accueil": page("public"),
    "sante": page("public"),
    "informations:accessibilite": page("public"),
    "informations:mentions_legales": page("public"),
    "informations:donnees_personnelles": page("public"),
    "login": page("public"),
    "logout": action("public"),
    "password_change": page("connecte"),
    "password_change_done": page("connecte"),
    "password_reset": page("public"),
    "password_reset_done": page("public"),
    "password_reset_confirm": page("public", uidb64="MQ", token="lien-perime"),
    "password_reset_complete": page("public"),
    "jetons": formulaire("connecte"),
    # Connexion par OpenID Connect : coupée par défaut, donc introuvable ici ; configurée, elle est éprouvée contre
    # un vrai fournisseur dans tests/www/comptes/test_oidc.py (ouverte à tous : c'est une page de connexion).
    "oidc_demarrer": page("non_configure", fournisseur="proconnect"),
    "oidc_retour": page("non_configure", fournisseur="proconnect"),
    # Invitations : un agent ARS invite des coordinateurs, le secrétariat de la CPR des membres, l'administrateur des
    # agents ; le lien reçu s'ouvre sans compte (un lien inventé : une page qui l'explique, en français).
    "invitations": page("connecte"),
    "inviter_coordinateur": formulaire("invitation_coord"),
    "inviter_membre_cpr": formulaire("invitation_cpr"),
    "inviter_agent": formulaire("invitation_agent"),
    "accepter_invitation": Entree(
        None, {"GET": "public", "POST": "public"}, {"jeton": "lien:invente:de-toutes-pieces"}
    ),
    "revoquer_jeton": action("jeton", "jeton"),
    # Désabonnement par le lien signé d'un courriel, sans connexion : celui d'un compte qui n'existe pas s'affiche, et
    # son envoi est refusé sur le fond (400, aucun compte).
    "courriels:desabonnement": Entree(
        None, {"GET": "public", "POST": "public"}, {"jeton": jeton_desabonnement(999_999, "convocation")}
    ),
    "admin:*": ADMINISTRATION,
    # Dossiers CPTS
    "dossiers:liste": page("connecte"),
    "dossiers:export": page("connecte", format="csv"),
    "dossiers:creer": formulaire("inscription"),
    "dossiers:detail": page("lecture", "cpts"),
    "dossiers:modifier": formulaire("modification", "cpts"),
    # Portefeuille d'une région (import et export) : les agents qui instruisent ; chaque ligne vérifie ensuite les
    # droits sur sa CPTS, l'export ne contient que les CPTS vues.
    "portefeuille:accueil": formulaire("inscription"),
    "portefeuille:confirmer": action("inscription"),
    # Le suivi d'un import n'est montré qu'à l'agent qui l'a lancé : celui d'un autre (ici, d'aucun) est introuvable.
    "portefeuille:suivi": page("travail_d_autrui", pk=999_999),
    "portefeuille:modele": page("inscription", format="csv"),
    "portefeuille:export": page("inscription", format="csv"),
    "dossiers:decider": action("instruction", "cpts"),
    "dossiers:rectifier_decision": formulaire("instruction", "decision"),
    "dossiers:membres": page("lecture", "cpts"),
    "dossiers:ajouter_membre": formulaire("modification", "cpts"),
    "dossiers:importer_membres": action("modification", "cpts"),
    "dossiers:membre": formulaire("modification", "membre"),
    "dossiers:retirer_membre": action("modification", "membre"),
    "dossiers:nouveau_document": action("modification", "cpts", type_document="fiche_action"),
    "dossiers:document": formulaire("lecture", "document", envoi="modification"),
    "dossiers:version": page("lecture", "version"),
    "dossiers:version_pdf": page("lecture", "version"),
    "dossiers:ecrire_note": action("instruction", "cpts"),
    "dossiers:demander": action("instruction", "cpts"),
    "dossiers:repondre": action("modification", "demande"),
    "dossiers:lever": action("instruction", "demande"),
    # Territoires : la composition libre est une simulation ouverte à tous ; celle d'une CPTS se prépare dans la
    # session de qui la voit, et ne s'enregistre que par qui peut modifier la CPTS.
    # Diagnostic territorial : le profil d'une CPTS pour qui la voit ; celui de la composition en cours comme le
    # compositeur ; la liste des indicateurs pour tous, leur import pour les agents qui instruisent.
    "diagnostic:cpts": page("lecture", "cpts"),
    "diagnostic:composition": page("connecte"),
    "diagnostic:composition_cpts": page("lecture", "cpts"),
    "diagnostic:indicateurs": formulaire("connecte", envoi="inscription"),
    # Le profil joint au projet de santé : lu par qui voit la CPTS, choisi par qui modifie son dossier.
    "diagnostic:projet_de_sante": formulaire("lecture", "cpts", envoi="modification"),
    "diagnostic:profil_fige": page("lecture", "version"),
    "territoires:composer": page("connecte"),
    "territoires:recherche": page("connecte"),
    "territoires:ajouter": action("connecte"),
    "territoires:ajouter_epci": action("connecte"),
    "territoires:retirer": action("connecte"),
    "territoires:vider": action("connecte"),
    "territoires:importer": action("connecte"),
    "territoires:carte": page("connecte"),
    "territoires:export": page("connecte", format="csv"),
    "territoires:composer_cpts": page("lecture", "cpts"),
    "territoires:recherche_cpts": page("lecture", "cpts"),
    "territoires:ajouter_cpts": action("lecture", "cpts"),
    "territoires:ajouter_epci_cpts": action("lecture", "cpts"),
    "territoires:retirer_cpts": action("lecture", "cpts"),
    "territoires:vider_cpts": action("lecture", "cpts"),
    "territoires:importer_cpts": action("lecture", "cpts"),
    "territoires:carte_cpts": page("lecture", "cpts"),
    "territoires:export_cpts": page("lecture", "cpts", format="csv"),
    "territoires:enregistrer": action("modification", "cpts"),
    "territoires:territoire_geojson": page("lecture", "cpts"),
    # Les cartes de région montrent à chacun les territoires de son périmètre seulement.
    "territoires:carte_region": page("connecte", "region"),
    "territoires:region_geojson": page("connecte", "region"),
    "territoires:couverture": page("connecte"),
    # Pilotage : tableaux de déploiement (agrégats publiables), alertes et décisions filtrées par le périmètre.
    # Emploi des fonds : comptes annuels (équipe de la CPTS et agents qui l'instruisent ; saisie par l'équipe),
    # conclusions du dialogue de gestion (agents), vue nationale anonyme (agents, lecteurs nationaux), données
    # ouvertes publiques.
    "comptabilite:exercices": formulaire("comptes", "cpts", envoi="tenue_comptes"),
    "comptabilite:correspondance": formulaire("comptes", "cpts", envoi="tenue_comptes"),
    "comptabilite:exercice": page("comptes", "exercice"),
    "comptabilite:saisie": formulaire("tenue_comptes", "exercice"),
    "comptabilite:fec": formulaire("tenue_comptes", "exercice"),
    "comptabilite:indemnites": formulaire("tenue_comptes", "exercice"),
    "comptabilite:deposer": action("tenue_comptes", "exercice"),
    "comptabilite:beneficiaires": page("comptes", "exercice"),
    "comptabilite:conclusions": action("instruction", "dialogue"),
    "comptabilite:national": page("emploi_des_fonds"),
    "comptabilite:donnees_ouvertes": page("public"),
    "GET /api/v1/cpts/{cpts_id}/comptes/{annee}": page("comptes", "exercice"),
    "GET /api/v1/emploi-des-fonds": page("emploi_des_fonds"),
    "pilotage:index": page("connecte"),
    "pilotage:region": page("connecte", "region"),
    "pilotage:tableau": page("connecte", code="etat-des-lieux"),
    # Commission paritaire régionale
    "commission:liste": page("connecte"),
    "commission:decisions": page("connecte"),
    "commission:commission": page("lecture_cpr", "commission"),
    "commission:nouvelle_composition": action("secretariat_cpr", "commission"),
    "commission:designer_president": action("secretariat_cpr", "commission"),
    "commission:nouvelle_reunion": formulaire("secretariat_cpr", "commission"),
    "commission:composition": page("lecture_cpr", "composition"),
    "commission:ajouter_siege": formulaire("secretariat_cpr", "composition"),
    "commission:verifier_siege": action("secretariat_cpr", "composition"),
    "commission:modifier_siege": formulaire("secretariat_cpr", "siege"),
    "commission:supprimer_siege": action("secretariat_cpr", "siege"),
    "commission:reunion": page("lecture_cpr", "reunion"),
    "commission:convoquer": action("secretariat_cpr", "reunion"),
    "commission:envoyer_ordre_du_jour": action("secretariat_cpr", "reunion"),
    "commission:ajouter_point": action("secretariat_cpr", "reunion"),
    "commission:emargement": formulaire("secretariat_cpr", "reunion"),
    "commission:ouvrir_seance": action("secretariat_cpr", "reunion"),
    "commission:lever_seance": action("secretariat_cpr", "reunion"),
    "commission:publier_releve": action("secretariat_cpr", "reunion"),
    "commission:annuler": action("secretariat_cpr", "reunion"),
    "commission:releve": page("lecture_cpr", "reunion"),
    "commission:releve_pdf": page("lecture_cpr", "reunion"),
    "commission:decision": formulaire("secretariat_cpr", "point"),
    "commission:ouvrir_scrutin": action("secretariat_cpr", "point"),
    # Le détail des votes est secret : membres et secrétariat seulement.
    "commission:scrutin": page("votes_cpr", "scrutin"),
    "commission:voter": action("votes_cpr", "scrutin"),
    "commission:clore_scrutin": action("secretariat_cpr", "scrutin"),
    # Contrats ACI : l'ARS et la CPAM enregistrent et suivent, la CPTS déclare ses valeurs, la CPAM paie.
    "contrats:liste": page("connecte"),
    "contrats:alertes": page("connecte"),
    "contrats:versements": page("connecte"),
    "contrats:signer": formulaire("instruction", "cpts"),
    "contrats:detail": page("lecture", "contrat"),
    "contrats:document": page("lecture", "contrat"),
    "contrats:deposer_document": action("instruction", "contrat"),
    "contrats:avenant": formulaire("instruction", "contrat"),
    "contrats:renouveler": formulaire("instruction", "contrat"),
    "contrats:echeancier": page("lecture", "contrat"),
    "contrats:payer": action("paiement", "contrat"),
    "contrats:indicateurs": page("lecture", "contrat"),
    "contrats:ajouter_indicateur": formulaire("instruction", "contrat"),
    "contrats:dialogues": formulaire("lecture", "contrat", envoi="instruction"),
    "contrats:mission": formulaire("instruction", "mission"),
    "contrats:document_avenant": page("lecture", "avenant"),
    "contrats:deposer_document_avenant": action("instruction", "avenant"),
    "contrats:annuler_paiement": action("paiement", "paiement"),
    "contrats:indicateur": formulaire("instruction", "indicateur"),
    "contrats:supprimer_indicateur": action("instruction", "indicateur"),
    "contrats:declarer_valeur": action("modification", "indicateur"),
    "contrats:dialogue": formulaire("lecture", "dialogue", envoi="instruction"),
    "contrats:compte_rendu": page("lecture", "dialogue"),
    "contrats:retenir": action("instruction", "bilan"),
    # Simulation du financement : un scénario libre est un calcul ouvert à tous (comme le compositeur) ; celui d'une
    # CPTS, pré-rempli de son dossier, se fait par qui voit ce dossier.
    "simulation:libre": page("connecte"),
    "simulation:export": page("connecte", format="xlsx"),
    "simulation:cpts": page("lecture", "cpts"),
    # Les droits ne dépendent pas du format ; le PDF (près d'une seconde de mise en page par demande, quatorze
    # demandes ici) est éprouvé par les tests de la simulation (`tests/www/simulation/test_pages.py`).
    "simulation:export_cpts": page("lecture", "cpts", format="xlsx"),
    # API : documentation publique ; tout le reste demande un jeton (ou une session) et suit les mêmes droits.
    "api:openapi-json": page("public"),
    "api:openapi-view": page("public"),
    "api:api-root": page("racine_api"),
    "GET /api/v1/cpts": page("connecte"),
    "GET /api/v1/cpts/{cpts_id}": page("lecture", "cpts"),
    "GET /api/v1/communes": page("connecte"),
    "GET /api/v1/communes/{code}": page("connecte", code="69014"),
    "POST /api/v1/territoires/resume": action("connecte", corps=lambda _: {"communes": ["69014"]}),
    "GET /api/v1/cpts/{cpts_id}/territoire": page("lecture", "cpts"),
    "GET /api/v1/diagnostic/indicateurs": page("connecte"),
    "GET /api/v1/diagnostic/cpts/{cpts_id}/profil": page("lecture", "cpts"),
    "POST /api/v1/diagnostic/profil": action("connecte", corps=lambda _: {"communes": ["69014"]}),
    "GET /api/v1/cpts/{cpts_id}/documents/{document_id}/versions/{numero}/profil": page("lecture", "version"),
    "GET /api/v1/couverture": page("connecte"),
    "PUT /api/v1/cpts/{cpts_id}/territoire": remplacement(
        "modification", "cpts", corps=lambda _: {"communes": ["69014"]}
    ),
    # Les tableaux de déploiement sont des agrégats publiés en CPR : tout compte connecté les lit, comme leurs pages.
    "GET /api/v1/pilotage/{code}": page("connecte", code="etat-des-lieux"),
    "GET /api/v1/portefeuille/{region}": page("inscription", region="84"),
    "POST /api/v1/portefeuille/{region}/import": action("inscription", region="84"),
    "GET /api/v1/portefeuille/travaux/{travail_id}": page("travail_d_autrui", travail_id=999_999),
    "GET /api/v1/dossiers/transitions": page("connecte"),
    "GET /api/v1/cpts/{cpts_id}/dossier": page("lecture", "cpts"),
    "GET /api/v1/cpts/{cpts_id}/decisions": page("lecture", "cpts"),
    # Une décision d'instruction (l'abandon) : l'équipe projet ne franchit que les étapes de dépôt.
    "POST /api/v1/cpts/{cpts_id}/decisions": action(
        "instruction",
        "cpts",
        corps=lambda _: {"transition": "abandonner", "date": "2024-01-15", "instance": "ars", "motif": "Matrice."},
    ),
    "GET /api/v1/cpts/{cpts_id}/membres": page("lecture", "cpts"),
    "POST /api/v1/cpts/{cpts_id}/membres": action(
        "modification", "cpts", corps=lambda _: {"type": "professionnel", "profession": "infirmier", "nom": "Matrice"}
    ),
    "GET /api/v1/cpts/{cpts_id}/documents": page("lecture", "cpts"),
    "POST /api/v1/cpts/{cpts_id}/documents/{type_document}": action(
        "modification", "cpts", type_document="fiche_action"
    ),
    "PUT /api/v1/cpts/{cpts_id}/documents/{document_id}/brouillon": remplacement(
        "modification", "document", corps=lambda _: {"valeurs": {}, "revision": 1}
    ),
    "POST /api/v1/cpts/{cpts_id}/documents/{document_id}/versions": action("modification", "document"),
    "GET /api/v1/cpts/{cpts_id}/documents/{document_id}/versions/{numero}": page("lecture", "version"),
    "POST /api/v1/regles/financement": action("connecte", corps=lambda _: {"date": "2023-01-01", "taille": 2}),
    "POST /api/v1/regles/echeancier": action("connecte", corps=lambda _: {"signature": "2022-06-15", "taille": 2}),
    "GET /api/v1/commission/commissions": page("connecte"),
    "GET /api/v1/commission/commissions/{region}/composition": page("lecture_cpr", "commission"),
    "GET /api/v1/commission/commissions/{region}/reunions": page("lecture_cpr", "commission"),
    "GET /api/v1/commission/reunions/{reunion_id}": page("lecture_cpr", "reunion"),
    "GET /api/v1/commission/scrutins/{scrutin_id}": page("votes_cpr", "scrutin"),
    "POST /api/v1/commission/scrutins/{scrutin_id}/votes": action("votes_cpr", "scrutin", corps=_vote),
    "GET /api/v1/contrats": page("connecte"),
    "GET /api/v1/contrats/alertes": page("connecte"),
    "GET /api/v1/contrats/versements-a-venir": page("connecte"),
    "GET /api/v1/contrats/{contrat_id}": page("lecture", "contrat"),
    "GET /api/v1/contrats/{contrat_id}/echeancier": page("lecture", "contrat"),
    "GET /api/v1/contrats/{contrat_id}/versements": page("lecture", "contrat"),
    "POST /api/v1/contrats/{contrat_id}/versements": action(
        "paiement",
        "contrat",
        corps=lambda _: {
            "annee_contrat": 1,
            "mission": "fonctionnement",
            "volet": "fixe",
            "nature": "avance",
            "montant": "1.00",
            "date": "2022-06-15",
            "reference": "VIR-MATRICE",
        },
    ),
    "GET /api/v1/contrats/{contrat_id}/indicateurs": page("lecture", "contrat"),
    "POST /api/v1/contrats/{contrat_id}/indicateurs/{indicateur_id}/valeurs": action(
        "modification", "indicateur", corps=lambda _: {"annee": 1, "valeur": "7"}
    ),
    "POST /api/v1/contrats/{contrat_id}/renouvellement": action(
        "instruction", "contrat", corps=lambda _: {"signature": "2026-01-05", "missions": {"acces": None}}
    ),
    "GET /api/v1/contrats/{contrat_id}/dialogues": page("lecture", "contrat"),
    "POST /api/v1/contrats/{contrat_id}/dialogues": action(
        "instruction", "contrat", corps=lambda _: {"annee": 2, "date": "2024-06-15", "participants": "CPTS, CPAM"}
    ),
    "POST /api/v1/contrats/bilans/{bilan_id}/atteinte": action(
        "instruction", "bilan", corps=lambda _: {"taux": "0.5", "motif": "Matrice."}
    ),
}
