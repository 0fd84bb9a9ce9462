"""Le profil d'un territoire : par thème, chaque indicateur pour le territoire, son département, sa région et la
France, avec les objectifs de la source et, quand l'indicateur se mesure par CPTS, la médiane, le minimum et le
maximum des CPTS du département.

Le territoire est une CPTS (son territoire en cours, et ses valeurs publiées par CPTS quand il y en a) ou une
composition libre de communes (le compositeur). Les règles d'agrégation et de secret sont dans
`cpts.regles.diagnostic` ; ici, on lit la base en un petit nombre de requêtes et on les applique.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.core.cache import cache
from django.db import connection
from django.db.models import FloatField, Q
from django.db.models.functions import Cast

from cpts.diagnostic import integres
from cpts.diagnostic.models import Indicateur, Niveau, Valeur
from cpts.diagnostic.secret import cellule, seuil
from cpts.dossiers.models import Cpts
from cpts.regles.diagnostic import Agregat, Cellule, Distribution, Masque, Nature, agreger, distribution, secrete
from cpts.territoires.models import Commune
from cpts.territoires.version import version_referentiel

COMPARAISONS = (Niveau.DEPARTEMENT, Niveau.REGION, Niveau.FRANCE)
# Les chiffres du référentiel d'un département, d'une région ou de la France ne changent qu'à l'import des communes :
# gardés une heure sous la version du référentiel (un import les rend caducs), ils évitent de parcourir 35 000
# communes à chaque profil.
DUREE_CACHE = 3600


@dataclass(frozen=True)
class LigneProfil:
    code: str
    libelle: str
    unite: str
    nature: Nature
    annee: int | None
    source: str
    territoire: Agregat
    comparaisons: tuple[Agregat | None, ...]  # département, région, France
    objectif_intermediaire: str = ""
    objectif_cible: str = ""
    distribution: Distribution | None = None


@dataclass(frozen=True)
class Theme:
    nom: str
    lignes: list[LigneProfil]

    @property
    def avec_objectifs(self) -> bool:
        return any(ligne.objectif_intermediaire or ligne.objectif_cible for ligne in self.lignes)

    @property
    def avec_distribution(self) -> bool:
        return any(ligne.distribution for ligne in self.lignes)


@dataclass(frozen=True)
class Profil:
    titre: str
    communes: int
    departement: tuple[str, str] | None  # code, nom
    region: tuple[str, str] | None
    themes: list[Theme] = field(default_factory=list)
    seuil: int = 11

    @property
    def colonnes(self) -> list[str]:
        return [
            "Territoire",
            self.departement[1] if self.departement else "Département",
            self.region[1] if self.region else "Région",
            "France",
        ]


def _lieux(communes: Sequence[dict], cpts: Cpts | None) -> tuple[str | None, str | None]:
    """Le département et la région de comparaison : ceux de la CPTS, sinon ceux qui portent le plus d'habitants."""
    if cpts is not None:
        return cpts.departement, cpts.region
    population: dict[tuple[str, str], int] = defaultdict(int)
    for commune in communes:
        population[(commune["departement_id"], commune["region_id"])] += commune["population"]
    if not population:
        return None, None
    return max(population, key=lambda lieu: (population[lieu], lieu))


def _integres(codes: list[str], departement: str | None, region: str | None) -> Theme:
    integres.calculer_surfaces(codes)
    territoire = integres.chiffres(Commune.objects.filter(code__in=codes, active=True))
    comparaisons: list[integres.Chiffres | None] = []
    version = version_referentiel()
    for niveau, code in ((Niveau.DEPARTEMENT, departement), (Niveau.REGION, region), (Niveau.FRANCE, "FR")):
        if code is None:
            comparaisons.append(None)
            continue
        comparaisons.append(
            cache.get_or_set(
                f"diagnostic:integres:{version}:{niveau}:{code}",
                lambda niveau=niveau, code=code: integres.chiffres(integres.communes_de(niveau, code)),
                DUREE_CACHE,
            )
        )
    lignes = []
    for code, (libelle, unite) in integres.LIGNES.items():
        nature = Nature.TAUX if code == "part_petites_communes" else Nature.EFFECTIF

        def agregat(chiffres: integres.Chiffres | None, code: str = code) -> Agregat | None:
            if chiffres is None:
                return None
            valeur = chiffres.valeur(code)
            return Agregat(Cellule(valeur), Masque.INCOMPLET if valeur is None else None)

        lignes.append(
            LigneProfil(
                code=code,
                libelle=libelle,
                unite=unite,
                nature=nature,
                annee=None,
                source="Référentiel des communes (Insee, découpage administratif et contours)",
                territoire=agregat(territoire) or Agregat(Cellule(), Masque.INCOMPLET),
                comparaisons=tuple(agregat(c) for c in comparaisons),
            )
        )
    return Theme(integres.THEME, lignes)


