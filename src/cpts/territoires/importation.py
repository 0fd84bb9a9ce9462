"""Charge ou rafraîchit le référentiel (régions, départements, EPCI, communes) depuis les fichiers figés.

Tout se fait dans une transaction : un import interrompu ne laisse rien de partiel. Le rapport dit ce
qui a changé. Une commune disparue parce que fusionnée dans une commune nouvelle devient inactive et
les territoires qui la contenaient reçoivent la commune nouvelle : aucune unité de territoire orpheline.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.dispatch import Signal
from shapely.geometry import MultiPolygon

from cpts.progression import annoncer
from cpts.territoires import populations, referentiel
from cpts.territoires.geometrie import decoder_multipolygone
from cpts.territoires.models import Commune, Departement, Epci, Region, UniteTerritoire
from cpts.territoires.recherche import normaliser
from cpts.territoires.version import nouvelle_version
from cpts.territoires.voisinage import Voisinage, calculer_voisinages, encoder_voisines

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

    @property
    def inchange(self) -> bool:
        return not (
            self.creees
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
# référentiel les y refont (la superficie de chaque commune, pour le diagnostic territorial). Il porte les contours
# déjà décodés par l'import (`contours`, voir `Contours`) : les décoder de nouveau coûtait le cinquième de l'import.
referentiel_importe = Signal()


def importer(dossier: Path = referentiel.DOSSIER_PAR_DEFAUT, progression: Progression | None = None) -> Rapport:
    referentiel.verifier_empreintes(dossier)
    avancer = progression or (lambda _n: None)
    with transaction.atomic():
        _importer_regions_et_departements(dossier)
        _importer_epci(dossier)
        contours = _contours(dossier)
        rapport = _importer_communes(dossier, contours, avancer)
        # Populations, départements et fusions des communes ont pu changer : celles des territoires suivent.
        populations.recalculer()
        nouvelle_version()
        referentiel_importe.send(sender=Commune, contours=contours)
        return rapport


def _importer_regions_et_departements(dossier: Path) -> None:
    for region in referentiel.lire_regions(dossier):
        Region.objects.update_or_create(code=region.code, defaults={"nom": region.nom, "population": region.population})
    for departement in referentiel.lire_departements(dossier):
        Departement.objects.update_or_create(
            code=departement.code,
            defaults={"nom": departement.nom, "region_id": departement.region, "population": departement.population},
        )


def _importer_epci(dossier: Path) -> None:
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
    Epci.objects.bulk_update(modifies, ["nom", "type"], batch_size=TAILLE_LOT)


def _importer_communes(dossier: Path, contours: Contours, avancer: Progression) -> Rapport:
    rapport = Rapport()
    sources = list(referentiel.lire_communes(dossier))
    annoncer(avancer, len(sources))
    voisinages = calculer_voisinages(
        {code: geometrie for code, (_, geometrie) in contours.items()},
        {source.code: source.commune_parent for source in sources if source.commune_parent},
    )
    existantes = {commune.code: commune for commune in Commune.objects.all()}
    vues: set[str] = set()
    nouvelles: list[Commune] = []
    modifiees: list[Commune] = []
    fusions: dict[str, str] = {}
    for source in sources:
        vues.add(source.code)
        for ancien in source.anciens_codes:
            fusions[ancien] = source.code
        encode, geometrie = contours.get(source.code, ("", None))
        emprise = geometrie.bounds if geometrie is not None else (None, None, None, None)
        voisinage = voisinages.get(source.code, SANS_VOISINES)
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
            "contour": encode,
            "voisines": encoder_voisines(voisinage.voisines),
            "en_bordure": voisinage.en_bordure,
            "lon_min": emprise[0],
            "lat_min": emprise[1],
            "lon_max": emprise[2],
            "lat_max": emprise[3],
            "active": True,
            "fusionnee_dans_id": None,
        }
        commune = existantes.get(source.code)
        if commune is None:
            nouvelles.append(Commune(code=source.code, **valeurs))
            rapport.creees += 1
        elif any(getattr(commune, champ) != valeurs[champ] for champ in CHAMPS_COMPARES):
            _noter_changements(rapport, commune, valeurs)
            for champ, valeur in valeurs.items():
                setattr(commune, champ, valeur)
            modifiees.append(commune)
        avancer(1)
    Commune.objects.bulk_create(nouvelles, batch_size=TAILLE_LOT)
    Commune.objects.bulk_update(modifiees, list(valeurs), batch_size=TAILLE_LOT)
    _retirer_disparues(rapport, (code for code, c in existantes.items() if c.active and code not in vues), fusions)
    return rapport


def _contours(dossier: Path) -> Contours:
    """Contour encodé (gardé tel quel en base, compact) et décodé (emprise, voisinages) de chaque unité.

    La France entière décodée tient en quelques centaines de Mo, le temps de l'import.
    """
    return {
        code: (encode, decoder_multipolygone(encode)) for code, encode in referentiel.lire_contours_encodes(dossier)
    }


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
