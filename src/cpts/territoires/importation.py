"""Charge ou rafraîchit le référentiel (régions, départements, EPCI, communes) depuis les fichiers figés.

Tout se fait dans une transaction : un import interrompu ne laisse rien de partiel. Le rapport dit ce
qui a changé. Une commune disparue parce que fusionnée dans une commune nouvelle devient inactive et
les territoires qui la contenaient reçoivent la commune nouvelle : aucune unité de territoire orpheline.

Un import qui ne change rien, ni au référentiel ni à ce qui en est tiré, n'écrit rien : la version du référentiel
reste (ce que chaque processus garde sous elle vaut encore). Si aucun contour n'a changé, il ne décode aucun contour et
ne recalcule pas les voisinages : `make run` relance `cpts preparer`, donc cet import, à chaque démarrage.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.dispatch import Signal
from shapely.geometry import MultiPolygon

from cpts.mise_a_jour import mettre_a_jour
from cpts.progression import annoncer
from cpts.territoires import populations, referentiel
from cpts.territoires.geometrie import decoder_multipolygone
from cpts.territoires.models import Commune, Departement, Epci, Region, UniteTerritoire
from cpts.territoires.recherche import normaliser
from cpts.territoires.version import nouvelle_version
from cpts.territoires.voisinage import Voisinage, calculer_voisinages, decoder_voisines, encoder_voisines

TAILLE_LOT = 2000
SANS_VOISINES = Voisinage(frozenset(), en_bordure=False)
CHAMPS_COMPARES = (
    "nom",
    "type",
    "commune_parent_id",
    "departement_id",
    "region_id",
    "epci_id",
    "population",
    "anciens_codes",
    "contour",
    "voisines",
    "en_bordure",
    "active",
)


@dataclass
class Rapport:
    creees: int = 0
    renommees: list[tuple[str, str, str]] = field(default_factory=list)  # code, ancien nom, nouveau nom
    fusionnees: list[tuple[str, str]] = field(default_factory=list)  # ancien code, code de la commune nouvelle
    supprimees: list[str] = field(default_factory=list)
    populations_modifiees: int = 0
    autres_modifications: int = 0
    unites_reportees: int = 0
    # Régions, départements et EPCI créés ou modifiés.
    echelons_modifies: int = 0

    @property
    def inchange(self) -> bool:
        return not (
            self.echelons_modifies
            or self.creees
            or self.renommees
            or self.fusionnees
            or self.supprimees
            or self.populations_modifiees
            or self.autres_modifications
        )


Progression = Callable[[int], None]
# Contour encodé (tel que gardé en base) et décodé de chaque unité du référentiel figé, par code.
Contours = dict[str, tuple[str, MultiPolygon]]
# Envoyé dans la transaction de l'import, les communes écrites : les domaines qui gardent des chiffres tirés du
# référentiel les y refont ou complètent (la superficie de chaque commune, pour le diagnostic territorial), et rendent
# vrai s'ils ont écrit. Il porte les codes des communes dont le contour en base a changé (`contours_changes`) et les
# contours déjà décodés par l'import (`contours`, voir `Contours`, vide si aucun contour n'a changé) : les décoder de
# nouveau coûtait le cinquième de l'import.
referentiel_importe = Signal()


def importer(dossier: Path = referentiel.DOSSIER_PAR_DEFAUT, progression: Progression | None = None) -> Rapport:
    referentiel.verifier_empreintes(dossier)
    avancer = progression or (lambda _n: None)
    rapport = Rapport()
    with transaction.atomic():
        _importer_regions_et_departements(dossier, rapport)
        _importer_epci(dossier, rapport)
        contours, contours_changes = _importer_communes(dossier, rapport, avancer)
        reponses = referentiel_importe.send(sender=Commune, contours=contours, contours_changes=contours_changes)
        if rapport.inchange and not any(ecrit for _, ecrit in reponses):
            return rapport
        # Populations, départements et fusions des communes ont pu changer : celles des territoires suivent.
        populations.recalculer()
        nouvelle_version()
        return rapport


def _importer_regions_et_departements(dossier: Path, rapport: Rapport) -> None:
    regions = {region.code: (region.nom, region.population) for region in Region.objects.all()}
    for region in referentiel.lire_regions(dossier):
        if regions.get(region.code) != (region.nom, region.population):
            Region.objects.update_or_create(
                code=region.code, defaults={"nom": region.nom, "population": region.population}
            )
            rapport.echelons_modifies += 1
    departements = {d.code: (d.nom, d.region_id, d.population) for d in Departement.objects.all()}
    for departement in referentiel.lire_departements(dossier):
        valeurs = {"nom": departement.nom, "region_id": departement.region, "population": departement.population}
        if departements.get(departement.code) != tuple(valeurs.values()):
            Departement.objects.update_or_create(code=departement.code, defaults=valeurs)
            rapport.echelons_modifies += 1


def _importer_epci(dossier: Path, rapport: Rapport) -> None:
    existants = {epci.siren: epci for epci in Epci.objects.all()}
    nouveaux, modifies = [], []
    for source in referentiel.lire_epci(dossier):
        epci = existants.get(source.siren)
        if epci is None:
            nouveaux.append(Epci(siren=source.siren, nom=source.nom, type=source.type))
        elif (epci.nom, epci.type) != (source.nom, source.type):
            epci.nom, epci.type = source.nom, source.type
            modifies.append(epci)
    Epci.objects.bulk_create(nouveaux, batch_size=TAILLE_LOT)
    mettre_a_jour(modifies, ["nom", "type"])
    rapport.echelons_modifies += len(nouveaux) + len(modifies)


def _importer_communes(dossier: Path, rapport: Rapport, avancer: Progression) -> tuple[Contours, list[str]]:
    """Écrit les communes ; rend les contours décodés (vides si aucun n'a changé) et les codes des communes dont le
    contour en base a changé."""
    sources = list(referentiel.lire_communes(dossier))
    annoncer(avancer, len(sources))
    encodes = dict(referentiel.lire_contours_encodes(dossier))
    parents = {source.code: source.commune_parent for source in sources if source.commune_parent}
    existantes = {commune.code: commune for commune in Commune.objects.all()}
    if _derives_a_jour(encodes, parents, existantes):
        contours: Contours = {}
        derives = {code: _derives_gardes(commune) for code, commune in existantes.items() if commune.active}
    else:
        contours = _contours(encodes)
        derives = _derives_calcules(contours, parents)
    vues: set[str] = set()
    nouvelles: list[Commune] = []
    modifiees: dict[tuple[str, ...], list[Commune]] = {}
    contours_changes: list[str] = []
    fusions: dict[str, str] = {}
    for source in sources:
        vues.add(source.code)
        for ancien in source.anciens_codes:
            fusions[ancien] = source.code
        valeurs = {
            "nom": source.nom,
            "nom_recherche": normaliser(source.nom),
            "type": source.type.value,
            "commune_parent_id": source.commune_parent,
            "departement_id": source.departement,
            "region_id": source.region,
            "epci_id": source.epci,
            "population": source.population,
            "anciens_codes": list(source.anciens_codes),
            "contour": encodes.get(source.code, ""),
            **derives.get(source.code, SANS_CONTOUR),
            "active": True,
            "fusionnee_dans_id": None,
        }
        commune = existantes.get(source.code)
        if commune is None:
            nouvelles.append(Commune(code=source.code, **valeurs))
            rapport.creees += 1
        elif any(getattr(commune, champ) != valeurs[champ] for champ in CHAMPS_COMPARES):
            _noter_changements(rapport, commune, valeurs)
            if commune.contour != valeurs["contour"]:
                contours_changes.append(commune.code)
            changes = tuple(champ for champ, valeur in valeurs.items() if getattr(commune, champ) != valeur)
            for champ in changes:
                setattr(commune, champ, valeurs[champ])
            modifiees.setdefault(changes, []).append(commune)
        avancer(1)
    Commune.objects.bulk_create(nouvelles, batch_size=TAILLE_LOT)
    for champs, communes in modifiees.items():
        mettre_a_jour(communes, champs)
    _retirer_disparues(rapport, (code for code, c in existantes.items() if c.active and code not in vues), fusions)
    return contours, contours_changes


# Ce que l'import tire des contours : voisinage et emprise.
SANS_CONTOUR: dict[str, object] = {
    "voisines": "",
    "en_bordure": False,
    "lon_min": None,
    "lat_min": None,
    "lon_max": None,
    "lat_max": None,
}


def _derives_a_jour(encodes: dict[str, str], parents: dict[str, str], existantes: dict[str, Commune]) -> bool:
    """Les communes actives en base ont les contours et les arrondissements du référentiel, et leurs voisines sont
    toutes en base : les voisinages et emprises qu'un import y a écrits depuis ces contours valent encore.

    Une voisine absente de la base (des communes retirées sans import) demande de les recalculer."""
    actives = {code: commune for code, commune in existantes.items() if commune.active}
    return (
        {code: commune.contour for code, commune in actives.items() if commune.contour}
        == {code: encode for code, encode in encodes.items() if encode}
        and {code: c.commune_parent_id for code, c in actives.items() if c.commune_parent_id} == parents
        and all(voisine in actives for c in actives.values() for voisine in decoder_voisines(c.voisines))
    )


def _derives_gardes(commune: Commune) -> dict[str, object]:
    return {champ: getattr(commune, champ) for champ in SANS_CONTOUR}


def _derives_calcules(contours: Contours, parents: dict[str, str]) -> dict[str, dict[str, object]]:
    voisinages = calculer_voisinages({code: geometrie for code, (_, geometrie) in contours.items()}, parents)
    derives = {}
    for code, (_, geometrie) in contours.items():
        voisinage = voisinages.get(code, SANS_VOISINES)
        lon_min, lat_min, lon_max, lat_max = geometrie.bounds
        derives[code] = {
            "voisines": encoder_voisines(voisinage.voisines),
            "en_bordure": voisinage.en_bordure,
            "lon_min": lon_min,
            "lat_min": lat_min,
            "lon_max": lon_max,
            "lat_max": lat_max,
        }
    return derives


def _contours(encodes: dict[str, str]) -> Contours:
    """Contour encodé (gardé tel quel en base, compact) et décodé (emprise, voisinages) de chaque unité.

    La France entière décodée tient en quelques centaines de Mo, le temps de l'import.
    """
    return {code: (encode, decoder_multipolygone(encode)) for code, encode in encodes.items()}


def _noter_changements(rapport: Rapport, commune: Commune, valeurs: dict[str, object]) -> None:
    if commune.nom != valeurs["nom"]:
        rapport.renommees.append((commune.code, commune.nom, str(valeurs["nom"])))
    if commune.population != valeurs["population"]:
        rapport.populations_modifiees += 1
    if any(getattr(commune, c) != valeurs[c] for c in CHAMPS_COMPARES if c not in ("nom", "population")):
        rapport.autres_modifications += 1


def _retirer_disparues(rapport: Rapport, codes: Iterable[str], fusions: dict[str, str]) -> None:
    for code in sorted(codes):
        nouvelle = fusions.get(code)
        Commune.objects.filter(code=code).update(
            active=False, fusionnee_dans_id=nouvelle, voisines="", en_bordure=False
        )
        if nouvelle is None:
            rapport.supprimees.append(code)
            continue
        rapport.fusionnees.append((code, nouvelle))
        for unite in UniteTerritoire.objects.filter(commune_id=code):
            if UniteTerritoire.objects.filter(territoire_id=unite.territoire_id, commune_id=nouvelle).exists():
                unite.delete()
            else:
                unite.commune_id = nouvelle
                unite.save(update_fields=["commune"])
            rapport.unites_reportees += 1
