"""Le profil en texte : chaque case telle qu'elle s'affiche, s'exporte et se lit par l'API (« 30,6 % », « 4 100 »,
« secret statistique »). Une valeur masquée n'existe nulle part ailleurs qu'ici, sous ce mot."""

import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.core.cache import cache

from cpts import affichage
from cpts.diagnostic.profil import DUREE_CACHE, LigneProfil, Profil, demande, profil_de
from cpts.dossiers.models import Cpts
from cpts.regles.diagnostic import Agregat, Masque, Nature

MOTS = {
    Masque.SECRET: "secret statistique",
    Masque.COMPLEMENTAIRE: "secret statistique",
    Masque.INCOMPLET: "non disponible",
    Masque.NON_AGREGEABLE: "non agrégeable",
}


def nombre(ligne: LigneProfil, valeur: Decimal | None) -> str:
    if valeur is None:
        return "—"
    if ligne.nature == Nature.TAUX:
        return affichage.pourcentage(valeur, 1)
    if valeur == valeur.to_integral_value() and ligne.nature == Nature.EFFECTIF:
        return affichage.nombre(valeur, 0)
    return affichage.nombre(valeur, 1)


# À la suite d'une valeur de département, de région ou de la France que la source n'a pas publiée.
MARQUE_CALCULEE = " (calculé)"


def texte(ligne: LigneProfil, agregat: Agregat | None, calculee: bool = False) -> str:
    if agregat is None:
        return "—"
    if agregat.masque is not None:
        return MOTS[agregat.masque]
    return nombre(ligne, agregat.valeur) + (MARQUE_CALCULEE if calculee else "")


def cases(ligne: LigneProfil) -> list[str]:
    """Territoire, département, région, France."""
    comparaisons = zip(ligne.comparaisons, ligne.calculees, strict=True)
    return [texte(ligne, ligne.territoire), *(texte(ligne, agregat, calculee) for agregat, calculee in comparaisons)]


def repartition(ligne: LigneProfil) -> list[str]:
    """Médiane, minimum, maximum des CPTS du département."""
    if ligne.distribution is None:
        return ["", "", ""]
    d = ligne.distribution
    return [nombre(ligne, d.mediane), nombre(ligne, d.minimum), nombre(ligne, d.maximum)]


def lignes_export(profil: Profil) -> Iterator[dict[str, str]]:
    """Une ligne par indicateur, pour les exports XLSX et PDF : les mêmes cases que la page."""
    for theme in profil.themes:
        for ligne in theme.lignes:
            territoire, departement, region, france = cases(ligne)
            mediane, minimum, maximum = repartition(ligne)
            yield {
                "theme": theme.nom,
                "indicateur": ligne.libelle,
                "unite": ligne.unite,
                "annee": str(ligne.annee or ""),
                "territoire": territoire,
                "departement": departement,
                "region": region,
                "france": france,
                "objectif_intermediaire": ligne.objectif_intermediaire,
                "objectif_cible": ligne.objectif_cible,
                "mediane": mediane,
                "minimum": minimum,
                "maximum": maximum,
                "source": ligne.source,
            }


def _case(ligne: LigneProfil, agregat: Agregat | None, calculee: bool = False) -> dict[str, Any] | None:
    if agregat is None:
        return None
    valeur = agregat.valeur
    return {
        "valeur": float(valeur) if valeur is not None else None,
        "texte": texte(ligne, agregat, calculee),
        "masque": agregat.masque.value if agregat.masque else None,
        "calculee": calculee,
    }


def en_json(profil: Profil) -> dict[str, Any]:
    """Le profil en données simples : la réponse de l'API et le profil figé au dépôt d'un projet de santé."""
    themes = []
    for theme in profil.themes:
        lignes = []
        for ligne in theme.lignes:
            comparaisons = zip(ligne.comparaisons, ligne.calculees, strict=True)
            departement, region, france = (_case(ligne, agregat, calculee) for agregat, calculee in comparaisons)
            d = ligne.distribution
            lignes.append(
                {
                    "code": ligne.code,
                    "libelle": ligne.libelle,
                    "unite": ligne.unite,
                    "nature": ligne.nature.value,
                    "annee": ligne.annee,
                    "source": ligne.source,
                    "territoire": _case(ligne, ligne.territoire),
                    "departement": departement,
                    "region": region,
                    "france": france,
                    "objectif_intermediaire": ligne.objectif_intermediaire,
                    "objectif_cible": ligne.objectif_cible,
                    "repartition_cpts_departement": (
                        {
                            "mediane": float(d.mediane),
                            "minimum": float(d.minimum),
                            "maximum": float(d.maximum),
                            "textes": repartition(ligne),
                        }
                        if d
                        else None
                    ),
                }
            )
        themes.append({"nom": theme.nom, "lignes": lignes})
    return {
        "titre": profil.titre,
        "communes": profil.communes,
        "departement": profil.departement[0] if profil.departement else None,
        "region": profil.region[0] if profil.region else None,
        "colonnes": profil.colonnes,
        "seuil_secret": profil.seuil,
        "themes": themes,
    }


def json_du_profil(codes: Sequence[str], cpts: Cpts | None = None) -> bytes:
    """Le profil en JSON (la réponse de l'API), écrit une fois sous la clé du profil puis relu tel quel : les
    lectures suivantes ne refont ni le calcul ni l'écriture des 50 lignes."""
    demande_ = demande(codes, cpts)
    cle = f"{demande_.cle}:json"
    contenu = cache.get(cle)
    if contenu is None:
        contenu = json.dumps(en_json(profil_de(demande_)), ensure_ascii=False).encode()
        cache.set(cle, contenu, DUREE_CACHE)
    return contenu