def _publiee(indicateur: Indicateur, valeur: Valeur | None, s: int) -> Agregat | None:
    if valeur is None:
        return None
    if secrete(Nature(indicateur.nature), cellule(valeur), s):
        return Agregat(cellule(valeur), Masque.SECRET)
    if valeur.masque_complementaire:
        return Agregat(cellule(valeur), Masque.COMPLEMENTAIRE)
    return Agregat(cellule(valeur))


def _distribution(
    indicateur: Indicateur, publiee: Valeur | None, des_cpts: list[Valeur], s: int
) -> Distribution | None:
    if publiee is not None and publiee.mediane_cpts is not None:
        return Distribution(publiee.mediane_cpts, publiee.minimum_cpts, publiee.maximum_cpts, 0)  # type: ignore[arg-type]
    nature = Nature(indicateur.nature)
    # Une valeur masquée n'entre pas dans le minimum ni le maximum : ils la montreraient.
    affichees = [
        v.valeur
        for v in des_cpts
        if v.valeur is not None and not v.masque_complementaire and not secrete(nature, cellule(v), s)
    ]
    return distribution(affichees) if len(affichees) >= 2 else None


def profil(codes: Sequence[str], cpts: Cpts | None = None, titre: str = "") -> Profil:
    s = seuil()
    demandes = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    communes = list(
        Commune.objects.filter(code__in=demandes, active=True).values(
            "code", "departement_id", "region_id", "population"
        )
    )
    connues = [commune["code"] for commune in communes]
    departement, region = _lieux(communes, cpts)
    themes = [_integres(connues, departement, region)]

    lieux_publies = Q(niveau=Niveau.FRANCE, code="FR")
    if departement:
        lieux_publies |= Q(niveau=Niveau.DEPARTEMENT, code=departement)
    if region:
        lieux_publies |= Q(niveau=Niveau.REGION, code=region)
    cpts_du_departement = (
        [str(pk) for pk in Cpts.objects.filter(departement=departement).values_list("pk", flat=True)]
        if departement
        else []
    )
    publiees = Valeur.objects.filter(
        lieux_publies | Q(niveau=Niveau.CPTS, code__in=cpts_du_departement + ([str(cpts.pk)] if cpts else []))
    )
    par_indicateur: dict[int, list[Valeur]] = defaultdict(list)
    for valeur in publiees:
        par_indicateur[valeur.indicateur_id].append(valeur)
    des_communes = _valeurs_des_communes(connues)
    for indicateur_id in des_communes:
        par_indicateur.setdefault(indicateur_id, [])

    par_theme: dict[str, list[LigneProfil]] = defaultdict(list)
    for indicateur in Indicateur.objects.filter(pk__in=par_indicateur):
        ligne = _ligne(
            indicateur,
            par_indicateur[indicateur.pk],
            des_communes.get(indicateur.pk, {}),
            connues,
            (cpts, departement, region),
            s,
        )
        if ligne is not None:
            par_theme[indicateur.theme].append(ligne)
    themes += [Theme(nom, lignes) for nom, lignes in par_theme.items()]
    return Profil(
        titre=titre or (f"CPTS {cpts.nom}" if cpts else "Territoire composé"),
        communes=len(connues),
        departement=(departement, integres.nom_de("departement", departement)) if departement else None,
        region=(region, integres.nom_de("region", region)) if region else None,
        themes=themes,
        seuil=s,
    )


