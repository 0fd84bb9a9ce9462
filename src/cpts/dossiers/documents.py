"""Les modèles des documents du dossier, champ par champ, d'après le guide de l'ARS Auvergne-Rhône-Alpes
([ars-aura-guide]) : pré-projet (annexe 3, 14 items), projet de santé (annexe 4), fiche action (« Modèle de fiche
action ») et budget prévisionnel (plan comptable des associations, règlement CRC n° 99-01).

Un modèle dit quels champs saisir, lesquels sont requis au dépôt, et quelles annexes le dépôt fige depuis le
dossier (territoire, membres, association, fiches action, budgets). Les formulaires, la complétude, le PDF et
l'export lisent tous ce même modèle.
"""

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from cpts.dossiers.enums import MissionAci, TypeDocument


class Genre(StrEnum):
    TEXTE = "texte"  # plusieurs lignes
    LIGNE = "ligne"  # une ligne
    DATE = "date"
    CHOIX = "choix"
    MONTANT = "montant"
    ANNEE = "annee"


class Annexe(StrEnum):
    """Ce que le dépôt copie du dossier, tel qu'il est au moment du dépôt."""

    ASSOCIATION = "association"
    TERRITOIRE = "territoire"
    PROFESSIONNELS = "professionnels"
    STRUCTURES = "structures"
    FICHES = "fiches"
    BUDGETS = "budgets"


@dataclass(frozen=True)
class Champ:
    cle: str
    libelle: str
    genre: Genre = Genre.TEXTE
    requis: bool = True
    aide: str = ""
    choix: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Section:
    numero: str
    titre: str
    champs: tuple[Champ, ...] = ()
    annexe: Annexe | None = None


@dataclass(frozen=True)
class ModeleDocument:
    type: TypeDocument
    titre: str
    source: str
    sections: tuple[Section, ...]
    champ_titre: str | None = None  # le champ qui donne son intitulé au document (fiche action, budget)
    annexes_requises: tuple[Annexe, ...] = field(default=())

    def champs(self) -> Iterator[tuple[Section, Champ]]:
        for section in self.sections:
            for champ in section.champs:
                yield section, champ

    def champ(self, cle: str) -> Champ:
        for _, champ in self.champs():
            if champ.cle == cle:
                return champ
        raise KeyError(cle)


def _texte(cle: str, libelle: str, requis: bool = True, aide: str = "") -> Champ:
    return Champ(cle, libelle, Genre.TEXTE, requis, aide)


# Le diagnostic demandé au pré-projet (item 7) et au projet de santé (1.8).
DIAGNOSTIC = (
    _texte("diag_medecin_traitant", "L'accès à un médecin traitant"),
    _texte("diag_urgences_snp", "La fréquentation des urgences et l'organisation des soins non programmés"),
    _texte("diag_ruptures_parcours", "Les points de rupture dans les parcours de santé"),
    _texte("diag_prevention", "Les actions de prévention"),
)
AIDE_DIAGNOSTIC = (
    "Indicateurs d'état des lieux de l'existant, quantitatifs et qualitatifs ; prise en charge ou parcours "
    "patients posant problème."
)

