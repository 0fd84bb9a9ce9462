"""Le résumé d'un territoire en cours de composition : population, taille, conflits, enclaves, contiguïté.

Calculé à chaque ajout ou retrait d'une commune : quelques requêtes indexées et des parcours du graphe des
voisines calculé à l'import (cpts.territoires.voisinage), sans décoder un seul contour.

Plus de 400 lignes : le résumé, ses conflits et ses enclaves, calculés de zéro ou déduits du clic précédent, lisent
les mêmes occupations gardées ; les séparer ferait passer ces états d'un module à l'autre (à faire si un autre calcul
s'y ajoute).
"""

import datetime
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import attrgetter
from typing import NamedTuple, TypeVar, cast

from django.db.models import DateField, JSONField, Q, QuerySet
from django.utils import timezone

from cpts.dossiers.enums import ETAPES_FERMEES
from cpts.preparees import ElementsJson, LecturePreparee, Parametre
from cpts.regles.taille import taille as taille_cpts
from cpts.territoires.geometrie import d_un_seul_tenant, d_un_seul_tenant_apres
from cpts.territoires.memoire import (
    CommuneGardee,
    ConflitsSuivis,
    ContiguiteSuivie,
    Memoire,
    TrousSuivis,
    arrondissements,
    communes_actives,
    memoire_et_deploiement,
    sommets,
)
from cpts.territoires.models import UniteTerritoire
from cpts.territoires.voisinage import Voisinage, trous, trous_apres

# En dessous, le territoire est jugé peu pertinent ([ars-aura-guide], annexe 3 : « au moins 15 000 habitants »).
POPULATION_CONSEILLEE = 15_000
# Code d'une commune -> (nom, id) des CPTS dont le territoire en cours à une date la contient.
Occupations = dict[str, tuple[tuple[str, int], ...]]


class Chevauchement(NamedTuple):
    """Une commune du territoire déjà dans celui d'une autre CPTS à la date : un conflit à arbitrer.

    Un n-uplet nommé plutôt qu'une classe de données figée, dont chaque création passe par `object.__setattr__` champ
    par champ (136 conflits à chaque résumé de 200 communes : leur calcul passe de 0,12 à 0,07 ms)."""

    commune: str
    nom_commune: str
    cpts: str
    cpts_id: int


@dataclass(frozen=True)
class Enclave:
    code: str
    nom: str


@dataclass(frozen=True)
class Resume:
    unites: list[CommuneGardee]
    population: int
    taille: int | None
    departements: list[str]
    regions: list[str]
    conflits: list[Chevauchement]
    contigu: bool
    sans_contour: list[str]
    inconnues: list[str]
    chevauchements: list[str]
    date: datetime.date = field(repr=False)
    memo: Memoire = field(repr=False, compare=False)
    # Celles que les conflits ont lues : les enclaves les complètent, sous la même version des données.
    occupations: Occupations = field(repr=False, compare=False)
    # La composition suivie d'un clic à l'autre (`resumer`) ; None, les enclaves se cherchent de zéro.
    suivi: str | None = field(default=None, repr=False, compare=False)

    @cached_property
    def enclaves(self) -> list[Enclave]:
        """Calculées à la première lecture : seul le compositeur les montre. L'API, l'enregistrement, l'import du
        portefeuille et l'instruction s'épargnent la lecture de l'emprise (le millier de communes autour)."""
        avec_contour = [unite for unite in self.unites if unite.lon_min is not None]
        return _enclaves(self.unites, avec_contour, self.date, self.memo, self.occupations, self.suivi)

    @property
    def communes(self) -> int:
        return len(self.unites)

    @property
    def sous_le_seuil_conseille(self) -> bool:
        return 0 < self.population < POPULATION_CONSEILLEE

    @property
    def enregistrable(self) -> bool:
        return bool(self.unites) and not self.inconnues and not self.chevauchements


def territoire_valide_le(date: datetime.date) -> Q:
    """Une unité d'un territoire en vigueur à la date."""
    return Q(territoire__debut__lte=date) & (Q(territoire__fin__isnull=True) | Q(territoire__fin__gt=date))