def _ligne(
    indicateur: Indicateur,
    valeurs: list[Valeur],
    des_communes_par_annee: dict[int, dict[str, Cellule]],
    communes: list[str],
    lieux: tuple[Cpts | None, str | None, str | None],
    s: int,
) -> LigneProfil | None:
    """La ligne de l'indicateur pour sa dernière année connue ici ; None si rien ne concerne ce territoire."""
    cpts, departement, region = lieux
    annee = max([valeur.annee for valeur in valeurs] + list(des_communes_par_annee))
    de_l_annee = [valeur for valeur in valeurs if valeur.annee == annee]
    publiees = {(v.niveau, v.code): v for v in de_l_annee}
    nature = Nature(indicateur.nature)
    propre = publiees.get((Niveau.CPTS, str(cpts.pk))) if cpts else None
    if propre is not None:
        territoire = _publiee(indicateur, propre, s)
    else:
        des_communes = des_communes_par_annee.get(annee)
        territoire = agreger(nature, [des_communes.get(c) for c in communes], s) if des_communes else None
    comparaisons = (
        _publiee(indicateur, publiees.get((Niveau.DEPARTEMENT, departement or "")), s),
        _publiee(indicateur, publiees.get((Niveau.REGION, region or "")), s),
        _publiee(indicateur, publiees.get((Niveau.FRANCE, "FR")), s),
    )
    des_cpts = [v for v in de_l_annee if v.niveau == Niveau.CPTS and (cpts is None or v.code != str(cpts.pk))]
    if cpts is not None and propre is not None:
        des_cpts.append(propre)
    repartition = _distribution(indicateur, publiees.get((Niveau.DEPARTEMENT, departement or "")), des_cpts, s)
    if territoire is None and not any(comparaisons) and repartition is None:
        return None
    return LigneProfil(
        code=indicateur.code,
        libelle=indicateur.libelle,
        unite=indicateur.unite,
        nature=nature,
        annee=annee,
        source=indicateur.source,
        territoire=territoire or Agregat(Cellule(), Masque.INCOMPLET),
        comparaisons=comparaisons,
        objectif_intermediaire=indicateur.objectif_intermediaire,
        objectif_cible=indicateur.objectif_cible,
        distribution=repartition,
    )


@lru_cache(maxsize=65_536)
def _decimal(nombre: float | None) -> Decimal | None:
    # Lu en flottant (sans les convertisseurs de Django, coûteux sur des milliers de valeurs), relu en décimal :
    # exactement pour un compte entier, par son écriture la plus courte sinon (0,306 reste 0,306). Les mêmes
    # nombres reviennent souvent (comptes de patients) : la conversion est gardée.
    if nombre is None:
        return None
    return Decimal(nombre) if nombre.is_integer() else Decimal(repr(nombre))


def _valeurs_des_communes(codes: list[str]) -> dict[int, dict[int, dict[str, Cellule]]]:
    """Les valeurs des communes du territoire : indicateur → année → commune → cellule, en une requête."""
    if not codes:
        return {}
    flottants = {champ: Cast(champ, FloatField()) for champ in ("valeur", "numerateur", "denominateur", "poids")}
    lignes = (
        Valeur.objects.filter(niveau=Niveau.COMMUNE, code__in=codes)
        .annotate(**{f"{champ}_f": expression for champ, expression in flottants.items()})
        .order_by()
        .values_list("indicateur_id", "annee", "code", "valeur_f", "numerateur_f", "denominateur_f", "poids_f")
    )
    # La requête de l'ORM, exécutée sans ses convertisseurs : des nombres bruts de la base.
    sql, parametres = lignes.query.sql_with_params()
    with connection.cursor() as curseur:
        curseur.execute(sql, parametres)
        brutes = curseur.fetchall()
    resultat: dict[int, dict[int, dict[str, Cellule]]] = defaultdict(lambda: defaultdict(dict))
    for indicateur_id, annee, code, valeur, numerateur, denominateur, poids in brutes:
        resultat[indicateur_id][annee][code] = Cellule(
            _decimal(valeur), _decimal(numerateur), _decimal(denominateur), _decimal(poids)
        )
    return resultat