PRE_PROJET = ModeleDocument(
    type=TypeDocument.PRE_PROJET,
    titre="Pré-projet de CPTS",
    source=(
        "Guide ARS Auvergne-Rhône-Alpes pour les porteurs de projet CPTS, annexe 3 : liste minimale des éléments à"
        " fournir"
    ),
    annexes_requises=(Annexe.TERRITOIRE, Annexe.PROFESSIONNELS),
    sections=(
        Section(
            "1",
            "Territoire d'action du projet",
            (_texte("territoire_precisions", "Précisions sur le territoire", requis=False),),
            Annexe.TERRITOIRE,
        ),
        Section(
            "2",
            "Nombre d'habitants",
            (
                _texte(
                    "population_precisions",
                    "Précisions sur la population",
                    requis=False,
                    aide="Une population supérieure à 15 000 habitants est attendue.",
                ),
            ),
        ),
        Section(
            "3",
            "Communication du projet",
            (
                _texte(
                    "communication",
                    "Avez-vous communiqué votre projet à l'ensemble des professionnels et établissements de santé "
                    "du territoire ?",
                ),
            ),
        ),
        Section("4", "Personnes impliquées dans la construction du projet", annexe=Annexe.PROFESSIONNELS),
        Section("5", "Services et établissements impliqués", annexe=Annexe.STRUCTURES),
        Section(
            "6",
            "Liens de coordination existants",
            (
                _texte(
                    "liens_coordination",
                    "Liens de coordination et modalités de travail existants entre les acteurs",
                    aide="Réunions communes, protocoles de prise en charge communs, messagerie sécurisée…",
                ),
            ),
        ),
        Section(
            "7",
            "Problématiques identifiées par le diagnostic",
            (*DIAGNOSTIC, _texte("diag_autres", "Autres thématiques", requis=False, aide=AIDE_DIAGNOSTIC)),
        ),
        Section(
            "8",
            "Moyens d'action envisagés",
            (
                _texte(
                    "moyens_actions",
                    "Moyens d'action envisagés pour répondre aux problématiques",
                    aide="Organisation, projets, systèmes d'information, réunions, protocoles communs…",
                ),
            ),
        ),
        Section(
            "9",
            "Objectifs visés",
            (
                _texte("objectifs_patients", "En faveur des patients du territoire"),
                _texte("objectifs_acteurs", "En faveur des acteurs impliqués"),
            ),
        ),
        Section(
            "10",
            "Calendrier de réalisation",
            (
                _texte("calendrier_construction", "Phase de construction"),
                Champ("date_depot_projet", "Dépôt du projet de santé prévu le", Genre.DATE),
                Champ("date_mise_en_oeuvre", "Début de mise en œuvre prévu le", Genre.DATE),
            ),
        ),
        Section(
            "11",
            "Autres formes de coordination sur le territoire",
            (
                _texte(
                    "autres_coordinations",
                    "Équipes de soins primaires, centres et maisons de santé, réseaux, PTA : quelles articulations ?",
                ),
            ),
        ),
        Section(
            "12",
            "Adéquation avec le PRS et les contrats locaux de santé",
            (_texte("adequation_prs_cls", "La CPTS est-elle en adéquation avec le PRS et le ou les CLS ?"),),
        ),
        Section(
            "13",
            "Rédaction du projet de santé",
            (
                Champ(
                    "redaction_projet",
                    "Pour la rédaction du projet de santé, vous souhaitez",
                    Genre.CHOIX,
                    choix=(
                        ("prestataire", "faire appel à un prestataire extérieur / cabinet privé"),
                        ("coordonnateur", "le faire faire par la ou le futur coordonnateur"),
                        ("professionnels", "le rédiger au sein de la CPTS par un groupe de professionnels de santé"),
                    ),
                    aide="La décision doit être prise et validée en bureau.",
                ),
            ),
        ),
        Section(
            "14",
            "Budget prévisionnel",
            (
                Champ("budget_communication", "Charges — communication", Genre.MONTANT, requis=False),
                Champ("budget_reunions", "Charges — frais de réunion (location, repas…)", Genre.MONTANT, requis=False),
                Champ(
                    "budget_remuneration",
                    "Charges — rémunération du coordonnateur ou indemnisation du temps d'écriture",
                    Genre.MONTANT,
                    requis=False,
                ),
                Champ("budget_autres_charges", "Charges — autres", Genre.MONTANT, requis=False),
                Champ("budget_subvention_ars", "Produits — subvention ARS (FIR)", Genre.MONTANT, requis=False),
                Champ("budget_autres_produits", "Produits — autres", Genre.MONTANT, requis=False),
            ),
        ),
    ),
)
CHARGES_PRE_PROJET = ("budget_communication", "budget_reunions", "budget_remuneration", "budget_autres_charges")
PRODUITS_PRE_PROJET = ("budget_subvention_ars", "budget_autres_produits")

