"""Les communes du référentiel gardées en mémoire par processus, sous la version du référentiel.

Seul un import (`cpts communes import`, un autre processus) change les communes ; il change la version
(cpts.territoires.version), que chaque lecture relit en une requête d'une ligne : la mémoire d'une version
dépassée est abandonnée d'un coup, jamais servie. Le résumé du compositeur relit ainsi 200 communes sans les
redemander à la base à chaque ajout.
"""

import datetime
import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from typing import Any

from cpts.territoires.deploiement import versions
from cpts.territoires.models import Commune, Epci, TypeUnite
from cpts.territoires.recherche import normaliser
from cpts.territoires.version import version_referentiel
from cpts.territoires.voisinage import Voisinage, decoder_voisines

CHAMPS = (
    "code",
    "nom",
    "population",
    "departement_id",
    "region_id",
    "commune_parent_id",
    "lon_min",
    "lat_min",
    "lon_max",
    "lat_max",
    "voisines",
)


@dataclass(frozen=True, slots=True)
class CommuneGardee:
    """Une commune active telle que le résumé d'un territoire la lit : des attributs simples plutôt qu'une instance du
    modèle, dont les clés étrangères (département, région, commune parente) passent par un descripteur écrit en Python
    à chaque lecture (800 lectures par résumé de 200 communes)."""

    code: str
    nom: str
    population: int
    departement_id: str
    region_id: str
    commune_parent_id: str | None
    # Emprise du contour ; None sans contour.
    lon_min: float | None
    lat_min: float | None
    lon_max: float | None
    lat_max: float | None


@dataclass(frozen=True)
class Sommet:
    """Une commune active dans le graphe des voisines : ce que la recherche des enclaves en lit."""

    voisinage: Voisinage
    # lon_min, lat_min, lon_max, lat_max ; None sans contour.
    emprise: tuple[float, float, float, float] | None


@dataclass(frozen=True)
class Proposition:
    """Une commune proposée par la recherche du compositeur."""

    code: str
    nom: str
    population: int


@dataclass(frozen=True)
class EpciPropose:
    """Un EPCI proposé par la recherche du compositeur."""

    siren: str
    nom: str


@dataclass(frozen=True)
class TrousSuivis:
    """Les trous d'une composition en cours (`cpts.territoires.composition`), point de départ du calcul de ceux du clic
    suivant : ses unités couvertes, l'emprise sous laquelle ils ont été cherchés, les unités des trous."""

    couvertes: frozenset[str]
    emprise: tuple[float, float, float, float]
    trous: frozenset[str]


@dataclass(frozen=True)
class ContiguiteSuivie:
    """Une composition en cours d'un seul tenant ou non, point de départ du clic suivant : ses unités à contour."""

    unites: frozenset[str]
    contigu: bool


@dataclass(frozen=True)
class ConflitsSuivis:
    """Les conflits d'une composition en cours, point de départ du clic suivant : ses communes, les occupations lues
    (version des données du déploiement, date), la CPTS qui compose, les conflits rangés (des `Chevauchement` de
    `cpts.territoires.composition`)."""

    communes: frozenset[str]
    occupations: tuple[int, datetime.date]
    cpts_id: int | None
    conflits: tuple[tuple[str, str, str, int], ...]


# Une commune et ses arrondissements municipaux actifs (aucun pour la plupart).
Unite = tuple[str, list[str]]


@dataclass(frozen=True)
class Echelons:
    """Les communes actives (hors arrondissements municipaux) de chaque département, de chaque région et de la France,
    chacune avec ses arrondissements : ce dont le diagnostic calcule les comparaisons qu'une source n'a pas publiées."""

    departements: dict[str, list[Unite]]
    regions: dict[str, list[Unite]]
    france: list[Unite]


# Les réponses gardées de la recherche par nom : au-delà, la mémoire repart vide (un début tapé est souvent redemandé,
# par le même agent ou un autre, mais les débuts possibles sont innombrables).
PROPOSITIONS_MAX = 4096


