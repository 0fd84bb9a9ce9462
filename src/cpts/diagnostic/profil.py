"""Le profil d'un territoire : par thème, chaque indicateur pour le territoire, son département, sa région et la
France, avec les objectifs de la source et, quand l'indicateur se mesure par CPTS, la médiane, le minimum et le
maximum des CPTS du département.

Le territoire est une CPTS (son territoire en cours, et ses valeurs publiées par CPTS quand il y en a) ou une
composition libre de communes (le compositeur). Les règles d'agrégation et de secret sont dans
`cpts.regles.diagnostic` ; ici, on lit la base en un petit nombre de requêtes et on les applique.
"""

import decimal
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import connection

from cpts.diagnostic import integres
from cpts.diagnostic.memoire import (
    SANS_VALEUR_DU_LIEU,
    AnneeDuLieu,
    IndicateurLu,
    Memoire,
    Versions,
    communes_actives,
    contexte,
    indicateurs,
    memoire,
    nom_de,
)
from cpts.diagnostic.models import Niveau, Valeur
from cpts.diagnostic.secret import seuil
from cpts.diagnostic.version import versions
from cpts.dossiers.models import Cpts
from cpts.regles.diagnostic import Agregat, Cellule, Distribution, Masque, Nature, Sommes, agreger_sommes

COMPARAISONS = (Niveau.DEPARTEMENT, Niveau.REGION, Niveau.FRANCE)
# Les profils entiers, gardés une heure sous les versions du référentiel et des valeurs, l'empreinte des CPTS (une
# CPTS créée, retirée ou déplacée change la répartition des CPTS d'un département) et le seuil du secret : la durée
# ne fait que libérer la mémoire, aucune clé ne sert un profil périmé. Ce que partagent les profils d'un même
# département se garde sous les mêmes versions (cpts.diagnostic.memoire).
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


def _lieux(communes: Sequence[integres.CommuneLue], cpts: Cpts | None) -> tuple[str | None, str | None]:
    """Le département et la région de comparaison : ceux de la CPTS, sinon ceux qui portent le plus d'habitants."""
    if cpts is not None:
        return cpts.departement, cpts.region
    population: dict[tuple[str, str], int] = defaultdict(int)
    for commune in communes:
        population[(commune.departement, commune.region)] += commune.population
    if not population:
        return None, None
    return max(population, key=lambda lieu: (population[lieu], lieu))


def _integres(
    communes: Sequence[integres.CommuneLue], departement: str | None, region: str | None, memo: Memoire
) -> Theme:
    territoire = integres.chiffres_des_communes(communes)
    comparaisons: list[integres.Chiffres | None] = []
    for niveau, code in ((Niveau.DEPARTEMENT, departement), (Niveau.REGION, region), (Niveau.FRANCE, "FR")):
        if code is None:
            comparaisons.append(None)
            continue
        if (niveau, code) not in memo.integres:
            memo.integres[(niveau, code)] = integres.chiffres(integres.communes_de(niveau, code))
        comparaisons.append(memo.integres[(niveau, code)])
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


@dataclass(frozen=True)
class Demande:
    """Le profil demandé et la clé sous laquelle il se garde : les communes, la CPTS et le titre, le seuil du secret,
    la version du référentiel, celle des valeurs d'indicateurs et l'empreinte des CPTS. Un import des communes ou
    des indicateurs, une CPTS créée, enregistrée ou supprimée, dans n'importe quel processus, change la clé."""

    communes: list[str]
    cpts: Cpts | None
    titre: str
    versions: Versions
    cle: str

    @property
    def seuil(self) -> int:
        return self.versions[3]


def demande(codes: Sequence[str], cpts: Cpts | None = None, titre: str = "") -> Demande:
    s = seuil()
    demandes = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    referentiel, indicateurs, des_cpts, seuil_des_masques = versions()
    lieu = f"{cpts.pk}:{cpts.departement}:{cpts.region}:{cpts.nom}" if cpts else ""
    empreinte = hashlib.sha256("\n".join([lieu, titre, *sorted(demandes)]).encode()).hexdigest()
    cle = f"diagnostic:profil:{referentiel}:{indicateurs}:{des_cpts}:{s}:{empreinte}"
    # Le masquage complémentaire calculé sous un autre seuil ne dit plus rien (le réglage a changé depuis le dernier
    # recalcul) : jusqu'au prochain, aucune valeur publiée ne s'affiche.
    masques_a_jour = seuil_des_masques in (None, s)
    return Demande(demandes, cpts, titre, (referentiel, indicateurs, des_cpts, s, masques_a_jour), cle)


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
    memo = memoire(demande_.versions)
    communes = communes_actives(memo, demande_.communes)
    connues = [commune.code for commune in communes]
    departement, region = _lieux(communes, cpts)
    themes = [_integres(communes, departement, region, memo)]
    # Une CPTS sans département : ses valeurs publiées ne viennent pas avec celles des CPTS d'un département.
    hors_departement = cpts.pk if cpts is not None and not departement else None
    lieu = contexte(memo, departement, region, hors_departement, demande_.versions)
    liste = indicateurs(memo)
    des_communes = _sommes_des_communes(connues, {i.pk: i.nature for i in liste}, s)
    par_theme: dict[str, list[LigneProfil]] = defaultdict(list)
    for indicateur in liste:
        if indicateur.pk not in lieu and indicateur.pk not in des_communes:
            continue
        ligne = _ligne(indicateur, lieu.get(indicateur.pk, {}), des_communes.get(indicateur.pk, {}), connues, cpts, s)
        if ligne is not None:
            par_theme[indicateur.theme].append(ligne)
    themes += [Theme(nom, lignes) for nom, lignes in par_theme.items()]
    return Profil(
        titre=titre or (f"CPTS {cpts.nom}" if cpts else "Territoire composé"),
        communes=len(connues),
        departement=(departement, nom_de(memo, "departement", departement)) if departement else None,
        region=(region, nom_de(memo, "region", region)) if region else None,
        themes=themes,
        seuil=s,
    )