PROJET_SANTE = ModeleDocument(
    type=TypeDocument.PROJET_SANTE,
    titre="Projet de santé de la CPTS",
    source="Guide ARS Auvergne-Rhône-Alpes pour les porteurs de projet CPTS, annexe 4 : modèle de projet de santé",
    annexes_requises=(Annexe.ASSOCIATION, Annexe.TERRITOIRE, Annexe.PROFESSIONNELS, Annexe.FICHES, Annexe.BUDGETS),
    sections=(
        Section("0", "Structure porteuse", (Champ("etabli_le", "Établi en date du", Genre.DATE),), Annexe.ASSOCIATION),
        Section("1.1", "Territoire d'action", annexe=Annexe.TERRITOIRE),
        Section(
            "1.2",
            "Patients concernés",
            (_texte("population_precisions", "Précisions sur la population concernée", requis=False),),
        ),
        Section(
            "1.3",
            "Offre existante",
            (
                _texte(
                    "offre_existante",
                    "Identification et analyse de l'offre existante en lien avec la CPTS",
                    aide="Offre de soins, médico-sociale, sociale, institutionnelle, de coordination…",
                ),
            ),
        ),
        Section("1.4", "Communication", (_texte("communication", "Communication du projet aux professionnels"),)),
        Section("1.5", "Gouvernance", (_texte("gouvernance", "Modalités d'organisation de la gouvernance"),)),
        Section("1.6", "Liste des acteurs", annexe=Annexe.PROFESSIONNELS),
        Section(
            "1.7",
            "Modalités de travail existantes",
            (_texte("modalites_travail", "Modalités de travail existantes entre les acteurs impliqués"),),
        ),
        Section(
            "1.8",
            "Problématiques identifiées",
            (
                *DIAGNOSTIC,
                _texte("diag_qualite", "La qualité des soins et la pertinence", requis=False),
                _texte(
                    "diag_accompagnement",
                    "L'accompagnement des professionnels de santé dans leur installation en zone sous-dense",
                    requis=False,
                ),
                _texte("diag_autres", "Autres thématiques", requis=False),
            ),
        ),
        Section(
            "2.1",
            "Objectifs",
            (
                _texte("objectifs_patients", "En faveur des patients du territoire"),
                _texte("objectifs_acteurs", "En faveur des acteurs impliqués"),
            ),
        ),
        Section(
            "2.2",
            "Modalités de mise en œuvre",
            (
                _texte("telemedecine", "Actions de télémédecine envisagées", requis=False),
                _texte("mission_acces", "Mission accès aux soins : médecin traitant et soins non programmés"),
                _texte("mission_parcours", "Mission parcours pluriprofessionnels"),
                _texte("mission_prevention", "Mission prévention"),
                _texte("mission_crise", "Mission crises sanitaires graves"),
                _texte("mission_qualite", "Mission complémentaire qualité et pertinence", requis=False),
                _texte("mission_accompagnement", "Mission complémentaire accompagnement des professionnels", False),
                _texte("calendrier_actions", "Calendrier de mise en œuvre des actions"),
            ),
            Annexe.FICHES,
        ),
        Section(
            "2.3",
            "Cohérence avec les acteurs et projets existants",
            (
                _texte("acteurs_existants", "Acteurs et projets existants en lien avec la CPTS"),
                _texte("articulations", "Articulations envisagées avec eux"),
            ),
        ),
        Section(
            "2.4",
            "Modalités d'évaluation",
            (
                _texte("indicateurs_quantitatifs", "Indicateurs quantitatifs d'activité ou de service rendu"),
                _texte("indicateurs_qualitatifs", "Indicateurs qualitatifs d'activité ou de service rendu"),
            ),
        ),
        Section(
            "2.5",
            "Système d'information",
            (
                _texte("si_actuels", "Systèmes d'information utilisés aujourd'hui pour communiquer"),
                _texte("si_besoins", "Besoins de partage et d'échange d'informations non couverts"),
                _texte("si_outil_regional", "Connaissance et usage de l'outil régional de coordination", False),
            ),
        ),
        Section("3.1", "Budget prévisionnel", annexe=Annexe.BUDGETS),
        Section(
            "3.2",
            "Soutenabilité financière",
            (_texte("soutenabilite", "Soutenabilité financière du projet à moyen terme"),),
        ),
    ),
)

