"""Le portefeuille d'une région en fiches, puis en fichier CSV (Excel en français) ou XLSX.

Une ligne par CPTS de la région (les projets fusionnés vivent dans la CPTS qui les a absorbés : ils ne sont pas
exportés), triées par département puis par nom : deux exports des mêmes données sont identiques.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from cpts import exports
from cpts.contrats.models import Contrat, MissionContrat
from cpts.dossiers.enums import Etape, TransitionEtape
from cpts.dossiers.models import Cpts, DecisionEtape
from cpts.portefeuille.format import COLONNES, ContratFiche, Decision, Fiche, ligne
from cpts.territoires.models import Territoire

# La décision qui mène à chaque étape du fichier (la validation tacite vaut validation du projet de santé).
COLONNE_DE_TRANSITION = {
    TransitionEtape.DEPOSER_PRE_PROJET: "lettre_intention",
    TransitionEtape.VALIDER_PRE_PROJET: "pre_projet_valide",
    TransitionEtape.DEPOSER_PROJET_SANTE: "projet_sante_depose",
    TransitionEtape.VALIDER_PROJET_SANTE: "projet_sante_valide",
    TransitionEtape.CONSTATER_VALIDATION_TACITE: "projet_sante_valide",
    TransitionEtape.SIGNER_CONTRAT: "contrat_signe",
    TransitionEtape.ABANDONNER: "abandon",
}


def selection(region: str, projets: QuerySet[Cpts] | None = None) -> Iterable[Cpts]:
    """`projets` : ceux que le demandeur peut voir (pages, API) ; tous pour la commande de l'exploitant."""
    projets = Cpts.objects.all() if projets is None else projets
    return avec_dossier(projets.filter(region=region).exclude(etape=Etape.FUSIONNE))


def avec_dossier(projets: QuerySet[Cpts]) -> QuerySet[Cpts]:
    """Ce que lit `fiche_de`, en un nombre fixe de requêtes."""
    return projets.prefetch_related(
        Prefetch("decisions", queryset=DecisionEtape.objects.order_by("date", "pk")),
        Prefetch(
            "territoires",
            queryset=Territoire.objects.en_cours().prefetch_related("unites"),
            to_attr="territoires_en_cours",
        ),
        Prefetch(
            "contrats",
            queryset=Contrat.objects.order_by("-signature", "-pk").prefetch_related(
                Prefetch("missions", queryset=MissionContrat.objects.filter(ajoutee_par__isnull=True).order_by("pk"))
            ),
        ),
    )


def fiche_de(cpts: Cpts) -> Fiche:
    """La fiche d'une CPTS lue avec `selection` : à chaque étape, la dernière décision qui y a mené ; le territoire
    en cours ; le dernier contrat et celui qu'il a renouvelé, avec leurs missions d'origine (les avenants restent
    dans la plateforme)."""
    etapes: dict[str, Decision] = {}
    subvention, motif = None, ""
    # Une décision rectifiée (enregistrée par erreur) n'a plus d'effet : elle ne date aucune étape.
    rectifiees = {decision.rectifie_id for decision in cpts.decisions.all() if decision.rectifie_id}
    for decision in cpts.decisions.all():
        colonne = COLONNE_DE_TRANSITION.get(decision.transition)
        if colonne is None or decision.pk in rectifiees:
            continue
        etapes[colonne] = Decision(decision.date, decision.instance)
        if colonne == "pre_projet_valide":
            subvention = decision.subvention
        if colonne == "abandon":
            motif = decision.motif
    territoire = next(iter(cpts.territoires_en_cours), None)
    # Du dernier au plus ancien : le dernier contrat et celui qu'il a renouvelé.
    dernier, precedent, *_ = [*cpts.contrats.all(), None, None]
    return Fiche(
        nom=cpts.nom,
        siret=cpts.siret,
        association=cpts.association_nom,
        departement=cpts.departement,
        autres_departements=tuple(code for code in cpts.autres_departements if code != cpts.departement),
        dynamique_depuis=cpts.dynamique_depuis,
        etapes={colonne: etapes[colonne] for colonne in COLONNES_ORDONNEES if colonne in etapes},
        subvention_fir=subvention,
        abandon_motif=motif,
        territoire_depuis=territoire.debut if territoire else None,
        communes=tuple(sorted(unite.commune_id for unite in territoire.unites.all())) if territoire else (),
        contrat=_contrat(dernier) if dernier else None,
        contrat_precedent=_contrat(precedent) if precedent else None,
    )


def _contrat(contrat: Contrat) -> ContratFiche:
    return ContratFiche(
        signature=contrat.signature,
        taille=contrat.taille,
        population=contrat.population,
        membres=contrat.membres,
        missions=tuple((mission.mission, mission.demarrage) for mission in contrat.missions.all()),
    )


COLONNES_ORDONNEES = list(dict.fromkeys(COLONNE_DE_TRANSITION.values()))
COLONNES_EXPORT = [exports.Colonne(colonne, lambda valeurs, colonne=colonne: valeurs[colonne]) for colonne in COLONNES]


def lignes(region: str, projets: QuerySet[Cpts] | None = None) -> list[dict[str, str]]:
    # Tri fait ici plutôt qu'en SQL : l'ordre des noms accentués ne dépend pas de la base (SQLite, PostgreSQL).
    fiches = sorted(
        (fiche_de(cpts) for cpts in selection(region, projets)), key=lambda f: (f.departement, f.nom, f.siret)
    )
    return [ligne(fiche) for fiche in fiches]


def contenu(region: str, format_: str, projets: QuerySet[Cpts] | None = None) -> bytes:
    """Le fichier du portefeuille : les cellules qui ressembleraient à une formule sont neutralisées (apostrophe)."""
    valeurs = lignes(region, projets)
    if format_ == "xlsx":
        return exports.contenu_xlsx(COLONNES_EXPORT, valeurs, "portefeuille")
    return exports.contenu_csv(COLONNES_EXPORT, valeurs)


def modele(format_: str) -> bytes:
    """Le modèle à remplir : les intitulés et une ligne d'exemple."""
    exemple = Fiche(
        nom="CPTS du Haut-Exemple",
        siret="78283015700015",
        association="Association CPTS du Haut-Exemple",
        departement="69",
        autres_departements=(),
        dynamique_depuis=datetime.date(2019, 3, 1),
        etapes={
            "lettre_intention": Decision(datetime.date(2019, 6, 3), "equipe_projet"),
            "pre_projet_valide": Decision(datetime.date(2019, 9, 12), "ecd"),
            "projet_sante_depose": Decision(datetime.date(2020, 1, 15), "equipe_projet"),
            "projet_sante_valide": Decision(datetime.date(2020, 3, 10), "ars_cpam"),
            "contrat_signe": Decision(datetime.date(2020, 6, 1), "ars_cpam"),
        },
        subvention_fir=Decimal("15000.00"),
        territoire_depuis=datetime.date(2019, 9, 12),
        communes=("69014", "69062", "69078", "69095", "69110", "69132", "69155", "69227", "69238"),
        contrat=ContratFiche(
            signature=datetime.date(2020, 6, 1),
            taille=1,
            population=None,
            membres=45,
            missions=(
                ("acces", datetime.date(2020, 9, 1)),
                ("parcours", datetime.date(2021, 1, 4)),
                ("prevention", None),
            ),
        ),
    )
    valeurs = [ligne(exemple)]
    if format_ == "xlsx":
        return exports.contenu_xlsx(COLONNES_EXPORT, valeurs, "portefeuille")
    return exports.contenu_csv(COLONNES_EXPORT, valeurs)
