"""Ce que les comptes annuels lisent ailleurs : le registre des versements ACI (`cpts.contrats`), le budget
prévisionnel déposé au dossier (`cpts.dossiers`), les missions connues et la correspondance des comptes."""

from decimal import Decimal

from django.db.models import Sum

from cpts.comptabilite.models import Correspondance
from cpts.contrats.missions import FONCTIONNEMENT, codes
from cpts.contrats.models import Contrat, Paiement
from cpts.dossiers import documents
from cpts.dossiers.enums import TypeDocument
from cpts.dossiers.etapes import derniers_depots
from cpts.dossiers.models import Cpts
from cpts.regles.comptabilite.fec import correspondance
from cpts.regles.comptabilite.parametres import correspondance_par_defaut

ZERO = Decimal("0.00")

# Les postes du modèle de budget prévisionnel (plan comptable des associations) et le compte qui les représente,
# pour passer par la même correspondance que l'import FEC ; les charges indirectes n'ont pas de compte.
COMPTES_DU_BUDGET = {
    "c60_prestations": "604",
    "c60_matieres": "601",
    "c60_fournitures": "606",
    "c61_locations": "613",
    "c61_entretien": "615",
    "c61_assurance": "616",
    "c61_documentation": "618",
    "c62_honoraires": "622",
    "c62_publicite": "623",
    "c62_deplacements": "625",
    "c62_bancaires": "627",
    "c63_remunerations": "631",
    "c63_autres": "635",
    "c64_remunerations": "641",
    "c64_sociales": "645",
    "c64_autres": "647",
    "c65": "65",
    "c66": "66",
    "c67": "67",
    "c68": "68",
    "c70": "70",
    "p74_ars": "741",
    # L'ACI est versée par l'Assurance Maladie, un organisme social : notre lecture du modèle de budget.
    "p74_organismes_sociaux": "7061",
    "p75": "75",
    "p76": "76",
    "p78": "78",
}
POSTES_SANS_COMPTE = {"ci_fixes": "autre_charge", "ci_financiers": "autre_charge", "ci_autres": "autre_charge"}


def missions() -> list[str]:
    return [FONCTIONNEMENT, *codes()]


def versements_de_l_annee(cpts: Cpts, annee: int) -> dict[str, Decimal]:
    """L'ACI versée dans l'année civile, par mission, d'après le registre des paiements (annulations exclues)."""
    lignes = (
        Paiement.objects.filter(contrat__cpts=cpts, date__year=annee, annulation__isnull=True)
        .values("mission")
        .annotate(total=Sum("montant"))
        .order_by("mission")
    )
    return {ligne["mission"]: ligne["total"] for ligne in lignes}


def prefixes_de(cpts: Cpts) -> dict[str, str]:
    """La correspondance de la CPTS : la sienne d'abord, la correspondance par défaut pour le reste."""
    propres = dict(Correspondance.objects.filter(cpts=cpts).values_list("prefixe", "poste"))
    return {**correspondance_par_defaut().prefixes, **propres}


def budget_previsionnel(cpts: Cpts, annee: int) -> tuple[dict[str, Decimal], int] | None:
    """Le dernier budget prévisionnel déposé pour l'exercice, par poste du plan normalisé, et sa version."""
    depots = [
        depot
        for depot in derniers_depots(cpts, TypeDocument.BUDGET)
        if str(depot.contenu.get("valeurs", {}).get("exercice", "")).strip() == str(annee)
    ]
    if not depots:
        return None
    depot = max(depots, key=lambda d: d.depose_le)
    valeurs = depot.contenu.get("valeurs", {})
    prefixes = correspondance_par_defaut().prefixes
    postes: dict[str, Decimal] = {}
    for cle, compte in [*COMPTES_DU_BUDGET.items(), *((c, None) for c in POSTES_SANS_COMPTE)]:
        poste = POSTES_SANS_COMPTE.get(cle) if compte is None else correspondance(compte, prefixes)
        if poste is not None:
            postes[poste] = postes.get(poste, ZERO) + documents.montant(valeurs.get(cle))
    return postes, depot.numero


def population(cpts: Cpts) -> int | None:
    contrat = Contrat.objects.filter(cpts=cpts).order_by("-signature").first()
    return contrat.population if contrat else None
