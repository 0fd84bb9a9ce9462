"""Le masquage complémentaire des valeurs publiées, recalculé après chaque import pour les indicateurs touchés.

Une valeur publiée pour un département, une région, la France ou une CPTS contient des valeurs de communes (ou de
départements) que la plateforme affiche. Retranchées, elles laissent un reste : s'il tombe sous le seuil du secret,
la valeur publiée est masquée (`Valeur.masque_complementaire`). Les niveaux se traitent du plus fin au plus large :
un département masqué ne se retranche plus d'une région, ses communes affichées si.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings

from cpts.diagnostic.models import Indicateur, Niveau, Valeur
from cpts.mise_a_jour import mettre_a_jour
from cpts.regles.diagnostic import Cellule, Nature, masque_complementaire, secrete
from cpts.territoires.models import Commune, Departement, UniteTerritoire


def seuil() -> int:
    return int(settings.CPTS_SEUIL_SECRET)


def cellule(valeur: Valeur) -> Cellule:
    return Cellule(valeur.valeur, valeur.numerateur, valeur.denominateur, valeur.poids)


def recalculer(touches: Iterable[tuple[str, int]], s: int) -> None:
    par_indicateur: dict[str, set[int]] = defaultdict(set)
    for code, annee in touches:
        par_indicateur[code].add(annee)
    for indicateur in Indicateur.objects.filter(code__in=par_indicateur):
        for annee in par_indicateur[indicateur.code]:
            _recalculer(indicateur, annee, s)


def _recalculer(indicateur: Indicateur, annee: int, s: int) -> None:
    nature = Nature(indicateur.nature)
    valeurs = list(Valeur.objects.filter(indicateur=indicateur, annee=annee))
    par_niveau: dict[str, dict[str, Valeur]] = defaultdict(dict)
    for valeur in valeurs:
        par_niveau[valeur.niveau][valeur.code] = valeur
    communes = par_niveau[Niveau.COMMUNE]
    lieux = {
        code: (departement, region)
        for code, departement, region in Commune.objects.filter(code__in=communes).values_list(
            "code", "departement_id", "region_id"
        )
    }
    affichees_communes = {code: v for code, v in communes.items() if not secrete(nature, cellule(v), s)}
    masquees: list[Valeur] = []

    def traiter(valeur: Valeur, contenues: list[Valeur]) -> bool:
        masquer = masque_complementaire(nature, cellule(valeur), [cellule(v) for v in contenues], s)
        if masquer != valeur.masque_complementaire:
            valeur.masque_complementaire = masquer
            masquees.append(valeur)
        return not masquer and not secrete(nature, cellule(valeur), s)

    departements_affiches: dict[str, Valeur] = {}
    for code, valeur in par_niveau[Niveau.DEPARTEMENT].items():
        contenues = [v for c, v in affichees_communes.items() if lieux.get(c, (None, None))[0] == code]
        if traiter(valeur, contenues):
            departements_affiches[code] = valeur
    regions_affichees: dict[str, Valeur] = {}
    region_de = dict(Departement.objects.values_list("code", "region_id"))
    for code, valeur in par_niveau[Niveau.REGION].items():
        contenues = [v for c, v in departements_affiches.items() if region_de.get(c) == code]
        contenues += [
            v
            for c, v in affichees_communes.items()
            if lieux.get(c, (None, None))[1] == code and lieux[c][0] not in departements_affiches
        ]
        if traiter(valeur, contenues):
            regions_affichees[code] = valeur
    for valeur in par_niveau[Niveau.FRANCE].values():
        contenues = list(regions_affichees.values())
        contenues += [v for c, v in departements_affiches.items() if region_de.get(c) not in regions_affichees]
        contenues += [
            v
            for c, v in affichees_communes.items()
            if lieux[c][1] not in regions_affichees and lieux[c][0] not in departements_affiches
        ]
        traiter(valeur, contenues)
    if par_niveau[Niveau.CPTS]:
        territoires: dict[str, list[str]] = defaultdict(list)
        unites = UniteTerritoire.objects.filter(
            territoire__fin__isnull=True, territoire__cpts_id__in=[int(c) for c in par_niveau[Niveau.CPTS]]
        ).values_list("territoire__cpts_id", "commune_id")
        for cpts_id, commune in unites:
            territoires[str(cpts_id)].append(commune)
        for code, valeur in par_niveau[Niveau.CPTS].items():
            traiter(valeur, [affichees_communes[c] for c in territoires[code] if c in affichees_communes])
    mettre_a_jour(masquees, ["masque_complementaire"])