FICHE_ACTION = ModeleDocument(
    type=TypeDocument.FICHE_ACTION,
    titre="Fiche action",
    source="Guide ARS Auvergne-Rhône-Alpes pour les porteurs de projet CPTS, « Modèle de fiche action »",
    champ_titre="intitule",
    sections=(
        Section(
            "",
            "Action",
            (
                Champ("intitule", "Intitulé de l'action", Genre.LIGNE),
                Champ("mission", "Mission ACI", Genre.CHOIX, choix=tuple(MissionAci.choices)),
                _texte("objectifs_prs", "Objectifs régionaux de référence au PRS", requis=False),
                _texte("diagnostic", "Principaux éléments du diagnostic territorial"),
                _texte("objectif_general", "Finalité / objectif général"),
                _texte("objectif_operationnel", "Objectif opérationnel"),
                _texte("description", "Description de l'action"),
                _texte("adherence", "Points d'adhérence avec les autres actions de la CPTS", requis=False),
                _texte("public", "Public bénéficiaire"),
                _texte("acteurs", "Acteurs de l'action"),
            ),
        ),
        Section(
            "",
            "Calendrier",
            (
                Champ("debut", "Début de l'action", Genre.DATE),
                _texte("etapes_cles", "Étapes clés"),
                Champ("fin", "Fin prévisionnelle", Genre.DATE),
            ),
        ),
        Section("", "Évaluation", (_texte("indicateurs", "Indicateurs de suivi et de résultat"),)),
    ),
)


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

MODELES: dict[str, ModeleDocument] = {
    modele.type: modele for modele in (PRE_PROJET, PROJET_SANTE, FICHE_ACTION, BUDGET)
}


def modele(type_document: str) -> ModeleDocument:
    return MODELES[type_document]


# Valeurs : le JSON garde des chaînes (dates ISO, montants décimaux exacts).


def montant(valeur: object) -> Decimal:
    if valeur in (None, ""):
        return Decimal(0)
    try:
        return Decimal(str(valeur))
    except InvalidOperation:
        return Decimal(0)


def date_de(valeur: object) -> datetime.date | None:
    if not valeur:
        return None
    try:
        return datetime.date.fromisoformat(str(valeur))
    except ValueError:
        return None


def vide(valeur: object) -> bool:
    return valeur is None or (isinstance(valeur, str) and not valeur.strip())


@dataclass(frozen=True)
class TotauxBudget:
    charges: Decimal
    produits: Decimal
    emplois_contributions: Decimal
    contributions: Decimal

    @property
    def equilibre(self) -> bool:
        return self.charges == self.produits and self.emplois_contributions == self.contributions


def _somme(contenu: Mapping[str, object], comptes: tuple[Compte, ...]) -> Decimal:
    return sum((montant(contenu.get(cle)) for compte in comptes for cle, _ in compte.postes), Decimal(0))


def totaux_budget(contenu: Mapping[str, object]) -> TotauxBudget:
    return TotauxBudget(
        charges=_somme(contenu, CHARGES),
        produits=_somme(contenu, PRODUITS),
        emplois_contributions=_somme(contenu, (EMPLOIS_CONTRIBUTIONS,)),
        contributions=_somme(contenu, (CONTRIBUTIONS,)),
    )