def territoires_en_cours(date: datetime.date) -> Q:
    """Les territoires valides à une date, des CPTS ni abandonnées ni fusionnées."""
    return territoire_valide_le(date) & ~Q(territoire__cpts__etape__in=ETAPES_FERMEES)


def unites_occupees(date: datetime.date) -> QuerySet[UniteTerritoire]:
    return UniteTerritoire.objects.filter(territoires_en_cours(date))


# Au-delà, les états suivis repartent de rien : un par brouillon composé récemment dans le processus (quelques agents à
# la fois), chacun de la taille de sa composition ; un état perdu ne change aucun résultat, seulement son calcul.
SUIVIS_MAX = 64
_Etat = TypeVar("_Etat")


def _garder(suivis: dict[str, _Etat], suivi: str, etat: _Etat) -> None:
    """Le dernier état d'une composition suivie ; au-delà de `SUIVIS_MAX` compositions, tout repart de rien."""
    if len(suivis) >= SUIVIS_MAX and suivi not in suivis:
        suivis.clear()
    suivis[suivi] = etat


# Au-delà, les occupations gardées repartent de rien (une par version du déploiement et par date demandée).
OCCUPATIONS_MAX = 8


def _occupees_parmi() -> QuerySet[UniteTerritoire]:
    """Les unités occupées à une date parmi des communes : la lecture des conflits."""
    return UniteTerritoire.objects.filter(
        territoires_en_cours(Parametre("date", DateField())),  # type: ignore[arg-type]
        commune_id__in=ElementsJson(Parametre("codes", JSONField())),
    ).values_list("commune_id", "territoire__cpts__nom", "territoire__cpts_id")


_OCCUPEES = LecturePreparee(_occupees_parmi)


def _occupations_gardees(
    date: datetime.date, memo: Memoire, deploiement: int
) -> tuple[tuple[int, datetime.date], Occupations]:
    """Les occupations déjà lues à la date, gardées par version des données du déploiement.

    Toute écriture d'un projet, d'une décision d'étape ou d'un territoire change cette version dans sa transaction
    (cpts.territoires.deploiement) : chaque ajout au compositeur ne lit plus que la commune ajoutée, et aucun processus
    ne sert une occupation d'avant une écriture faite ailleurs. La version `deploiement` est lue avant les unités
    (`_completer`) : une occupation n'est jamais gardée sous une version plus récente qu'elle.
    """
    cle = (deploiement, date)
    gardees = memo.occupations.get(cle)
    if gardees is None:
        if len(memo.occupations) >= OCCUPATIONS_MAX:
            memo.occupations.clear()
            memo.conflits_par_commune.clear()
        gardees = memo.occupations.setdefault(cle, {})
    return cle, gardees


def _completer(occupations: Occupations, codes: Iterable[str], date: datetime.date) -> Occupations:
    """Lit d'une requête les occupations des `codes` qui manquent encore."""
    manquants = [code for code in codes if code not in occupations]
    if manquants:
        lues: dict[str, list[tuple[str, int]]] = {code: [] for code in manquants}
        for code, cpts_nom, cpts_id in _OCCUPEES.lignes(date=date, codes=manquants):
            lues[code].append((cpts_nom, cpts_id))
        # D'un seul coup : un autre fil ne voit jamais une commune à moitié lue.
        occupations.update({code: tuple(occupantes) for code, occupantes in lues.items()})
    return occupations


