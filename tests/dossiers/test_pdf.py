"""Chaque type de document déposé se rend en PDF ; le texte extrait du PDF contient les valeurs saisies."""

import pytest

from cpts.dossiers import pdf
from cpts.dossiers.enums import TypeDocument
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories, parcours
from tests.pdf import structure_pdf, texte_pdf

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture
def cpts() -> object:
    cpts = factories.CptsFactory(nom="Monts du Lyonnais", avec_territoire=True, avec_association=True)
    parcours.equipe_pluriprofessionnelle(cpts)
    factories.MembreFactory(cpts=cpts, nom="Lefèvre", prenom="Zoé", profession="sage_femme")
    return cpts


@pytest.fixture
def auteur() -> object:
    return UtilisateurFactory(first_name="Claire", last_name="Coordinatrice")


def test_le_pdf_du_pre_projet_contient_les_items_saisis(cpts: object, auteur: object) -> None:
    valeurs = factories.valeurs_pre_projet(moyens_actions="Une coordinatrice à mi-temps, « Mes Patients » et œuvre.")
    texte = texte_pdf(pdf.rendre(parcours.depot_direct(cpts, TypeDocument.PRE_PROJET, valeurs, auteur)))
    assert "Pré-projet de CPTS — Monts du Lyonnais" in texte
    assert "Une coordinatrice à mi-temps, « Mes Patients » et œuvre." in texte
    assert "Saint-Symphorien-sur-Coise" in texte  # le territoire figé au dépôt
    assert "Lefèvre Zoé" in texte  # les personnes impliquées (item 4)
    assert "le faire faire par la ou le futur coordonnateur" in texte
    assert "01/12/2024" in texte
    assert "15 000,00 €" in texte
    assert "par Claire Coordinatrice" in texte


def test_le_pdf_du_projet_de_sante_contient_ses_sections_et_l_association(cpts: object, auteur: object) -> None:
    valeurs = factories.valeurs_projet_sante(gouvernance="Un bureau de six membres élus pour trois ans.")
    texte = texte_pdf(pdf.rendre(parcours.depot_direct(cpts, TypeDocument.PROJET_SANTE, valeurs, auteur)))
    assert "1.5. Gouvernance" in texte
    assert "Un bureau de six membres élus pour trois ans." in texte
    assert factories.SIRET_VALIDE in texte


def test_le_pdf_d_une_fiche_action_contient_sa_mission_et_son_calendrier(cpts: object, auteur: object) -> None:
    valeurs = factories.valeurs_fiche("prevention", intitule="Dépistage du cancer colorectal")
    texte = texte_pdf(pdf.rendre(parcours.depot_direct(cpts, TypeDocument.FICHE_ACTION, valeurs, auteur)))
    assert "Dépistage du cancer colorectal" in texte
    assert "Prévention" in texte
    assert "31/12/2025" in texte


def test_le_pdf_du_budget_presente_charges_et_produits_par_compte(cpts: object, auteur: object) -> None:
    texte = texte_pdf(pdf.rendre(parcours.depot_direct(cpts, TypeDocument.BUDGET, factories.valeurs_budget(), auteur)))
    assert "Exercice 2025" in texte
    assert "64 – Charges de personnel 40 000,00 €" in texte
    assert "Agence régionale de santé 15 000,00 €" in texte
    assert "Total des charges 50 000,00 €" in texte
    assert "Total des produits 50 000,00 €" in texte


def test_le_pdf_d_un_depot_est_balise_en_francais_avec_ses_titres_et_marianne(cpts: object, auteur: object) -> None:
    valeurs = factories.valeurs_projet_sante()
    structure = structure_pdf(pdf.rendre(parcours.depot_direct(cpts, TypeDocument.PROJET_SANTE, valeurs, auteur)))
    assert (structure.langue, structure.balise, structure.titre) == (
        "fr",
        True,
        "Projet de santé de la CPTS — Monts du Lyonnais",
    )
    assert {"H1", "H2", "Table", "TH"} <= structure.balises
    assert all(nom.startswith("Marianne") for nom in structure.polices)
