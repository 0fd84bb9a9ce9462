"""L'état calculé de chaque contrat, gardé en base : les lignes de son échéancier (dû, versé, dates) et ses alertes
datées (`cpts.contrats.bascules`). Les listes d'un agent (accueil, alertes, versements à venir, et leurs API) le
lisent par des requêtes filtrées, triées et paginées en SQL, le jour demandé comparé en SQL, au lieu de recalculer
l'échéancier et les alertes de tous les contrats de la région à chaque affichage. Le nombre et chaque page lus sont
gardés dans le processus sous la version des données du déploiement, que toute écriture qui périme un état change
(`_version_avant_lecture`) : une page relue sans écriture entre-temps n'est plus lue en SQL.

Jamais d'état périmé servi : toute écriture qui peut le changer (`cpts.contrats.entrees_etat`) supprime, dans sa
transaction, la ligne `EtatContrat` du contrat ; une lecture recalcule d'abord les contrats de son périmètre qui
n'en ont pas (aucun d'habitude : une requête). Le calcul prend le verrou des contrats, comme l'écriture qui les
déclare périmés : une écriture pendant un calcul attend sa fin pour effacer ce qu'il vient d'écrire.

Plus de 400 lignes : le calcul gardé, sa péremption vue à la lecture et les lectures des listes se lisent ensemble,
chacune réglée sur les deux autres (version du calcul, verrou des contrats, écritures retenues d'un bloc groupé).
"""