def resumer(
    codes: Iterable[str],
    date: datetime.date | None = None,
    cpts_id: int | None = None,
    versions: tuple[Memoire, int] | None = None,
    suivi: str | None = None,
) -> Resume:
    """`versions` : la mémoire du référentiel et la version des données du déploiement que l'appelant vient de lire
    (le compositeur, `memoire_et_deploiement`), sinon relues ensemble. `suivi` nomme une
    composition qui change d'une commune à la fois (le brouillon d'un utilisateur) : sa contiguïté et ses enclaves se
    déduisent de celles de son résumé précédent dans ce processus (`d_un_seul_tenant_apres`, `trous_apres`)."""
    date = date or timezone.localdate()
    # Sans doublons ni codes vides, dans l'ordre demandé (en C : `filter` sans fonction ôte les textes vides).
    demandes = list(filter(None, dict.fromkeys(map(str.strip, codes))))
    memo, deploiement = versions or memoire_et_deploiement()
    cle_occupations, occupations = _occupations_gardees(date, memo, deploiement)
    unites = communes_actives(demandes, memo)
    connues = {unite.code for unite in unites}
    population = sum(map(attrgetter("population"), unites))
    # Sans contour, pas d'emprise : ces unités ne comptent dans aucun morceau, l'interface le dit.
    avec_contour = [unite for unite in unites if unite.lon_min is not None]
    voisines = {unite.code: memo.voisines[unite.code] for unite in avec_contour}
    precedente = memo.contiguites_suivies.get(suivi) if suivi else None
    contigu = (
        d_un_seul_tenant_apres(precedente.unites, precedente.contigu, voisines.keys(), memo.voisines)
        if precedente is not None
        else None
    )
    if contigu is None:
        contigu = d_un_seul_tenant(voisines)
    if suivi:
        _garder(memo.contiguites_suivies, suivi, ContiguiteSuivie(frozenset(voisines), contigu))
    return Resume(
        # Le même ordre d'un rendu à l'autre : le compositeur insère une ligne ajoutée après celle qui la précède (les
        # codes rangés par la méthode d'un dictionnaire, sans appel de fonction Python par commune).
        unites=[memo.communes[code] for code in sorted(connues, key=memo.ordre.__getitem__)],
        population=population,
        taille=taille_cpts(population) if unites else None,
        departements=sorted({unite.departement_id for unite in unites}),
        regions=sorted({unite.region_id for unite in unites}),
        conflits=_conflits_suivis(unites, connues, date, cpts_id, memo, (cle_occupations, occupations), suivi),
        contigu=contigu,
        sans_contour=sorted(connues - voisines.keys()),
        # Toutes connues quand il y en a autant que de demandées (`connues` en vient) : rien à parcourir.
        inconnues=[code for code in demandes if code not in connues] if len(connues) < len(demandes) else [],
        chevauchements=_chevauchements(unites, connues),
        date=date,
        memo=memo,
        occupations=occupations,
        suivi=suivi,
    )


def conflits(codes: Iterable[str], date: datetime.date, cpts_id: int | None = None) -> list[Chevauchement]:
    """Les seuls conflits du résumé, sans le reste (enclaves, contiguïté) : ce que vérifie un import."""
    memo, deploiement = memoire_et_deploiement()
    lues = _occupations_gardees(date, memo, deploiement)
    return _conflits(communes_actives(list(codes), memo), date, cpts_id, memo, lues)


def _chevauchements(unites: list[CommuneGardee], codes: set[str]) -> list[str]:
    """Une commune à arrondissements et l'un de ses arrondissements ne vont jamais ensemble (`codes` : ceux des
    `unites`)."""
    return sorted(
        f"{unite.nom} ({unite.code}) est un arrondissement d'une commune déjà choisie ({unite.commune_parent_id})"
        for unite in unites
        if unite.commune_parent_id in codes
    )


def _conflits_suivis(
    unites: list[CommuneGardee],
    connues: set[str],
    date: datetime.date,
    cpts_id: int | None,
    memo: Memoire,
    lues: tuple[tuple[int, datetime.date], Occupations],
    suivi: str | None,
) -> list[Chevauchement]:
    """Les conflits des `unites` (`connues` : leurs codes), déduits de ceux du clic précédent d'une composition `suivi`
    quand les occupations lues et la CPTS sont les mêmes (`_conflits_apres`), sinon calculés de zéro."""
    cle, occupations = lues
    precedents = memo.conflits_suivis.get(suivi) if suivi else None
    conflits = (
        _conflits_apres(precedents, connues, date, memo, occupations)
        if precedents is not None and precedents.occupations == cle and precedents.cpts_id == cpts_id
        else None
    )
    if conflits is None:
        conflits = _conflits(unites, date, cpts_id, memo, lues)
    if suivi:
        _garder(memo.conflits_suivis, suivi, ConflitsSuivis(frozenset(connues), cle, cpts_id, tuple(conflits)))
    return conflits