@dataclass
class Memoire:
    communes: dict[str, CommuneGardee] = field(default_factory=dict)
    voisines: dict[str, frozenset[str]] = field(default_factory=dict)
    ordre: dict[str, str] = field(default_factory=dict)
    arrondissements: dict[str, list[str]] | None = None
    echelons: Echelons | None = None
    # None : commune inconnue ou inactive.
    sommets: dict[str, Sommet | None] = field(default_factory=dict)
    # (nom normalisé, code, nom, population) de chaque commune active, dans l'ordre des noms normalisés.
    noms: list[tuple[str, str, str, int]] | None = None
    # (début normalisé, nombre) -> les plus peuplées de ce début.
    propositions: dict[tuple[str, int], tuple[Proposition, ...]] = field(default_factory=dict)
    # (nom, nom sans casse, SIREN) de chaque EPCI, dans l'ordre des noms : l'import des communes les écrit aussi.
    epcis: list[tuple[str, str, str]] | None = None
    # (version du déploiement, date) -> code -> (nom, id) des CPTS dont le territoire en cours à la date contient la
    # commune (cpts.territoires.composition).
    occupations: dict[tuple[int, datetime.date], dict[str, tuple[tuple[str, int], ...]]] = field(default_factory=dict)
    # La même clé -> code -> les conflits de la commune seule (`Chevauchement` rangés), toutes CPTS comprises.
    conflits_par_commune: dict[tuple[int, datetime.date], dict[str, tuple[tuple[str, str, str, int], ...]]] = field(
        default_factory=dict
    )
    # Composition suivie (un brouillon d'un utilisateur) -> ses derniers trous, contiguïté et conflits calculés.
    trous_suivis: dict[str, TrousSuivis] = field(default_factory=dict)
    contiguites_suivies: dict[str, ContiguiteSuivie] = field(default_factory=dict)
    conflits_suivis: dict[str, ConflitsSuivis] = field(default_factory=dict)
    # Code -> le contour du département en GeoJSON (l'union de ses communes : quelques dixièmes de seconde chacun),
    # fond des cartes de la région et du compositeur.
    departements: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (codes des communes rangés, tolérance) -> le contour d'un territoire en géométrie GeoJSON (l'union de ses
    # communes) : la carte d'une région en dessine une soixantaine. Une composition changée a d'autres codes.
    territoires: dict[tuple[tuple[str, ...], float], dict[str, Any]] = field(default_factory=dict)


# Une seule version gardée. Un fil qui lit encore l'ancienne remplit une mémoire que plus personne ne consulte.
_par_version: dict[int, Memoire] = {}


def memoire(version: int | None = None) -> Memoire:
    """La mémoire de la version du référentiel `version` que l'appelant vient de lire, sinon relue."""
    if version is None:
        version = version_referentiel()
    courante = _par_version.get(version)
    if courante is None:
        courante = Memoire()
        _par_version.clear()
        _par_version[version] = courante
    return courante


def memoire_et_deploiement() -> tuple[Memoire, int]:
    """La mémoire du référentiel et la version des données du déploiement, lues d'une seule requête : le résumé d'un
    territoire et chaque clic du compositeur lisent les deux (communes, puis occupations gardées sous la seconde)."""
    referentiel, deploiement = versions()
    return memoire(referentiel), deploiement


def communes_actives(codes: Iterable[str], memo: Memoire) -> list[CommuneGardee]:
    """Les communes actives parmi `codes` (les codes inconnus ou inactifs sont absents), lues une fois par version."""
    codes = list(codes)
    try:
        # Toutes déjà lues (chaque clic du compositeur, chaque résumé déjà vu) : un seul passage, en C.
        return list(map(memo.communes.__getitem__, codes))
    except KeyError:
        pass
    manquantes = [code for code in codes if code not in memo.communes]
    if manquantes:
        lues = {}
        for *valeurs, voisines in Commune.objects.filter(code__in=manquantes, active=True).values_list(*CHAMPS):
            commune = CommuneGardee(*valeurs)
            memo.voisines[commune.code] = decoder_voisines(voisines)
            # L'ordre alphabétique sans les accents (Vénissieux avant Villeurbanne), le code départageant les
            # homonymes : un seul texte, le nom et le code séparés par le plus petit caractère, qu'aucun nom ne
            # contient (ranger 200 communes par ce texte : 0,009 ms, par le couple (nom, code) : 0,023 ms).
            memo.ordre[commune.code] = f"{normaliser(commune.nom)}\x00{commune.code}"
            lues[commune.code] = commune
        # D'un seul coup : un autre fil ne voit jamais une commune dont le voisinage ou l'ordre manque.
        memo.communes.update(lues)
    return [memo.communes[code] for code in codes if code in memo.communes]


def arrondissements(memo: Memoire) -> dict[str, list[str]]:
    """Les arrondissements de chaque commune qui en a (Paris, Lyon, Marseille), par code de la commune."""
    if memo.arrondissements is None:
        par_parent: dict[str, list[str]] = {}
        for code, parent in Commune.objects.filter(commune_parent__isnull=False).values_list(
            "code", "commune_parent_id"
        ):
            par_parent.setdefault(parent, []).append(code)
        memo.arrondissements = par_parent
    return memo.arrondissements


