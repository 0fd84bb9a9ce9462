"""Les PDF de la plateforme sont balisés pour les lecteurs d'écran (PDF/UA-1), en français, avec la police
Marianne embarquée (RGAA 13.3) ; le pied de page ne laisse aucun texte saisi sortir de sa chaîne."""

import subprocess
import sys
from decimal import Decimal

from cpts import exports, pdf
from tests.pdf import structure_pdf, texte_pdf

COLONNES = [exports.Colonne("CPTS", lambda ligne: ligne[0]), exports.Colonne("Montant", lambda ligne: ligne[1])]


def _tableau(titre: str = "Contrats signés") -> bytes:
    return exports.contenu_pdf(titre, COLONNES, [("Monts du Lyonnais", Decimal("247125.00"))], ["Une note."])


def test_le_pdf_se_declare_balise_en_francais_avec_son_titre_affiche() -> None:
    structure = structure_pdf(_tableau())
    assert (structure.langue, structure.balise, structure.titre, structure.titre_affiche) == (
        "fr",
        True,
        "Contrats signés",
        True,
    )


def test_le_pdf_se_declare_conforme_a_pdf_ua_1() -> None:
    assert 'pdfuaid:part="1"' in structure_pdf(_tableau()).metadonnees


def test_le_titre_et_le_tableau_sont_balises_avec_leurs_entetes_de_colonnes() -> None:
    assert {"H1", "Table", "TR", "TH", "TD", "P"} <= structure_pdf(_tableau()).balises


def test_seule_la_police_marianne_est_utilisee_et_elle_est_embarquee() -> None:
    structure = structure_pdf(_tableau())
    assert structure.polices
    assert all(nom.startswith("Marianne") for nom in structure.polices)
    assert structure.polices_non_embarquees == frozenset()


def test_les_montants_s_ecrivent_a_la_francaise_dans_le_pdf() -> None:
    assert "Monts du Lyonnais 247 125,00" in texte_pdf(_tableau())


def test_un_pied_de_page_saisi_avec_guillemets_et_balises_reste_du_texte() -> None:
    titre = 'CPTS « Rive » "); } </style><h1>piège'
    contenu = pdf.document("pdf/tableau.html", {"tableau": pdf.Tableau(["A"], [["x"]]), "notes": []}, titre)
    assert texte_pdf(contenu).count('CPTS « Rive » "); } </style><h1>piège') == 2  # titre et pied de page


def test_la_chaine_css_du_pied_echappe_tout_ce_qui_n_est_ni_lettre_ni_chiffre() -> None:
    assert pdf.chaine_css('a"é') == '"a\\22 \\e9 "'


def test_une_commande_cpts_demarre_sans_charger_weasyprint() -> None:
    # Toute commande vérifie les adresses du site, dont les vues des PDF : WeasyPrint se charge au premier PDF.
    programme = (
        "import sys, django; django.setup(); from django.urls import get_resolver; "
        "get_resolver().url_patterns; print('weasyprint' in sys.modules)"
    )
    resultat = subprocess.run([sys.executable, "-c", programme], capture_output=True, text=True, check=True, timeout=60)
    assert resultat.stdout.strip() == "False"
