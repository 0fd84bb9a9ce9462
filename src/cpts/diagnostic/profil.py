"""Le profil d'un territoire : par thème, chaque indicateur pour le territoire, son département, sa région et la
France, avec les objectifs de la source et, quand l'indicateur se mesure par CPTS, la médiane, le minimum et le
maximum des CPTS du département.

Le territoire est une CPTS (son territoire en cours, et ses valeurs publiées par CPTS quand il y en a) ou une
composition libre de communes (le compositeur). Les règles d'agrégation et de secret sont dans
`cpts.regles.diagnostic` ; ici, on lit la base en un petit nombre de requêtes et on les applique.
"""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, DecimalField, F, Q, Sum

from cpts.diagnostic import integres
from cpts.diagnostic.models import Indicateur, Niveau, Valeur
from cpts.diagnostic.secret import cellule, seuil
from cpts.diagnostic.version import versions
from cpts.dossiers.models import Cpts
from cpts.regles.diagnostic import (
    Agregat,
    Cellule,
    Distribution,
    Masque,
    Nature,
    Sommes,
    agreger_sommes,
    distribution,
    secrete,
)
from cpts.territoires.models import Commune

COMPARAISONS = (Niveau.DEPARTEMENT, Niveau.REGION, Niveau.FRANCE)
# Les chiffres du référentiel d'un département, d'une région ou de la France ne changent qu'à l'import des communes :
# gardés une heure sous la version du référentiel (un import les rend caducs), ils évitent de parcourir 35 000
# communes à chaque profil. Les profils entiers, une heure aussi, sous les mêmes versions et l'empreinte des CPTS (une
# CPTS créée, retirée ou déplacée change la répartition des CPTS d'un département) : la durée ne fait que libérer la
# mémoire, aucune clé ne sert un profil périmé.
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
    # Département, région, France : vrai pour une valeur calculée des communes, que la source n'a pas publiée.
    calculees: tuple[bool, ...] = (False, False, False)


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


def _integres(codes: list[str], departement: str | None, region: str | None, version: int) -> Theme:
    integres.calculer_surfaces(codes)
    territoire = integres.chiffres(Commune.objects.filter(code__in=codes, active=True))
    comparaisons: list[integres.Chiffres | None] = []
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


@dataclass(frozen=True)
class Demande:
    """Le profil demandé et la clé sous laquelle il se garde : les communes, la CPTS et le titre, le seuil du secret,
    la version du référentiel, celle des valeurs d'indicateurs et l'empreinte des CPTS. Un import des communes ou
    des indicateurs, une CPTS créée, enregistrée ou supprimée, dans n'importe quel processus, change la clé."""

    communes: list[str]
    cpts: Cpts | None
    titre: str
    seuil: int
    referentiel: int
    cle: str


def demande(codes: Sequence[str], cpts: Cpts | None = None, titre: str = "") -> Demande:
    s = seuil()
    demandes = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    referentiel, indicateurs, des_cpts = versions()
    lieu = f"{cpts.pk}:{cpts.departement}:{cpts.region}:{cpts.nom}" if cpts else ""
    empreinte = hashlib.sha256("\n".join([lieu, titre, *sorted(demandes)]).encode()).hexdigest()
    cle = f"diagnostic:profil:{referentiel}:{indicateurs}:{des_cpts}:{s}:{empreinte}"
    return Demande(demandes, cpts, titre, s, referentiel, cle)


def profil(codes: Sequence[str], cpts: Cpts | None = None, titre: str = "") -> Profil:
    return profil_de(demande(codes, cpts, titre))


def profil_de(demande_: Demande) -> Profil:
    """Le profil, gardé en cache par processus sous la clé de la demande : le même territoire se relit souvent (la
    page d'une CPTS, ses exports, le profil du compositeur à chaque retour), il ne se recalcule qu'une fois par
    import."""
    resultat = cache.get(demande_.cle)
    if resultat is None:
        resultat = _calculer(demande_)
        cache.set(demande_.cle, resultat, DUREE_CACHE)
    return resultat


