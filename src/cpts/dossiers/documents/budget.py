"""Le budget prévisionnel : comptes de charges et de produits du plan comptable des associations, contributions
volontaires en nature.
"""

from dataclasses import dataclass

from cpts.dossiers.documents.champs import Champ, Genre, ModeleDocument, Section
from cpts.dossiers.enums import TypeDocument


@dataclass(frozen=True)
class Compte:
    """Un compte du plan comptable associatif et ses postes (le premier poste « total » s'il n'y en a qu'un)."""

    numero: str
    libelle: str
    postes: tuple[tuple[str, str], ...]


def _compte(numero: str, libelle: str, *postes: tuple[str, str]) -> Compte:
    return Compte(numero, libelle, postes or ((f"c{numero}", libelle),))


CHARGES = (
    _compte(
        "60",
        "Achats",
        ("c60_prestations", "Prestations de services"),
        ("c60_matieres", "Achats matières et fournitures"),
        ("c60_fournitures", "Autres fournitures"),
    ),
    _compte(
        "61",
        "Services extérieurs",
        ("c61_locations", "Locations"),
        ("c61_entretien", "Entretien et réparation"),
        ("c61_assurance", "Assurance"),
        ("c61_documentation", "Documentation"),
    ),
    _compte(
        "62",
        "Autres services extérieurs",
        ("c62_honoraires", "Rémunérations intermédiaires et honoraires"),
        ("c62_publicite", "Publicité, publication"),
        ("c62_deplacements", "Déplacements, missions"),
        ("c62_bancaires", "Services bancaires, autres"),
    ),
    _compte(
        "63",
        "Impôts et taxes",
        ("c63_remunerations", "Impôts et taxes sur rémunération"),
        ("c63_autres", "Autres impôts et taxes"),
    ),
    _compte(
        "64",
        "Charges de personnel",
        ("c64_remunerations", "Rémunération des personnels"),
        ("c64_sociales", "Charges sociales"),
        ("c64_autres", "Autres charges de personnel"),
    ),
    _compte("65", "Autres charges de gestion courante"),
    _compte("66", "Charges financières"),
    _compte("67", "Charges exceptionnelles"),
    _compte("68", "Dotation aux amortissements"),
    Compte(
        "CI",
        "Charges indirectes",
        (
            ("ci_fixes", "Charges fixes de fonctionnement"),
            ("ci_financiers", "Frais financiers"),
            ("ci_autres", "Autres"),
        ),
    ),
)


PRODUITS = (
    _compte("70", "Vente de produits finis, prestations de services, marchandises"),
    _compte(
        "74",
        "Subventions d'exploitation",
        ("p74_ars", "Agence régionale de santé"),
        ("p74_etat", "État"),
        ("p74_region", "Région(s)"),
        ("p74_departement", "Département(s)"),
        ("p74_intercommunalite", "Intercommunalité(s) : EPCI"),
        ("p74_commune", "Commune(s)"),
        ("p74_organismes_sociaux", "Organismes sociaux"),
        ("p74_fonds_europeens", "Fonds européens"),
        ("p74_asp", "Agence de services et de paiement (emplois aidés)"),
        ("p74_etablissements_publics", "Autres établissements publics"),
        ("p74_aides_privees", "Aides privées"),
    ),
    _compte("75", "Autres produits de gestion courante", ("p75", "Autres produits de gestion courante")),
    _compte("76", "Produits financiers", ("p76", "Produits financiers")),
    _compte("78", "Reprises sur amortissements et provisions", ("p78", "Reprises sur amortissements et provisions")),
)


# « Dont cotisations, dons manuels ou legs » : une part du compte 75, hors du total.
DONT_COTISATIONS = ("p75_cotisations", "dont cotisations, dons manuels ou legs")


EMPLOIS_CONTRIBUTIONS = _compte(
    "86",
    "Emplois des contributions volontaires en nature",
    ("c86_secours", "Secours en nature"),
    ("c86_mise_a_disposition", "Mise à disposition gratuite de biens et prestations"),
    ("c86_benevoles", "Personnel bénévole"),
)


CONTRIBUTIONS = _compte(
    "87",
    "Contributions volontaires en nature",
    ("p87_benevolat", "Bénévolat"),
    ("p87_prestations", "Prestations en nature"),
    ("p87_dons", "Dons en nature"),
)


def _postes(comptes: tuple[Compte, ...]) -> tuple[Champ, ...]:
    return tuple(
        Champ(cle, f"{compte.numero} – {libelle}", Genre.MONTANT, requis=False)
        for compte in comptes
        for cle, libelle in compte.postes
    )


BUDGET = ModeleDocument(
    type=TypeDocument.BUDGET,
    titre="Budget prévisionnel du projet",
    source=(
        "Guide ARS Auvergne-Rhône-Alpes pour les porteurs de projet CPTS, « Budget prévisionnel du projet » : plan"
        " comptable des associations (règlement CRC n° 99-01)"
    ),
    champ_titre="exercice",
    sections=(
        Section("", "Exercice", (Champ("exercice", "Année du budget", Genre.ANNEE),)),
        Section("", "Charges", _postes(CHARGES)),
        Section(
            "",
            "Produits",
            (*_postes(PRODUITS), Champ(DONT_COTISATIONS[0], f"75 – {DONT_COTISATIONS[1]}", Genre.MONTANT, False)),
        ),
        Section("", "Contributions volontaires en nature", _postes((EMPLOIS_CONTRIBUTIONS, CONTRIBUTIONS))),
    ),
)