def _ligne(
    indicateur: IndicateurLu,
    du_lieu: dict[int, AnneeDuLieu],
    des_communes_par_annee: dict[int, Sommes],
    communes: list[str],
    cpts: Cpts | None,
    s: int,
) -> LigneProfil | None:
    """La ligne de l'indicateur pour sa dernière année connue ici ; None si rien ne concerne ce territoire."""
    annee = max([*du_lieu, *des_communes_par_annee])
    lieu = du_lieu.get(annee, SANS_VALEUR_DU_LIEU)
    propre = lieu.cpts.get(str(cpts.pk)) if cpts else None
    if propre is not None:
        territoire: Agregat | None = propre
    else:
        sommes = des_communes_par_annee.get(annee)
        territoire = agreger_sommes(indicateur.nature, sommes, len(communes), s) if sommes else None
    if territoire is None and not any(lieu.comparaisons) and lieu.distribution is None:
        return None
    return LigneProfil(
        code=indicateur.code,
        libelle=indicateur.libelle,
        unite=indicateur.unite,
        nature=indicateur.nature,
        annee=annee,
        source=indicateur.source,
        territoire=territoire or Agregat(Cellule(), Masque.INCOMPLET),
        comparaisons=lieu.comparaisons,
        objectif_intermediaire=indicateur.objectif_intermediaire,
        objectif_cible=indicateur.objectif_cible,
        distribution=lieu.distribution,
        calculees=lieu.calculees,
    )


# Les sommes des valeurs des communes d'un territoire, par indicateur et par année : combien de valeurs, combien
# sous le seuil du secret et combien agrégeables pour chaque nature, et leurs sommes. Écrite à la main plutôt que par
# l'ORM (sa compilation et ses convertisseurs coûtaient autant que la requête) ; FILTER se lit sur SQLite comme sur
# PostgreSQL.
SOMMES = """
SELECT indicateur_id, annee,
    COUNT(*),
    COUNT(*) FILTER (WHERE valeur > 0 AND valeur < %(s)s),
    COUNT(*) FILTER (WHERE (numerateur > 0 AND numerateur < %(s)s) OR (denominateur > 0 AND denominateur < %(s)s)),
    COUNT(*) FILTER (WHERE poids > 0 AND poids < %(s)s),
    COUNT(valeur),
    COUNT(*) FILTER (WHERE numerateur IS NOT NULL AND denominateur IS NOT NULL),
    COUNT(*) FILTER (WHERE valeur IS NOT NULL AND poids IS NOT NULL),
    SUM(valeur), SUM(numerateur), SUM(denominateur), SUM(poids), SUM(valeur * poids)
FROM {table} WHERE niveau = %(niveau)s AND code IN ({codes})
GROUP BY indicateur_id, annee
"""
# SQLite rend ses sommes en flottants (15 chiffres significatifs) : relues comme le fait Django pour un agrégat.
DECIMAL_SQLITE = decimal.Context(prec=15)


def _decimal(nombre: Decimal | float | None) -> Decimal | None:
    if nombre is None or isinstance(nombre, Decimal):
        return nombre
    return DECIMAL_SQLITE.create_decimal_from_float(nombre)


def _sommes_des_communes(codes: list[str], natures: dict[int, Nature], s: int) -> dict[int, dict[int, Sommes]]:
    """Les valeurs des communes du territoire, sommées par la base : indicateur → année → sommes, en une requête
    groupée servie par l'index couvrant des valeurs (une cinquantaine de lignes, pas les 10 000 valeurs de 200
    communes). Les valeurs secrètes et agrégeables se comptent pour chaque nature : on garde celles de la nature de
    l'indicateur."""
    if not codes:
        return {}
    parametres: dict[str, object] = {"s": s, "niveau": Niveau.COMMUNE.value}
    parametres |= {f"c{rang}": code for rang, code in enumerate(codes)}
    requete = SOMMES.format(table=Valeur._meta.db_table, codes=", ".join(f"%(c{rang})s" for rang in range(len(codes))))
    with connection.cursor() as curseur:
        curseur.execute(requete, parametres)
        lignes = curseur.fetchall()
    resultat: dict[int, dict[int, Sommes]] = defaultdict(dict)
    for indicateur_id, annee, presentes, *comptes, valeur, numerateur, denominateur, poids, produit in lignes:
        nature = natures.get(indicateur_id)
        if nature is None:  # un indicateur déclaré après la lecture des indicateurs (un import en cours)
            continue
        secretes = dict(zip((Nature.EFFECTIF, Nature.TAUX, Nature.MOYENNE), comptes[:3], strict=True))
        agregeables = dict(zip((Nature.EFFECTIF, Nature.TAUX, Nature.MOYENNE), comptes[3:], strict=True))
        resultat[indicateur_id][annee] = Sommes(
            presentes=presentes,
            # Une médiane ne s'agrège pas : ses poids seuls disent si elle est secrète.
            secretes=secretes.get(nature, secretes[Nature.MOYENNE]),
            agregeables=agregeables.get(nature, 0),
            total=Cellule(_decimal(valeur), _decimal(numerateur), _decimal(denominateur), _decimal(poids)),
            produit=_decimal(produit),
        )
    return resultat