def echelons(memo: Memoire) -> Echelons:
    """Les communes de chaque département, région et de la France, lues une fois par version (35 000 lignes :
    le cinquième d'une seconde, que chaque import d'un fichier du diagnostic relisait)."""
    if memo.echelons is None:
        par_parent: dict[str, list[str]] = defaultdict(list)
        communes = []
        for code, type_, parent, departement, region in Commune.objects.filter(active=True).values_list(
            "code", "type", "commune_parent_id", "departement_id", "region_id"
        ):
            if type_ == TypeUnite.ARRONDISSEMENT_MUNICIPAL:
                par_parent[parent].append(code)
            else:
                communes.append((code, departement, region))
        departements: dict[str, list[Unite]] = defaultdict(list)
        regions: dict[str, list[Unite]] = defaultdict(list)
        france = []
        for code, departement, region in communes:
            unite = (code, par_parent.get(code, []))
            departements[departement].append(unite)
            regions[region].append(unite)
            france.append(unite)
        # Des dictionnaires ordinaires : une lecture d'un code inconnu n'ajoute rien à la mémoire partagée.
        memo.echelons = Echelons(dict(departements), dict(regions), france)
    return memo.echelons


def sommets(codes: Iterable[str], memo: Memoire) -> dict[str, Sommet | None]:
    """Les communes `codes` dans le graphe des voisines, lues une fois par version (celles qui manquent, d'une
    requête) : la recherche des enclaves ne relit plus l'emprise du territoire à chaque ajout."""
    codes = list(codes)
    manquants = [code for code in codes if code not in memo.sommets]
    if manquants:
        memo.sommets.update(dict.fromkeys(manquants))
        lues = Commune.objects.filter(code__in=manquants, active=True).values_list(
            "code", "voisines", "en_bordure", "lon_min", "lat_min", "lon_max", "lat_max"
        )
        for code, texte, bordure, *emprise in lues:
            cadre = None if None in emprise else (emprise[0], emprise[1], emprise[2], emprise[3])
            memo.sommets[code] = Sommet(Voisinage(decoder_voisines(texte), bordure), cadre)
    return {code: memo.sommets[code] for code in codes}


def communes_par_nom(debut: str, nombre: int, memo: Memoire) -> tuple[Proposition, ...]:
    """Les `nombre` communes actives les plus peuplées dont le nom normalisé commence par `debut` (déjà normalisé).

    Les noms triés sont lus une fois par version ; chaque frappe n'est plus qu'une recherche dichotomique. La base
    relisait à chaque frappe toutes les communes du début tapé (près de 4 000 « Saint-… » pour « sai ») pour n'en
    garder que les plus peuplées. La réponse à un début déjà demandé est gardée (parcourir ces 4 000 noms prenait
    encore le cinquième d'une recherche).
    """
    cle = (debut, nombre)
    gardee = memo.propositions.get(cle)
    if gardee is not None:
        return gardee
    if memo.noms is None:
        memo.noms = sorted(
            Commune.objects.filter(active=True).values_list("nom_recherche", "code", "nom", "population")
        )
    premier = bisect_left(memo.noms, (debut,))
    # Les noms normalisés sont en ASCII : tout nom qui commence par `debut` se range avant `debut` suivi de U+FFFF.
    apres = bisect_left(memo.noms, (debut + "\uffff",), premier)
    plus_peuplees = heapq.nlargest(nombre, islice(memo.noms, premier, apres), key=itemgetter(3))
    propositions = tuple(Proposition(code, nom, population) for _, code, nom, population in plus_peuplees)
    if len(memo.propositions) >= PROPOSITIONS_MAX:
        memo.propositions.clear()
    memo.propositions[cle] = propositions
    return propositions


def epcis_par_nom(texte: str, nombre: int, memo: Memoire) -> list[EpciPropose]:
    """Les `nombre` premiers EPCI, dans l'ordre des noms, dont le nom contient `texte` (sans tenir compte de la casse).

    Les noms sont lus une fois par version du référentiel : la base parcourait à chaque frappe les 1 250 EPCI.
    """
    if memo.epcis is None:
        memo.epcis = sorted((nom, nom.casefold(), siren) for siren, nom in Epci.objects.values_list("siren", "nom"))
    cherche = texte.casefold()
    trouves = (EpciPropose(siren, nom) for nom, sans_casse, siren in memo.epcis if cherche in sans_casse)
    return list(islice(trouves, nombre))
