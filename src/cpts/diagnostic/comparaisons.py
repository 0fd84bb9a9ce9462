"""Les colonnes de comparaison que la source n'a pas publiées : quand un fichier ne donne un indicateur que par
commune, la plateforme calcule le département, la région et la France de toutes leurs communes, avec les mêmes
règles qu'un territoire (effectifs sommés, taux des numérateurs et dénominateurs sommés, moyennes pondérées).

Une zone ne se calcule que si chacune de ses communes a sa valeur (une commune à arrondissements : la sienne, ou
celles de tous ses arrondissements) : un département fait de la moitié de ses communes ne serait pas le département.
La valeur calculée (`Valeur.calculee`) se garde comme une valeur publiée et passe ensuite par le même secret
statistique : masquée si elle est fondée sur moins de personnes que le seuil, ou si, retranchées les valeurs
affichées qu'elle contient, le reste tombe sous le seuil (cpts.diagnostic.secret). Une valeur publiée pour la même
zone, importée plus tard, la remplace.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from cpts.diagnostic.models import Indicateur, Niveau, Valeur
from cpts.diagnostic.secret import cellule
from cpts.regles.diagnostic import Cellule, Nature, agregeable, combiner
from cpts.territoires.memoire import Echelons, Unite, echelons, memoire
from cpts.territoires.models import Commune

COMPAREES = (Niveau.DEPARTEMENT, Niveau.REGION, Niveau.FRANCE)
QUANTUM = Decimal("0.000001")  # les décimales que la base garde, comme pour une valeur importée


def _unites(zones: Echelons, niveau: str, code: str) -> list[Unite]:
    if niveau == Niveau.DEPARTEMENT:
        return zones.departements.get(code, [])
    if niveau == Niveau.REGION:
        return zones.regions.get(code, [])
    return zones.france


def _cellules_de(unites: list[Unite], valeurs: dict[str, Cellule]) -> list[Cellule] | None:
    """Les valeurs de toutes les communes de la zone, ou None s'il en manque une."""
    cellules = []
    for commune, arrondissements in unites:
        if commune in valeurs:
            cellules.append(valeurs[commune])
        elif arrondissements and all(a in valeurs for a in arrondissements):
            cellules += [valeurs[a] for a in arrondissements]
        else:
            return None
    return cellules


def _par_indicateur(touches: Iterable[tuple[str, int]]) -> dict[str, set[int]]:
    par_indicateur: dict[str, set[int]] = defaultdict(set)
    for code, annee in touches:
        par_indicateur[code].add(annee)
    return par_indicateur


def effacer(touches: Iterable[tuple[str, int]]) -> None:
    """Efface les valeurs calculées de ces indicateurs et années : l'import qui va écrire les valeurs publiées n'en
    trouve aucune sur son chemin, le recalcul refait celles qui manquent encore."""
    for code, annees in _par_indicateur(touches).items():
        Valeur.objects.filter(indicateur__code=code, annee__in=annees, calculee=True).delete()


def calculer(touches: Iterable[tuple[str, int]]) -> None:
    par_indicateur = _par_indicateur(touches)
    zones = echelons(memoire())
    nouvelles: list[Valeur] = []
    for indicateur in Indicateur.objects.filter(code__in=par_indicateur):
        for annee in sorted(par_indicateur[indicateur.code]):
            nouvelles += _calculer(indicateur, annee, zones)
    Valeur.objects.bulk_create(nouvelles, batch_size=1000)


def _arrondi(nombre: Decimal | None) -> Decimal | None:
    return None if nombre is None else nombre.quantize(QUANTUM)


def _calculer(indicateur: Indicateur, annee: int, zones: Echelons) -> list[Valeur]:
    Valeur.objects.filter(indicateur=indicateur, annee=annee, calculee=True).delete()
    nature = Nature(indicateur.nature)
    if nature == Nature.MEDIANE:
        return []
    lues = Valeur.objects.filter(indicateur=indicateur, annee=annee, niveau__in=[Niveau.COMMUNE, *COMPAREES])
    valeurs: dict[str, Cellule] = {}
    publiees: set[tuple[str, str]] = set()
    for valeur in lues:
        if valeur.niveau == Niveau.COMMUNE:
            valeurs[valeur.code] = cellule(valeur)
        else:
            publiees.add((valeur.niveau, valeur.code))
    if not valeurs:
        return []
    candidates = {(Niveau.FRANCE, "FR")}
    for departement, region in Commune.objects.filter(code__in=valeurs).values_list("departement_id", "region_id"):
        candidates |= {(Niveau.DEPARTEMENT, departement), (Niveau.REGION, region)}
    calculees = []
    for niveau, code in sorted(candidates - publiees):
        cellules = _cellules_de(_unites(zones, niveau, code), valeurs)
        if not cellules or not all(agregeable(nature, c) for c in cellules):
            continue
        total = combiner(nature, cellules)
        calculees.append(
            Valeur(
                indicateur=indicateur,
                annee=annee,
                niveau=niveau,
                code=code,
                valeur=_arrondi(total.valeur),
                numerateur=_arrondi(total.numerateur),
                denominateur=_arrondi(total.denominateur),
                poids=_arrondi(total.poids),
                calculee=True,
            )
        )
    return calculees
