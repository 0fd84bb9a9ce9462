"""Ce que tous les profils d'un même lieu partagent, gardé en mémoire par processus : les indicateurs déclarés, et
pour un département et sa région, les valeurs publiées (ou calculées) du département, de la région, de la France et
des CPTS du département, déjà passées au secret statistique, et la répartition des CPTS.

Ces chiffres ne changent qu'avec un import d'indicateurs, un import des communes, une CPTS créée, supprimée ou
déplacée, ou un autre seuil du secret : la mémoire est gardée sous ces versions (cpts.diagnostic.version), relues à
chaque profil ; une version dépassée est abandonnée d'un coup, jamais servie. Le profil d'une composition nouvelle
n'a plus à lire que les sommes de ses communes.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from cpts.diagnostic import integres
from cpts.diagnostic.integres import Chiffres, CommuneLue
from cpts.diagnostic.models import Indicateur, Niveau, Valeur
from cpts.diagnostic.secret import cellule
from cpts.dossiers.models import Cpts
from cpts.regles.diagnostic import Agregat, Distribution, Masque, Nature, distribution, secrete

# Les versions du référentiel et des valeurs, l'empreinte des CPTS, le seuil du secret et si le masquage
# complémentaire a été calculé sous ce seuil.
Versions = tuple[int, int, str, int, bool]


@dataclass(frozen=True)
class IndicateurLu:
    pk: int
    code: str
    libelle: str
    theme: str
    unite: str
    nature: Nature
    source: str
    objectif_intermediaire: str
    objectif_cible: str


@dataclass(frozen=True)
class AnneeDuLieu:
    """Une année d'un indicateur vue d'un département : ce qui ne dépend pas des communes du territoire."""

    comparaisons: tuple[Agregat | None, ...]  # département, région, France
    calculees: tuple[bool, ...]
    distribution: Distribution | None
    cpts: dict[str, Agregat | None]  # les valeurs publiées des CPTS, par numéro


# Une année que seules les communes du territoire donnent.
SANS_VALEUR_DU_LIEU = AnneeDuLieu((None, None, None), (False, False, False), None, {})
# Indicateur → année → ce qui s'en lit depuis le département.
Contexte = dict[int, dict[int, AnneeDuLieu]]


@dataclass
class Memoire:
    indicateurs: list[IndicateurLu] | None = None
    contextes: dict[tuple[str | None, str | None, int | None], Contexte] = field(default_factory=dict)
    # Les chiffres tirés du référentiel pour un département, une région, la France (cpts.diagnostic.integres).
    integres: dict[tuple[str, str], Chiffres] = field(default_factory=dict)
    noms: dict[tuple[str, str], str] = field(default_factory=dict)
    # Les communes déjà lues ; None : inconnue ou inactive.
    communes: dict[str, CommuneLue | None] = field(default_factory=dict)


# Une seule version gardée. Un fil qui lit encore l'ancienne remplit une mémoire que plus personne ne consulte.
_par_version: dict[Versions, Memoire] = {}


def memoire(versions: Versions) -> Memoire:
    courante = _par_version.get(versions)
    if courante is None:
        courante = Memoire()
        _par_version.clear()
        _par_version[versions] = courante
    return courante


def indicateurs(memo: Memoire) -> list[IndicateurLu]:
    """Tous les indicateurs déclarés, dans l'ordre du profil (thème, ordre, code)."""
    if memo.indicateurs is None:
        memo.indicateurs = [
            IndicateurLu(
                i.pk,
                i.code,
                i.libelle,
                i.theme,
                i.unite,
                Nature(i.nature),
                i.source,
                i.objectif_intermediaire,
                i.objectif_cible,
            )
            for i in Indicateur.objects.order_by("theme", "ordre", "code")
        ]
    return memo.indicateurs


def communes_actives(memo: Memoire, codes: list[str]) -> list[CommuneLue]:
    """Les communes actives parmi `codes`, dans l'ordre donné ; seules celles jamais lues sous cette version le sont
    (une requête)."""
    manquantes = [code for code in codes if code not in memo.communes]
    if manquantes:
        lues = {commune.code: commune for commune in integres.lire_communes(manquantes)}
        # D'un seul coup : un autre fil du processus ne voit jamais une commune pas encore lue comme inconnue.
        memo.communes.update({code: lues.get(code) for code in manquantes})
    return [commune for code in codes if (commune := memo.communes[code]) is not None]


