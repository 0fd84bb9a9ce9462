"""Les modèles rédigés (pré-projet, projet de santé, fiche action) et le modèle de chaque type de document."""

from cpts.dossiers.documents.budget import BUDGET
from cpts.dossiers.documents.champs import Annexe, Champ, Genre, ModeleDocument, Section, _texte
from cpts.dossiers.enums import MissionAci, TypeDocument

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


MODELES: dict[str, ModeleDocument] = {
    modele.type: modele for modele in (PRE_PROJET, PROJET_SANTE, FICHE_ACTION, BUDGET)
}


def modele(type_document: str) -> ModeleDocument:
    return MODELES[type_document]