def _conflits_apres(
    precedents: ConflitsSuivis, connues: set[str], date: datetime.date, memo: Memoire, occupations: Occupations
) -> list[Chevauchement] | None:
    """Les conflits d'avant, moins ceux de la commune retirée ou plus ceux de la commune ajoutée, à leur rang ; None
    quand plus d'une commune a changé, ou qu'elle a une commune parente ou des arrondissements (ses conflits se mêlent
    alors à ceux d'autres communes choisies)."""
    ajoutees, retirees = connues - precedents.communes, precedents.communes - connues
    conflits = list(cast(tuple[Chevauchement, ...], precedents.conflits))
    if not ajoutees and not retirees:
        return conflits
    if len(ajoutees) + len(retirees) > 1:
        return None
    (code,) = ajoutees or retirees
    commune = memo.communes.get(code)
    if commune is None or commune.commune_parent_id or code in arrondissements(memo):
        return None
    debut = bisect_left(conflits, code, key=attrgetter("commune"))
    if retirees:
        fin = bisect_right(conflits, code, key=attrgetter("commune"))
        del conflits[debut:fin]
        return conflits
    _completer(occupations, [code], date)
    ajoutes = sorted(
        {
            Chevauchement(code, commune.nom, cpts_nom, autre_cpts_id)
            for cpts_nom, autre_cpts_id in occupations[code]
            if autre_cpts_id != precedents.cpts_id
        }
    )
    conflits[debut:debut] = ajoutes
    return conflits


def _conflits(
    unites: list[CommuneGardee],
    date: datetime.date,
    cpts_id: int | None,
    memo: Memoire,
    lues: tuple[tuple[int, datetime.date], Occupations],
) -> list[Chevauchement]:
    cle, occupations = lues
    # Une commune entre en conflit avec elle-même, avec sa commune parente et avec ses arrondissements.
    parents = {unite.commune_parent_id: unite for unite in unites if unite.commune_parent_id}
    par_code = {unite.code: unite for unite in unites}
    # Les arrondissements des communes choisies d'abord, puis un filtre sur l'index des unités : un « ou » sur la
    # commune jointe obligeait la base à parcourir toutes les unités de toutes les CPTS.
    par_parent = arrondissements(memo)
    # Les communes choisies qui ont des arrondissements, par une intersection d'ensembles (trois communes en France).
    des_choisies = {
        code: par_code[parent] for parent in par_code.keys() & par_parent.keys() for code in par_parent[parent]
    }
    # L'unité choisie que touche chaque unité occupée : elle-même, sa commune (arrondissement occupé) ou son
    # arrondissement (commune occupée), dans cet ordre ; sans jointure sur les communes (leurs lignes portent les
    # contours, longs à parcourir).
    choisie = {**parents, **des_choisies, **par_code}
    _completer(occupations, choisie, date)
    if not parents and not des_choisies:
        return _conflits_des_communes(par_code, cpts_id, memo.conflits_par_commune.setdefault(cle, {}), occupations)
    # Un même conflit peut venir d'une commune et de son arrondissement : dédoublonné, puis rangé par commune et CPTS
    # (l'identifiant départageant deux CPTS homonymes ; le nom de la commune suit son code), en n-uplets simples
    # jusqu'au bout, chacun fait conflit d'un coup (`_make`, sans le constructeur écrit en Python du n-uplet nommé).
    conflits = {
        (unite.code, unite.nom, cpts_nom, autre_cpts_id)
        for code, unite in choisie.items()
        for cpts_nom, autre_cpts_id in occupations[code]
        if autre_cpts_id != cpts_id
    }
    return list(map(Chevauchement._make, sorted(conflits)))


def _conflits_des_communes(
    par_code: dict[str, CommuneGardee],
    cpts_id: int | None,
    par_commune: dict[str, tuple[tuple[str, str, str, int], ...]],
    occupations: Occupations,
) -> list[Chevauchement]:
    """Les conflits de communes dont aucune n'a de commune parente ni d'arrondissement choisis (le cas courant) : ceux
    de chaque commune, rangés une fois sous les occupations lues (`par_commune`), mis bout à bout dans l'ordre des codes
    par des fonctions en C (200 communes, 136 conflits : 0,025 ms au lieu de 0,055 pour les dédoublonner et les
    ranger tous à chaque résumé)."""
    try:
        conflits = list(chain.from_iterable(map(par_commune.__getitem__, sorted(par_code))))
    except KeyError:
        # Les communes pas encore vues sous ces occupations, rangées puis gardées.
        for code in par_code.keys() - par_commune.keys():
            unite = par_code[code]
            par_commune[code] = tuple(
                map(Chevauchement._make, sorted({(code, unite.nom, *o) for o in occupations[code]}))
            )
        conflits = list(chain.from_iterable(map(par_commune.__getitem__, sorted(par_code))))
    return cast(list[Chevauchement], conflits if cpts_id is None else [c for c in conflits if c[3] != cpts_id])


