"""Le rapport d'un import ligne à ligne, un seul gabarit pour le portefeuille et les indicateurs : chaque ligne du
fichier a sa ligne du tableau, qui nomme ce qu'elle porte (la CPTS, l'indicateur), son résultat et ses raisons."""

import html
import re

from django.template.loader import render_to_string

from cpts.diagnostic.importation import LigneRapport as LigneIndicateur
from cpts.portefeuille.importation import LigneRapport as LigneCpts
from cpts.portefeuille.rapport import CREEE, REFUSEE, Rapport


def _lignes(contenu: str) -> list[list[str]]:
    corps = contenu[contenu.index("<tbody>") : contenu.index("</tbody>")]
    return [
        [" ".join(re.sub(r"<br>", " ", case).split()) for case in re.findall(r"<td>(.*?)</td>", ligne, re.S)]
        for ligne in re.findall(r"<tr>(.*?)</tr>", corps, re.S)
    ]


def test_le_rapport_du_portefeuille_nomme_la_cpts_de_chaque_ligne() -> None:
    rapport = Rapport("portefeuille.csv", essai=True)
    rapport.lignes += [
        LigneCpts(2, "CPTS du Haut-Exemple", CREEE),
        LigneCpts(3, "CPTS du Bas-Exemple", REFUSEE, ["communes : Code INSEE inconnu : 99999.", "siret : invalide."]),
    ]
    contenu = render_to_string("portefeuille/_rapport.html", {"rapport": rapport, "region": "84"})
    assert 'id="rapport-portefeuille"' in contenu
    assert '<th scope="col">CPTS</th>' in " ".join(contenu.split()).replace("> ", ">").replace(" <", "<")
    assert _lignes(contenu) == [
        ["2", "CPTS du Haut-Exemple", "créée", ""],
        ["3", "CPTS du Bas-Exemple", "refusée", "communes : Code INSEE inconnu : 99999. siret : invalide."],
    ]
    assert "Portefeuille de la région 84." in contenu
    assert "fichier « portefeuille.csv »" in contenu


def test_le_rapport_des_indicateurs_nomme_l_indicateur_de_chaque_ligne() -> None:
    rapport = Rapport("indicateurs.csv", essai=False)
    rapport.lignes.append(LigneIndicateur(2, "ald_patients", REFUSEE, ["valeur : nombre attendu."]))
    contenu = render_to_string("diagnostic/_rapport.html", {"rapport": rapport})
    assert 'id="rapport-indicateurs"' in contenu
    assert '<th scope="col">Indicateur</th>' in " ".join(contenu.split()).replace("> ", ">").replace(" <", "<")
    assert _lignes(contenu) == [["2", "ald_patients", "refusée", "valeur : nombre attendu."]]
    assert "au moins une ligne est refusée : rien n'a été écrit." in html.unescape(contenu)