def totaux_pre_projet(contenu: Mapping[str, object]) -> tuple[Decimal, Decimal]:
    charges = sum((montant(contenu.get(cle)) for cle in CHARGES_PRE_PROJET), Decimal(0))
    produits = sum((montant(contenu.get(cle)) for cle in PRODUITS_PRE_PROJET), Decimal(0))
    return charges, produits


def _euros(valeur: Decimal) -> str:
    from cpts.affichage import montant as montant_fr

    return montant_fr(valeur, centimes=valeur != valeur.to_integral_value())


def manquants(modele_: ModeleDocument, contenu: Mapping[str, object], annexes: Mapping[str, object]) -> list[str]:
    """Ce qui empêche le dépôt, chaque message nommant l'item ou le champ : vide si le document est complet."""
    erreurs = []
    for section, champ in modele_.champs():
        if champ.requis and vide(contenu.get(champ.cle)):
            repere = f"item {section.numero}" if section.numero else section.titre.lower()
            erreurs.append(f"« {champ.libelle} » ({repere}) : à renseigner.")
    if Annexe.TERRITOIRE in modele_.annexes_requises and not (annexes.get(Annexe.TERRITOIRE) or {}).get("communes"):
        erreurs.append("Territoire d'action : aucun territoire n'est enregistré pour la CPTS (composez-le d'abord).")
    if Annexe.PROFESSIONNELS in modele_.annexes_requises and not annexes.get(Annexe.PROFESSIONNELS):
        erreurs.append("Personnes impliquées : déclarez au moins un professionnel de santé parmi les membres.")
    if Annexe.ASSOCIATION in modele_.annexes_requises and vide((annexes.get(Annexe.ASSOCIATION) or {}).get("nom")):
        erreurs.append("Structure porteuse : le nom de l'association est à renseigner sur la fiche de la CPTS.")
    erreurs += _controles(modele_, contenu)
    return erreurs


def _controles(modele_: ModeleDocument, contenu: Mapping[str, object]) -> list[str]:
    erreurs = []
    if modele_.type == TypeDocument.PRE_PROJET:
        charges, produits = totaux_pre_projet(contenu)
        if charges == 0:
            erreurs.append("Budget prévisionnel (item 14) : indiquez les charges prévues.")
        elif charges != produits:
            erreurs.append(
                f"Budget prévisionnel (item 14) non équilibré : {_euros(charges)} de charges pour "
                f"{_euros(produits)} de produits."
            )
        erreurs += _ordre(contenu, "date_depot_projet", "date_mise_en_oeuvre", "Le début de mise en œuvre (item 10)")
    elif modele_.type == TypeDocument.FICHE_ACTION:
        erreurs += _ordre(contenu, "debut", "fin", "La fin prévisionnelle de l'action")
    elif modele_.type == TypeDocument.BUDGET:
        totaux = totaux_budget(contenu)
        if totaux.charges == 0:
            erreurs.append("Budget prévisionnel : indiquez au moins une charge.")
        elif totaux.charges != totaux.produits:
            erreurs.append(
                f"Budget prévisionnel non équilibré : total des charges {_euros(totaux.charges)}, "
                f"total des produits {_euros(totaux.produits)}."
            )
        if totaux.emplois_contributions != totaux.contributions:
            erreurs.append(
                "Contributions volontaires en nature non équilibrées : emplois (86) "
                f"{_euros(totaux.emplois_contributions)}, contributions (87) {_euros(totaux.contributions)}."
            )
        if montant(contenu.get(DONT_COTISATIONS[0])) > montant(contenu.get("p75")):
            erreurs.append(
                "Les cotisations, dons manuels ou legs sont une part du compte 75 : ils ne le dépassent pas."
            )
    return erreurs


def _ordre(contenu: Mapping[str, object], avant: str, apres: str, libelle: str) -> list[str]:
    debut, fin = date_de(contenu.get(avant)), date_de(contenu.get(apres))
    if debut and fin and fin < debut:
        return [f"{libelle} ne peut précéder le {debut:%d/%m/%Y}."]
    return []
