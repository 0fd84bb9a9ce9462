"""La réunion, machine à états : convocation, ordre du jour, séance ouverte puis levée, relevé publié,
annulation ; chaque transition est journalisée. Les délais de convocation viennent des règles.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from cpts.commission import courriels
from cpts.commission.enums import EtatReunion, EtatScrutin
from cpts.commission.models import Commission, EvenementReunion, Reunion, Scrutin, Siege
from cpts.commission.services.compositions import composition_en_vigueur, sieges_ranges
from cpts.regles import commission as regles


def sieges_convoques(reunion: Reunion) -> list[Siege]:
    """Les sièges de la composition en vigueur à la date de la réunion : leurs titulaires et suppléants reçoivent
    convocation, ordre du jour et relevé."""
    composition = composition_en_vigueur(reunion.commission, reunion.date)
    return list(sieges_ranges(composition)) if composition is not None else []


@dataclass(frozen=True)
class Transition:
    code: str
    libelle: str
    depuis: tuple[str, ...]
    vers: str


CONVOQUER = Transition("convoquer", "Convocation envoyée", (EtatReunion.PREPARATION,), EtatReunion.CONVOQUEE)
OUVRIR = Transition("ouvrir_seance", "Séance ouverte", (EtatReunion.CONVOQUEE,), EtatReunion.EN_SEANCE)
LEVER = Transition("lever_seance", "Séance levée", (EtatReunion.EN_SEANCE,), EtatReunion.TENUE)
PUBLIER = Transition("publier_releve", "Relevé de décisions publié", (EtatReunion.TENUE,), EtatReunion.RELEVE_PUBLIE)
ANNULER = Transition(
    "annuler", "Réunion annulée", (EtatReunion.PREPARATION, EtatReunion.CONVOQUEE), EtatReunion.ANNULEE
)
TRANSITIONS = (CONVOQUER, OUVRIR, LEVER, PUBLIER, ANNULER)
ENVOI_ORDRE_DU_JOUR = "envoyer_ordre_du_jour"


def _journaliser(reunion: Reunion, code: str, libelle: str, avant: str, par: object, motif: str = "") -> None:
    EvenementReunion.objects.create(
        reunion=reunion,
        transition=code,
        libelle=libelle,
        etat_avant=avant,
        etat_apres=reunion.etat,
        par=par if getattr(par, "is_authenticated", False) else None,
        motif=motif,
    )


def _franchir(
    reunion: Reunion, transition: Transition, par: object, motif: str = "", raisons: Iterable[str] = ()
) -> None:
    raisons = list(raisons)
    if reunion.etat not in transition.depuis:
        raisons.insert(
            0,
            f"« {transition.libelle} » n'est pas possible : la réunion est à l'état « {reunion.get_etat_display()} ».",
        )
    if raisons:
        raise ValidationError(raisons)
    avant = reunion.etat
    reunion.etat = transition.vers
    reunion.save()
    _journaliser(reunion, transition.code, transition.libelle, avant, par, motif)


def transitions_possibles(reunion: Reunion) -> list[Transition]:
    return [t for t in TRANSITIONS if reunion.etat in t.depuis]


@transaction.atomic
def creer_reunion(commission: Commission, par: object, **champs: object) -> Reunion:
    reunion = Reunion(commission=commission, **champs)
    reunion.full_clean()
    reunion.save()
    _journaliser(reunion, "creer", "Réunion créée", EtatReunion.PREPARATION, par)
    return reunion


@transaction.atomic
def convoquer(reunion: Reunion, envoyee_le: date, par: object) -> None:
    """Enregistre l'envoi de la convocation ; refusé s'il est tardif, sauf réunion urgente motivée."""
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    raisons = regles.refus_convocation(reunion.date, envoyee_le, reunion.urgente, reunion.motif_urgence)
    reunion.convocation_envoyee_le = envoyee_le
    motif = f"Envoyée le {envoyee_le:%d/%m/%Y}"
    if reunion.urgente and envoyee_le > regles.date_limite_convocation(reunion.date):
        motif += f", hors délai pour urgence : {reunion.motif_urgence}"
    _franchir(reunion, CONVOQUER, par, motif, raisons)
    courriels.convocation(reunion, sieges_convoques(reunion))


@transaction.atomic
def envoyer_ordre_du_jour(reunion: Reunion, envoye_le: date, par: object) -> None:
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    raisons = []
    if reunion.etat not in (EtatReunion.PREPARATION, EtatReunion.CONVOQUEE):
        raisons.append("L'ordre du jour s'envoie avant la séance.")
    if not reunion.points.exists():
        raisons.append("L'ordre du jour n'a aucun point.")
    raisons += regles.refus_ordre_du_jour(reunion.date, envoye_le, reunion.urgente, reunion.motif_urgence)
    if raisons:
        raise ValidationError(raisons)
    reunion.ordre_du_jour_envoye_le = envoye_le
    reunion.save()
    motif = f"Envoyé le {envoye_le:%d/%m/%Y}"
    if reunion.urgente and envoye_le > regles.date_limite_ordre_du_jour(reunion.date):
        motif += f", hors délai pour urgence : {reunion.motif_urgence}"
    _journaliser(reunion, ENVOI_ORDRE_DU_JOUR, "Ordre du jour envoyé", reunion.etat, par, motif)
    courriels.ordre_du_jour(reunion, sieges_convoques(reunion))


@transaction.atomic
def ouvrir_seance(reunion: Reunion, par: object) -> None:
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    raisons = []
    if reunion.ordre_du_jour_envoye_le is None:
        raisons.append("L'ordre du jour n'a pas été envoyé.")
    if composition_en_vigueur(reunion.commission, reunion.date) is None:
        raisons.append("La commission n'a pas de composition en vigueur à la date de la réunion.")
    _franchir(reunion, OUVRIR, par, raisons=raisons)
    commission = reunion.commission
    if commission.date_installation is None:
        commission.date_installation = reunion.date
        commission.save()


@transaction.atomic
def lever_seance(reunion: Reunion, par: object) -> None:
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    ouverts = Scrutin.objects.filter(point__reunion=reunion, etat=EtatScrutin.OUVERT).count()
    raisons = [f"{ouverts} scrutin(s) encore ouvert(s) : closez-les avant de lever la séance."] if ouverts else []
    _franchir(reunion, LEVER, par, raisons=raisons)


@transaction.atomic
def publier_releve(reunion: Reunion, le: date, par: object) -> None:
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    raisons = []
    for point in reunion.points.prefetch_related("scrutins"):
        dernier = point.dernier_scrutin
        if point.deliberation and (dernier is None or dernier.etat != EtatScrutin.CLOS) and not point.decision:
            raisons.append(f"Le point {point.numero} est soumis au vote : ni scrutin clos ni décision écrite.")
        if dernier is not None and dernier.issue == regles.Issue.PARTAGE and not point.decision:
            raisons.append(f"Le point {point.numero} attend son second tour (partage égal des voix).")
    if le < reunion.date:
        raisons.append("Le relevé se publie après la réunion.")
    reunion.releve_publie_le = le
    motif = ""
    limite = regles.date_limite_releve(reunion.date)
    if le > limite:
        motif = f"Publié après le {limite:%d/%m/%Y}, date limite de {(limite - reunion.date).days} jours (par analogie)"
    _franchir(reunion, PUBLIER, par, motif, raisons)
    courriels.releve(reunion, sieges_convoques(reunion))


@transaction.atomic
def annuler(reunion: Reunion, motif: str, par: object) -> None:
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    raisons = [] if motif.strip() else ["Indiquez le motif de l'annulation."]
    _franchir(reunion, ANNULER, par, motif, raisons)


def alerte_reunions(commission: Commission, aujourdhui: date) -> regles.AlerteReunions | None:
    if commission.date_installation is None:
        return None
    dates = commission.reunions.exclude(etat=EtatReunion.ANNULEE).values_list("date", flat=True)
    return regles.alerte_reunions(commission.date_installation.year, dates, aujourdhui)