def nom_de(memo: Memoire, niveau: str, code: str) -> str:
    if (niveau, code) not in memo.noms:
        memo.noms[(niveau, code)] = integres.nom_de(niveau, code)
    return memo.noms[(niveau, code)]


def publiee(nature: Nature, valeur: Valeur | None, s: int, masques_a_jour: bool) -> Agregat | None:
    if valeur is None:
        return None
    if secrete(nature, cellule(valeur), s):
        return Agregat(cellule(valeur), Masque.SECRET)
    if valeur.masque_complementaire or not masques_a_jour:
        return Agregat(cellule(valeur), Masque.COMPLEMENTAIRE)
    return Agregat(cellule(valeur))


def _distribution(
    nature: Nature, publiee_: Valeur | None, des_cpts: list[Valeur], s: int, masques_a_jour: bool
) -> Distribution | None:
    if publiee_ is not None and publiee_.mediane_cpts is not None:
        return Distribution(publiee_.mediane_cpts, publiee_.minimum_cpts, publiee_.maximum_cpts, 0)  # type: ignore[arg-type]
    # Une valeur masquée n'entre pas dans le minimum ni le maximum : ils la montreraient.
    affichees = [
        v.valeur
        for v in des_cpts
        if v.valeur is not None
        and masques_a_jour
        and not v.masque_complementaire
        and not secrete(nature, cellule(v), s)
    ]
    return distribution(affichees) if len(affichees) >= 2 else None


def contexte(
    memo: Memoire, departement: str | None, region: str | None, cpts: int | None, versions: Versions
) -> Contexte:
    """Le contexte d'un département et de sa région ; `cpts` : une CPTS sans département, dont les valeurs publiées
    ne viennent pas avec celles des CPTS d'un département."""
    cle = (departement, region, cpts)
    if cle not in memo.contextes:
        memo.contextes[cle] = _lire_contexte(memo, departement, region, cpts, versions[3], versions[4])
    return memo.contextes[cle]


def _lire_contexte(
    memo: Memoire, departement: str | None, region: str | None, cpts: int | None, s: int, masques_a_jour: bool
) -> Contexte:
    lieux = Q(niveau=Niveau.FRANCE, code="FR")
    if departement:
        lieux |= Q(niveau=Niveau.DEPARTEMENT, code=departement)
    if region:
        lieux |= Q(niveau=Niveau.REGION, code=region)
    des_cpts = [str(pk) for pk in Cpts.objects.filter(departement=departement).values_list("pk", flat=True)]
    if not departement:
        des_cpts = []
    if cpts is not None:
        des_cpts.append(str(cpts))
    par_annee: dict[int, dict[int, list[Valeur]]] = defaultdict(lambda: defaultdict(list))
    for valeur in Valeur.objects.filter(lieux | Q(niveau=Niveau.CPTS, code__in=des_cpts)):
        par_annee[valeur.indicateur_id][valeur.annee].append(valeur)
    natures = {indicateur.pk: indicateur.nature for indicateur in indicateurs(memo)}
    resultat: Contexte = {}
    for indicateur_id, annees in par_annee.items():
        nature = natures.get(indicateur_id)
        if nature is None:  # déclaré après la lecture des indicateurs : un import vient de changer la version
            continue
        resultat[indicateur_id] = {}
        for annee, valeurs in annees.items():
            publiees = {(v.niveau, v.code): v for v in valeurs}
            lues = tuple(
                publiees.get(lieu)
                for lieu in (
                    (Niveau.DEPARTEMENT, departement or ""),
                    (Niveau.REGION, region or ""),
                    (Niveau.FRANCE, "FR"),
                )
            )
            cpts_lues = [v for v in valeurs if v.niveau == Niveau.CPTS]
            resultat[indicateur_id][annee] = AnneeDuLieu(
                comparaisons=tuple(publiee(nature, valeur, s, masques_a_jour) for valeur in lues),
                calculees=tuple(valeur is not None and valeur.calculee for valeur in lues),
                distribution=_distribution(nature, lues[0], cpts_lues, s, masques_a_jour),
                cpts={v.code: publiee(nature, v, s, masques_a_jour) for v in cpts_lues},
            )
    return resultat