def _calculer(demande_: Demande) -> Profil:
    cpts, titre, s = demande_.cpts, demande_.titre, demande_.seuil
    communes = list(
        Commune.objects.filter(code__in=demande_.communes, active=True).values(
            "code", "departement_id", "region_id", "population"
        )
    )
    connues = [commune["code"] for commune in communes]
    departement, region = _lieux(communes, cpts)
    themes = [_integres(connues, departement, region, demande_.referentiel)]

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
    des_communes = _sommes_des_communes(connues, s)
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
    des_communes_par_annee: dict[int, dict[str, Any]],
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
        sommes = des_communes_par_annee.get(annee)
        territoire = agreger_sommes(nature, _sommes(nature, sommes), len(communes), s) if sommes else None
    lues = tuple(
        publiees.get(lieu)
        for lieu in ((Niveau.DEPARTEMENT, departement or ""), (Niveau.REGION, region or ""), (Niveau.FRANCE, "FR"))
    )
    comparaisons = tuple(_publiee(indicateur, valeur, s) for valeur in lues)
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
        calculees=tuple(valeur is not None and valeur.calculee for valeur in lues),
    )


def _sommes_des_communes(codes: list[str], s: int) -> dict[int, dict[int, dict[str, Any]]]:
    """Les valeurs des communes du territoire, sommées par la base : indicateur → année → comptes et sommes, en une
    requête groupée servie par l'index couvrant des valeurs (une cinquantaine de lignes, pas les 10 000 valeurs de
    200 communes). Les valeurs secrètes et agrégeables se comptent pour chaque nature : `_sommes` prend celles de la
    nature de l'indicateur."""
    if not codes:
        return {}

    def sous_le_seuil(champ: str) -> Q:
        return Q(**{f"{champ}__gt": 0, f"{champ}__lt": s})

    lignes = (
        Valeur.objects.filter(niveau=Niveau.COMMUNE, code__in=codes)
        .order_by()
        .values("indicateur_id", "annee")
        .annotate(
            presentes=Count("code"),
            secretes_effectif=Count("code", filter=sous_le_seuil("valeur")),
            secretes_taux=Count("code", filter=sous_le_seuil("numerateur") | sous_le_seuil("denominateur")),
            secretes_poids=Count("code", filter=sous_le_seuil("poids")),
            avec_valeur=Count("valeur"),
            avec_taux=Count("code", filter=Q(numerateur__isnull=False, denominateur__isnull=False)),
            avec_moyenne=Count("code", filter=Q(valeur__isnull=False, poids__isnull=False)),
            somme_valeur=Sum("valeur"),
            somme_numerateur=Sum("numerateur"),
            somme_denominateur=Sum("denominateur"),
            somme_poids=Sum("poids"),
            somme_produit=Sum(F("valeur") * F("poids"), output_field=DecimalField(max_digits=30, decimal_places=6)),
        )
    )
    resultat: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for ligne in lignes:
        resultat[ligne["indicateur_id"]][ligne["annee"]] = ligne
    return resultat


SECRETES = {Nature.EFFECTIF: "secretes_effectif", Nature.TAUX: "secretes_taux"}
AGREGEABLES = {Nature.EFFECTIF: "avec_valeur", Nature.TAUX: "avec_taux", Nature.MOYENNE: "avec_moyenne"}


def _sommes(nature: Nature, ligne: dict[str, Any]) -> Sommes:
    return Sommes(
        presentes=ligne["presentes"],
        secretes=ligne[SECRETES.get(nature, "secretes_poids")],
        agregeables=ligne[AGREGEABLES[nature]] if nature in AGREGEABLES else 0,
        total=Cellule(
            ligne["somme_valeur"], ligne["somme_numerateur"], ligne["somme_denominateur"], ligne["somme_poids"]
        ),
        produit=ligne["somme_produit"],
    )
