"""Le profil en texte : chaque case telle qu'elle s'affiche, s'exporte et se lit par l'API (« 30,6 % », « 4 100 »,
« secret statistique »). Une valeur masquée n'existe nulle part ailleurs qu'ici, sous ce mot."""

from collections.abc import Iterator
from decimal import Decimal

from cpts import affichage
from cpts.diagnostic.profil import LigneProfil, Profil
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


def texte(ligne: LigneProfil, agregat: Agregat | None) -> str:
    if agregat is None:
        return "—"
    if agregat.masque is not None:
        return MOTS[agregat.masque]
    return nombre(ligne, agregat.valeur)


def cases(ligne: LigneProfil) -> list[str]:
    """Territoire, département, région, France."""
    return [texte(ligne, ligne.territoire), *(texte(ligne, agregat) for agregat in ligne.comparaisons)]


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