def _enclaves(
    unites: list[CommuneGardee],
    avec_contour: list[CommuneGardee],
    date: datetime.date,
    memo: Memoire,
    occupations: Occupations,
    suivi: str | None = None,
) -> list[Enclave]:
    """Les communes d'aucune CPTS entièrement entourées par le territoire (dans un de ses trous).

    Un trou se cherche dans le graphe des voisines, depuis les voisines du territoire et sans sortir de son emprise
    (le rectangle qui le contient) ; le graphe est gardé en mémoire par version du référentiel. Les trous d'une
    composition `suivi` se déduisent de ceux de son clic précédent quand une seule unité couverte a changé et que
    l'emprise est la même ; sinon, et quand la déduction ne conclut pas, ils se cherchent de zéro.
    """
    if not avec_contour:
        return []
    choisies = {unite.code for unite in unites}
    # Une commune et ses arrondissements se recouvrent : choisir l'une couvre les autres.
    par_parent = arrondissements(memo)
    couvertes = (
        choisies
        | {unite.commune_parent_id for unite in unites if unite.commune_parent_id}
        | {code for parent in choisies & par_parent.keys() for code in par_parent[parent]}
    )
    # Lus par `attrgetter`, sans générateur repris à chaque commune (huit cents reprises par résumé).
    lon_min, lat_min = min(map(attrgetter("lon_min"), avec_contour)), min(map(attrgetter("lat_min"), avec_contour))
    lon_max, lat_max = max(map(attrgetter("lon_max"), avec_contour)), max(map(attrgetter("lat_max"), avec_contour))

    gardes = memo.sommets

    def dedans(codes: Collection[str]) -> dict[str, Voisinage | None]:
        # Les sommets gardés se lisent directement, sans liste ni dictionnaire intermédiaires, et se jugent sans appel
        # de fonction Python (quelque 350 par résumé de 200 communes). KeyError : un sommet n'est pas encore gardé.
        return {
            code: sommet.voisinage
            if (sommet := gardes[code]) is not None
            and (emprise := sommet.emprise) is not None
            and lon_min <= emprise[0]
            and lat_min <= emprise[1]
            and emprise[2] <= lon_max
            and emprise[3] <= lat_max
            else None
            for code in codes
        }

    def dans_l_emprise(codes: Collection[str]) -> dict[str, Voisinage | None]:
        try:
            return dedans(codes)
        except KeyError:
            # Ceux qui manquent, lus d'une requête et gardés dans la mémoire (`gardes`).
            sommets(codes, memo)
            return dedans(codes)

    emprise = (lon_min, lat_min, lon_max, lat_max)
    precedent = memo.trous_suivis.get(suivi) if suivi else None
    unites_des_trous = (
        trous_apres(precedent.couvertes, precedent.trous, couvertes, dans_l_emprise)
        if precedent is not None and precedent.emprise == emprise
        else None
    )
    if unites_des_trous is None:
        unites_des_trous = {code for groupe in trous(couvertes, dans_l_emprise) for code in groupe}
    if suivi:
        _garder(memo.trous_suivis, suivi, TrousSuivis(frozenset(couvertes), emprise, frozenset(unites_des_trous)))
    candidates = sorted(unites_des_trous)
    if not candidates:
        return []
    # Les communes des trous déjà dans une CPTS (la leur comprise) ne sont pas des enclaves : lues dans les occupations
    # gardées, comme les conflits, et nommées par la mémoire du référentiel (le graphe ne connaît que les actives).
    _completer(occupations, candidates, date)
    libres = communes_actives([code for code in candidates if not occupations[code]], memo)
    return sorted((Enclave(commune.code, commune.nom) for commune in libres), key=lambda enclave: enclave.nom)
