"""La population de chaque version de territoire par zone (`PopulationTerritoire`), tenue dans la transaction de ce
qui la change : l'enregistrement d'une version (ses unités ne changent plus ensuite), l'import des communes (leurs
populations, départements et fusions), une restauration d'une sauvegarde d'avant cette table."""

from collections.abc import Iterable

from django.db.models import Sum

from cpts.territoires.models import PopulationTerritoire, UniteTerritoire


def recalculer(territoires: Iterable[int] | None = None) -> None:
    """Les lignes des versions `territoires` (toutes sans elles) recalculées depuis leurs unités."""
    unites = UniteTerritoire.objects.all()
    anciennes = PopulationTerritoire.objects.all()
    if territoires is not None:
        identifiants = list(territoires)
        unites = unites.filter(territoire_id__in=identifiants)
        anciennes = anciennes.filter(territoire_id__in=identifiants)
    anciennes.delete()
    sommes = (
        unites.values("territoire_id", "commune__departement_id", "commune__region_id")
        .annotate(population=Sum("commune__population"))
        .order_by()
        .values_list("territoire_id", "commune__departement_id", "commune__region_id", "population")
    )
    PopulationTerritoire.objects.bulk_create(
        [PopulationTerritoire(territoire_id=t, departement_id=d, region_id=r, population=p) for t, d, r, p in sommes],
        batch_size=1000,
    )


def completer_apres_restauration() -> None:
    """Une sauvegarde faite avant cette table ramène des territoires sans leurs populations : elles sont calculées.
    Une sauvegarde plus récente les ramène telles qu'elles étaient, cohérentes avec ses territoires."""
    if not PopulationTerritoire.objects.exists() and UniteTerritoire.objects.exists():
        recalculer()