import hashlib
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import (
    Case,
    Exists,
    Expression,
    IntegerField,
    JSONField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cpts.contrats.alertes import Alerte
from cpts.contrats.bascules import alertes_datees
from cpts.contrats.echeancier import Ligne, LigneAVenir, echeancier_du_contrat
from cpts.contrats.enums import Niveau, TypeAlerte
from cpts.contrats.lus import CONTRAT_LU, lecteur_de_contrats
from cpts.contrats.models import AlerteEtat, Contrat, EtatContrat, LigneEtat
from cpts.contrats.peremption import perimer_les_retenues
from cpts.contrats.perimetre import ContratsVisibles, contrats_et_versions
from cpts.contrats.prechargement import precharger
from cpts.preparees import (
    RANG_DE_FIN,
    ElementsJson,
    LecturePreparee,
    ListePreparee,
    Parametre,
    PremieresLignes,
    ValeurAuRang,
    garder,
    nombre_et_total,
)
from cpts.territoires.deploiement import version_deploiement

LOT = 100
ORDRE_LISTES = ("contrat__cpts__nom", "contrat_id")
"""L'ordre des contrats des pages de listes (`cpts__nom`, `pk`) : il départage les alertes et lignes égales."""
COLONNES_LIGNE = (
    "annee",
    "mission",
    "volet",
    "nature",
    "montant",
    "du_le",
    "au_plus_tard",
    "base",
    "definitif",
    "paye",
    "texte",
    "lecture",
    "references",
)
"""Ce que les listes lisent d'une ligne gardée, avant son contrat (`CONTRAT_LU`)."""

SOURCES_DU_CALCUL = ("regles", "contrats", "comptabilite")


@cache
def version_du_calcul() -> str:
    """L'empreinte du code et des paramètres qui calculent l'état (règles, textes, réglages) : un déploiement qui
    les change périme tous les états sans qu'aucune donnée ne change."""
    racine = Path(__file__).resolve().parent.parent
    empreinte = hashlib.sha256()
    for dossier in SOURCES_DU_CALCUL:
        for chemin in sorted((racine / dossier).rglob("*")):
            if chemin.suffix in (".py", ".yaml") and "migrations" not in chemin.parts:
                empreinte.update(chemin.read_bytes())
    return empreinte.hexdigest()[:16]


def _sans_etat() -> Exists:
    return ~Exists(EtatContrat.objects.filter(contrat_id=OuterRef("pk"), version=version_du_calcul()))


def _etat(contrat: Contrat, le: date) -> tuple[EtatContrat, list[LigneEtat], list[AlerteEtat]]:
    echeancier = echeancier_du_contrat(contrat, le)
    lignes = [
        LigneEtat(
            contrat=contrat,
            rang=rang,
            annee=ligne.annee,
            mission=ligne.mission,
            volet=ligne.volet,
            nature=ligne.nature,
            montant=ligne.montant,
            paye=ligne.paye,
            restant=ligne.restant,
            du_le=ligne.du_le,
            au_plus_tard=ligne.au_plus_tard,
            base=ligne.base,
            definitif=ligne.definitif,
            texte=ligne.texte,
            lecture=ligne.lecture,
            references=ligne.references,
        )
        for rang, ligne in enumerate(echeancier.lignes)
    ]
    alertes = [
        AlerteEtat(
            contrat=contrat,
            rang=alerte.rang,
            depuis=alerte.depuis,
            jusqu_au=alerte.jusqu_au,
            type=alerte.type,
            niveau=alerte.niveau,
            echeance=alerte.echeance,
            message=alerte.message,
        )
        for alerte in alertes_datees(contrat, echeancier)
    ]
    etat = EtatContrat(contrat=contrat, version=version_du_calcul(), avertissements=echeancier.avertissements)
    return etat, lignes, alertes


def recalculer(
    contrats: QuerySet[Contrat], *, tous: bool = False, progression: Callable[[int], None] | None = None
) -> int:
    """Recalcule l'état des contrats périmés de `contrats` (de tous avec `tous`), par lots ; rend leur nombre. Dans un
    bloc groupé, les écritures retenues sont périmées d'abord : la fin du bloc n'efface pas l'état calculé ici."""
    perimer_les_retenues()
    a_voir = contrats.order_by() if tous else contrats.order_by().filter(_sans_etat())
    ids = sorted(a_voir.values_list("pk", flat=True))
    # Le jour ne donne que le statut des lignes de l'échéancier calculé, que l'état ne garde pas.
    le = timezone.localdate()
    for debut in range(0, len(ids), LOT):
        with transaction.atomic():
            verrouilles = Contrat.objects.select_for_update().filter(pk__in=ids[debut : debut + LOT]).order_by("pk")
            lot = list(verrouilles.values_list("pk", flat=True))
            # Un autre calcul a pu passer pendant l'attente du verrou : ce qu'il a fait n'est pas refait.
            lot = (
                lot
                if tous
                else list(Contrat.objects.filter(pk__in=lot).filter(_sans_etat()).values_list("pk", flat=True))
            )
            etats, lignes, alertes = [], [], []
            # Les indemnités des exercices aussi : les alertes de l'emploi des fonds les lisent à chaque jour de
            # bascule du contrat (une requête par jour et par contrat sinon, le cinquième du chargement de la démo).
            contrats = precharger(Contrat.objects.filter(pk__in=lot).select_related("cpts")).prefetch_related(
                "cpts__exercices_precharges__indemnites"
            )
            for contrat in contrats:
                etat, lignes_contrat, alertes_contrat = _etat(contrat, le)
                etats.append(etat)
                lignes.extend(lignes_contrat)
                alertes.extend(alertes_contrat)
            for modele in (LigneEtat, AlerteEtat, EtatContrat):
                modele.objects.filter(contrat_id__in=lot).delete()
            LigneEtat.objects.bulk_create(lignes, batch_size=500)
            AlerteEtat.objects.bulk_create(alertes, batch_size=500)
            EtatContrat.objects.bulk_create(etats)
        if progression is not None:
            progression(len(lot))
    return len(ids)


def contrats_a_jour(contrats: QuerySet[Contrat] | ContratsVisibles) -> list[int]:
    """Les contrats de `contrats`, lus une fois par liste (avec la validité de leur état), ceux dont l'état manque
    recalculés d'abord : les lectures préparées des listes les reçoivent en un seul paramètre, au lieu de compiler
    chacune le filtre du périmètre (la compilation par l'ORM coûtait plus que l'exécution de ces requêtes)."""
    perimer_les_retenues()
    version = version_du_calcul()
    ids, perimes = [], []
    for pk, version_lue in contrats_et_versions(contrats):
        ids.append(pk)
        if version_lue != version:
            perimes.append(pk)
    if perimes:
        recalculer(Contrat.objects.filter(pk__in=perimes))
    # Triés : la même liste à chaque lecture, donc la même clé des listes gardées (`_cle_de_liste`) ; PostgreSQL rend
    # les lignes d'un DISTINCT dans un ordre quelconque.
    ids.sort()
    return ids


def _version_avant_lecture() -> int:
    """La version des données du déploiement (`cpts.territoires.deploiement`), lue avant les contrats d'une liste et
    leur état : toute écriture qui change une liste (l'état d'un contrat, sa CPTS) la change dans sa transaction, et
    ce qu'une liste garde sous elle (`_cle_de_liste`) n'est donc jamais plus ancien qu'elle. Les écritures retenues
    d'un bloc groupé sont périmées d'abord : la version lue dans une transaction qui a écrit est alors la sienne, que
    personne d'autre ne lit tant qu'elle n'est pas validée (et plus personne si elle est annulée)."""
    perimer_les_retenues()
    return version_deploiement()


def _cle_de_liste(version: int, nom: str, valeurs: dict[str, Any]) -> str:
    """La clé sous laquelle une liste garde son nombre et ses tranches (`ListePreparee`, `cle`) : la version lue avant
    elle, la lecture et ses valeurs (contrats du périmètre, jour, filtres). Une liste relue sans écriture entre-temps
    (une page rouverte, la même page pour un autre agent de la région) n'est plus ni comptée ni triée en SQL : le
    comptage et la page des 882 alertes d'une région coûtaient 0,8 ms, ceux des versements à venir 0,6 ms."""
    empreinte = hashlib.sha256(repr(sorted(valeurs.items())).encode()).hexdigest()[:32]
    return f"etat:{version}:{nom}:{empreinte}"


def _parametre(nom: str, modele: type[Model], champ: str) -> Parametre:
    return Parametre(nom, modele._meta.get_field(champ))


def _des_contrats() -> ElementsJson:
    return ElementsJson(Parametre("contrats", JSONField()), entiers=True)


def _alertes_filtrees(type: bool, niveau: bool) -> QuerySet[AlerteEtat]:
    """Les alertes des contrats (paramètre `contrats`) qui se lisent le jour `le`, de l'objet et du niveau demandés."""
    le = _parametre("le", AlerteEtat, "depuis")
    filtrees = AlerteEtat.objects.filter(
        Q(depuis__lte=le), Q(jusqu_au__isnull=True) | Q(jusqu_au__gt=le), contrat_id__in=_des_contrats()
    )
    if type:
        filtrees = filtrees.filter(type=_parametre("type", AlerteEtat, "type"))
    if niveau:
        filtrees = filtrees.filter(niveau=_parametre("niveau", AlerteEtat, "niveau"))
    return filtrees


def _alertes_triees(alertes: QuerySet[AlerteEtat], ordre_contrats: tuple[str, ...]) -> QuerySet[Any]:
    """`alertes` en retard d'abord, puis par échéance (le jour `le` pour celles qui n'en ont pas), par nom de CPTS et
    dans l'ordre des contrats demandé."""
    bientot = Case(When(niveau=Niveau.EN_RETARD, then=Value(0)), default=Value(1), output_field=IntegerField())
    jour = Coalesce("echeance", _parametre("le", AlerteEtat, "echeance"))
    return alertes.order_by(bientot, jour, "contrat__cpts__nom", *ordre_contrats, "rang")


@cache
def _lecture_des_alertes(type: bool, niveau: bool, ordre_contrats: tuple[str, ...], tranchee: bool) -> LecturePreparee:
    """Les alertes filtrées et triées ; `tranchee` : seulement celles qui précèdent la fin de la tranche
    (`RANG_DE_FIN`), choisies par le même tri sur leurs seules clés, puis relues avec leur message, leur contrat et sa
    CPTS. La première page d'une région : 0,84 → 0,75 ms (ses 882 alertes triées sans leurs messages)."""

    def construire() -> QuerySet[Any]:
        filtrees = _alertes_filtrees(type, niveau)
        if tranchee:
            rang = Parametre(RANG_DE_FIN, IntegerField())
            premieres = PremieresLignes(_alertes_triees(filtrees, ordre_contrats).values("pk"), rang)
            filtrees = AlerteEtat.objects.filter(pk__in=premieres)
        return _alertes_triees(filtrees, ordre_contrats).values_list(
            "type", "niveau", "echeance", "message", *CONTRAT_LU
        )

    return LecturePreparee(construire)


@cache
def _nombre_des_alertes(type: bool, niveau: bool) -> LecturePreparee:
    return LecturePreparee(lambda: nombre_et_total(_alertes_filtrees(type, niveau), Value(0)))


def alertes_gardees(
    contrats: QuerySet[Contrat] | ContratsVisibles,
    le: date,
    *,
    type: str = "",
    niveau: str = "",
    ordre_contrats: Sequence[str] = ORDRE_LISTES,
) -> ListePreparee:
    """Les alertes des contrats le jour `le` : en retard d'abord, puis par échéance et par nom de CPTS (comme
    `cpts.contrats.alertes.alertes`)."""
    version = _version_avant_lecture()
    valeurs = {"contrats": contrats_a_jour(contrats), "le": le, "type": type, "niveau": niveau}
    formes = (bool(type), bool(niveau))
    lecture, tranchee = (_lecture_des_alertes(*formes, tuple(ordre_contrats), t) for t in (False, True))
    comptage = _nombre_des_alertes(*formes)
    cle = _cle_de_liste(version, f"alertes:{','.join(ordre_contrats)}", valeurs)
    return ListePreparee(lecture, valeurs, _alerte_lue(le), lambda: comptage.lignes(**valeurs)[0][0], tranchee, cle)


def alertes_gardees_du_contrat(contrat: Contrat, le: date) -> list[Alerte]:
    """Les alertes du contrat le jour `le` (comme `cpts.contrats.alertes.alertes_du_contrat`), lues de son état sans
    autre vérification : `echeancier_garde` vient de le lire valide. La lecture préparée des listes, pour ce seul
    contrat : la fiche du contrat la fait à chaque affichage."""
    alerte = _alerte_lue(le)
    lecture = _lecture_des_alertes(False, False, tuple(ORDRE_LISTES), False)
    return [alerte(colonnes) for colonnes in lecture.lignes(contrats=[contrat.pk], le=le)]


def _alerte_lue(le: date) -> Callable[[Sequence[Any]], Alerte]:
    contrat_de = lecteur_de_contrats()

    def alerte(colonnes: Sequence[Any]) -> Alerte:
        type_, niveau_, echeance, message = colonnes[:4]
        return Alerte(
            contrat=contrat_de(colonnes),
            type=TypeAlerte(type_),
            niveau=Niveau(niveau_),
            echeance=echeance or le,
            message=message,
            echeance_du_jour=echeance is None,
        )

    return alerte


class LigneGardee(Ligne):
    """Une ligne lue de l'état gardé : les versements n'y sont que leurs références."""

    references_gardees: str = ""

    @property
    def references(self) -> str:
        return self.references_gardees


def ligne_lue(colonnes: Sequence[Any], le: date) -> Ligne:
    (annee, mission, volet, nature, montant, du_le, au_plus_tard, base, definitif, paye, texte, lecture, references) = (
        colonnes[: len(COLONNES_LIGNE)]
    )
    ligne = LigneGardee(
        annee=annee,
        mission=mission,
        volet=volet,
        nature=nature,
        montant=montant,
        du_le=du_le,
        au_plus_tard=au_plus_tard,
        base=base,
        definitif=definitif,
        paye=paye,
        texte=texte,
        lecture=lecture,
    )
    ligne.references_gardees = references
    ligne.statut = ligne.statut_le(le)
    return ligne


def _lignes_dues(jusqu_au: Expression | None = None) -> QuerySet[LigneEtat]:
    """Ce qui reste dû sur les contrats (paramètre `contrats`), exigible au plus tard le jour `jusqu_au` (paramètre
    du même nom si rien n'est donné). Le restant comparé au nombre 0 : à la valeur '0' que l'ORM écrit pour un décimal,
    SQLite compare chaque ligne après l'avoir convertie (comptage des lignes dues d'une région : 0,28 → 0,23 ms)."""
    return LigneEtat.objects.filter(
        contrat_id__in=_des_contrats(),
        restant__gt=Value(0),
        du_le__lte=jusqu_au or _parametre("jusqu_au", LigneEtat, "du_le"),
    )


def _lignes_dues_triees(lignes: QuerySet[LigneEtat]) -> QuerySet[Any]:
    return lignes.order_by("du_le", "contrat__cpts__nom", "annee", *ORDRE_LISTES, "rang").values_list(
        *COLONNES_LIGNE, *CONTRAT_LU
    )


def _tranche_des_lignes_dues() -> QuerySet[Any]:
    """Les lignes dues d'une tranche. Triées par date due d'abord, les lignes qui précèdent la fin de la tranche sont
    dues au plus tard le jour de la ligne de ce rang dans les seules dates dues triées (lues dans l'index, sans la
    ligne ni sa CPTS) : seules celles-là sont lues, jointes et triées, au lieu de toutes les lignes dues du périmètre
    (la première page d'une région : 1 440 lignes jointes et triées pour en montrer 50 ; 1,35 → 0,34 ms)."""
    seuil = ValeurAuRang(_lignes_dues().order_by("du_le").values("du_le")[:1], Parametre(RANG_DE_FIN, IntegerField()))
    return _lignes_dues_triees(_lignes_dues(Coalesce(seuil, _parametre("jusqu_au", LigneEtat, "du_le"))))


_LIGNES_DUES = LecturePreparee(lambda: _lignes_dues_triees(_lignes_dues()))
_TRANCHE_DES_LIGNES_DUES = LecturePreparee(_tranche_des_lignes_dues)
_NOMBRE_ET_TOTAL_DUS = LecturePreparee(lambda: nombre_et_total(_lignes_dues(), Sum("restant")))


def lignes_a_venir_gardees(
    contrats: QuerySet[Contrat] | ContratsVisibles, le: date, jours: int
) -> tuple[ListePreparee, Any]:
    """Ce qui reste à verser, exigible d'ici `jours` jours (en retard compris), et son total (comme
    `cpts.contrats.echeancier.lignes_a_venir`)."""
    version = _version_avant_lecture()
    valeurs = {"contrats": contrats_a_jour(contrats), "jusqu_au": le + timedelta(days=jours)}
    cle = _cle_de_liste(version, "dus", valeurs)
    # Le nombre de lignes (pagination) et leur total en une requête.
    ((nombre, total),) = garder(f"{cle}:total", lambda: _NOMBRE_ET_TOTAL_DUS.lignes(**valeurs))
    contrat_de = lecteur_de_contrats()
    entrees = ListePreparee(
        _LIGNES_DUES,
        valeurs,
        lambda colonnes: LigneAVenir(contrat_de(colonnes), ligne_lue(colonnes, le)),
        nombre,
        _TRANCHE_DES_LIGNES_DUES,
        cle,
    )
    return entrees, total or 0
