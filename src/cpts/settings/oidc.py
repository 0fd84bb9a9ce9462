"""Connexion par OpenID Connect (ProConnect, Pro Santé Connect) : lue depuis l'environnement, coupée par défaut.

Un fournisseur n'est actif que si ses trois variables (émetteur, identifiant et secret du client) sont définies ;
une configuration à moitié remplie est une erreur en une ligne plutôt qu'un bouton qui échoue au premier clic.
"""

import os
from typing import Any
from urllib.parse import urlsplit

from cpts.settings.environnement import ConfigurationInvalide

# préfixe des variables → (identifiant dans les adresses, nom affiché, portées demandées par défaut)
FOURNISSEURS = {
    "PROCONNECT": ("proconnect", "ProConnect", "openid email given_name usual_name"),
    "PRO_SANTE_CONNECT": ("prosanteconnect", "Pro Santé Connect", "openid email scope_all"),
}

# Comment lire `email_verified` : « exige », la déclaration doit valoir vrai ; « garanti », le fournisseur certifie
# toutes les adresses qu'il rend (sans forcément le déclarer) et seule une déclaration fausse est refusée.
REGLES_EMAIL_VERIFIE = ("exige", "garanti")


def fournisseurs() -> dict[str, dict[str, Any]]:
    actifs: dict[str, dict[str, Any]] = {}
    for prefixe, (cle, nom, portees) in FOURNISSEURS.items():
        valeurs = {
            champ: os.environ.get(f"{prefixe}_{champ.upper()}", "")
            for champ in ("issuer", "client_id", "client_secret")
        }
        if not any(valeurs.values()):
            continue
        manquantes = [f"{prefixe}_{champ.upper()}" for champ, valeur in valeurs.items() if not valeur]
        if manquantes:
            raise ConfigurationInvalide(
                f"Connexion {nom} à moitié configurée : définissez aussi {', '.join(manquantes)} (ou aucune des trois)."
            )
        if urlsplit(valeurs["issuer"]).scheme not in ("https", "http"):
            raise ConfigurationInvalide(
                f"{prefixe}_ISSUER vaut « {valeurs['issuer']} » : indiquez l'adresse de l'émetteur, "
                "par exemple https://auth.agentconnect.gouv.fr/api/v2."
            )
        regle = os.environ.get(f"{prefixe}_EMAIL_VERIFIE") or "exige"
        if regle not in REGLES_EMAIL_VERIFIE:
            raise ConfigurationInvalide(
                f"{prefixe}_EMAIL_VERIFIE vaut « {regle} » : indiquez « exige » (l'adresse doit être déclarée "
                "vérifiée par le fournisseur) ou « garanti » (le fournisseur ne rend que des adresses vérifiées)."
            )
        actifs[cle] = {
            "nom": nom,
            **valeurs,
            "scopes": os.environ.get(f"{prefixe}_SCOPES") or portees,
            "email_verifie": regle,
        }
    return actifs


def origines(actifs: dict[str, dict[str, Any]]) -> list[str]:
    return sorted({"{0.scheme}://{0.netloc}".format(urlsplit(config["issuer"])) for config in actifs.values()})
