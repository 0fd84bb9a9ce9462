"""Le vrai fournisseur OpenID Connect de la suite (`tests/oidc/fournisseur.mjs`, paquet `oidc-provider` sous Node),
démarré sur la boucle locale, et l'aller-retour d'un navigateur minimal par ses pages de connexion."""

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

DOSSIER = Path(__file__).parent / "oidc"
SECRET = "secret-du-client-de-test"

# Les comptes du fournisseur : identifiant → ce qu'il dit de la personne (et la falsification voulue, s'il y en a).
COMPTES = {
    "camille": {"email": "camille.durand@ars.sante.fr", "email_verified": True, "given_name": "Camille"},
    "dominique": {"email": "dominique.petit@exemple.fr", "email_verified": True, "given_name": "Dominique"},
    "non-verifie": {"email": "claude.non.verifie@ars.sante.fr", "email_verified": False},
    # Sans déclaration `email_verified` du tout, comme certains fournisseurs qui ne rendent que des adresses vérifiées.
    "sans-declaration": {"email": "eden.sans.declaration@ars.sante.fr"},
    "inconnu": {"email": "personne.inconnue@ars.sante.fr", "email_verified": True},
    "audience": {"email": "alex.audience@ars.sante.fr", "email_verified": True, "falsification": "audience"},
    "expire": {"email": "sacha.expire@ars.sante.fr", "email_verified": True, "falsification": "expire"},
    "nonce": {"email": "lou.nonce@ars.sante.fr", "email_verified": True, "falsification": "nonce"},
    "signature": {"email": "noa.signature@ars.sante.fr", "email_verified": True, "falsification": "signature"},
}

# identifiant dans les adresses de la plateforme → client déclaré chez le fournisseur
CLIENTS = {
    # Comme ProConnect : les informations de l'utilisateur en JWT signé.
    "proconnect": {"client_id": "cpts-proconnect", "userinfo_signed_response_alg": "RS256"},
    "prosanteconnect": {"client_id": "cpts-pro-sante-connect"},
}
NOMS = {"proconnect": "ProConnect", "prosanteconnect": "Pro Santé Connect"}


@contextmanager
def fournisseur(sites: list[str]) -> Iterator[str]:
    """Démarre le fournisseur pour ces sites (adresses de retour permises) ; rend son émetteur, l'arrête en sortant."""
    clients = [
        {
            **client,
            "client_secret": SECRET,
            "redirect_uris": [f"{site}/comptes/oidc/{cle}/retour/" for site in sites],
            "post_logout_redirect_uris": [f"{site}/" for site in sites],
        }
        for cle, client in CLIENTS.items()
    ]
    configuration = json.dumps({"clients": clients, "comptes": COMPTES})
    processus = subprocess.Popen(
        ["node", str(DOSSIER / "fournisseur.mjs")],
        env={**os.environ, "FOURNISSEUR_OIDC": configuration, "NODE_NO_WARNINGS": "1"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        ligne = processus.stdout.readline()
        if not ligne:
            raise RuntimeError("Le fournisseur OpenID Connect de test n'a pas démarré (lancer `make test` l'installe).")
        yield json.loads(ligne)["issuer"]
    finally:
        processus.stdin.close()
        processus.wait(timeout=10)
        processus.stdout.close()


def configuration(issuer: str) -> dict[str, dict[str, str]]:
    """La valeur de OIDC_FOURNISSEURS pour ce fournisseur : deux clients, comme ProConnect et Pro Santé Connect."""
    return {
        cle: {
            "nom": NOMS[cle],
            "issuer": issuer,
            "client_id": client["client_id"],
            "client_secret": SECRET,
            "scopes": "openid email profile",
            "email_verifie": "exige",
        }
        for cle, client in CLIENTS.items()
    }


def se_faire_authentifier(adresse: str, identifiant: str, site: str = "http://testserver") -> str:
    """Suit les pages du fournisseur comme un navigateur, s'y identifie, et rend l'adresse de retour vers le site
    (avec le code et l'état), sans la visiter : le test la donne ensuite au client de test de Django."""
    session = requests.Session()
    while True:
        reponse = session.get(adresse, allow_redirects=False, timeout=10)
        if reponse.status_code == 200 and "/interaction/" in adresse:
            uid = urlsplit(adresse).path.rstrip("/").split("/")[-1]
            envoi = urljoin(adresse, f"/interaction/{uid}/connexion")
            reponse = session.post(envoi, data={"identifiant": identifiant}, allow_redirects=False, timeout=10)
        if reponse.status_code not in (302, 303):
            raise AssertionError(f"Le fournisseur a répondu {reponse.status_code} : {reponse.text[:300]}")
        adresse = urljoin(adresse, reponse.headers["Location"])
        if adresse.startswith(site):
            return adresse
