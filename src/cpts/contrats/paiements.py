"""Enregistrer un versement effectué, ou l'annuler : c'est ici que l'argent bouge, une seule fois.

Contrôles, tous avant d'écrire : la ligne figure à l'échéancier du contrat, son montant est arrêté (volet variable :
atteinte retenue), le versement ne dépasse pas le restant dû, sa référence est neuve, sa date n'est ni future ni
antérieure au contrat, et un versement avant l'échéance porte un motif.

Deux agents qui enregistrent le même versement au même moment : la ligne du contrat est verrouillée (`SELECT … FOR
UPDATE`) pendant le contrôle et l'écriture, si bien que le second voit le premier versement et est refusé ; la base
tient en plus l'unicité de la référence et la borne « versement ≤ restant dû à l'enregistrement ».
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cpts.affichage import montant as en_euros
from cpts.comptes.droits import Action, exiger
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.enums import NatureVersement
from cpts.contrats.models import Annulation, Contrat, Paiement
from cpts.regles.dates import jour_fr

MONTANT_MAX = Decimal("9999999999.99")


def lire_montant(brut: object) -> Decimal:
    if isinstance(brut, bool):
        raise ValidationError({"montant": "Montant en euros attendu."})
    try:
        valeur = Decimal(str(brut).strip().replace(",", ".").replace("\u202f", "").replace(" ", "").rstrip("€"))
    except InvalidOperation:
        raise ValidationError({"montant": f"« {brut} » n'est pas un montant en euros."}) from None
    if not valeur.is_finite() or valeur <= 0:
        raise ValidationError({"montant": "Le montant d'un versement est strictement positif."})
    if valeur > MONTANT_MAX or valeur != valeur.quantize(Decimal("0.01")):
        raise ValidationError({"montant": "Montant en euros, au centime près (deux décimales au plus)."})
    return valeur


@transaction.atomic
def enregistrer_paiement(
    contrat: Contrat,
    auteur: Any,
    *,
    annee: int,
    mission: str,
    volet: str,
    nature: str,
    montant: object,
    date: date,
    reference: str,
    motif_anticipation: str = "",
) -> Paiement:
    exiger(auteur, Action.PAYER, contrat)
    # Le verrou sérialise les versements d'un même contrat : le contrôle du restant dû voit les précédents.
    contrat = Contrat.objects.select_for_update().get(pk=contrat.pk)
    erreurs: dict[str, list[str]] = {}

    def ajouter(champ: str, message: str) -> None:
        erreurs.setdefault(champ, []).append(message)

    try:
        somme = lire_montant(montant)
    except ValidationError as erreur:
        somme = None
        erreurs.update(erreur.message_dict)
    reference = (reference or "").strip()
    if not reference:
        ajouter("reference", "La référence du paiement est obligatoire.")
    elif len(reference) > Paiement._meta.get_field("reference").max_length:
        ajouter("reference", "Référence trop longue (60 caractères au plus).")
    else:
        deja = Paiement.objects.filter(reference=reference).select_related("contrat__cpts").first()
        if deja is not None:
            ajouter(
                "reference",
                f"La référence « {reference} » a déjà été enregistrée (versement du {jour_fr(deja.date)}) : "
                "un même paiement ne s'enregistre pas deux fois.",
            )
    aujourd_hui = timezone.localdate()
    if date > aujourd_hui:
        ajouter("date", f"Un versement s'enregistre une fois fait : le {jour_fr(date)} est dans le futur.")
    elif date < contrat.signature:
        ajouter("date", f"Un versement ne peut précéder la signature du contrat ({jour_fr(contrat.signature)}).")
    if nature not in NatureVersement.values:
        ajouter("ligne", "Nature de versement inconnue.")
        raise ValidationError(erreurs)
    echeancier = echeancier_du_contrat(contrat, aujourd_hui)
    ligne = echeancier.ligne((annee, mission, volet, nature))
    if ligne is None or ligne.du_le is None:
        ajouter("ligne", "Cette ligne ne figure pas à l'échéancier du contrat.")
        raise ValidationError(erreurs)
    if not ligne.definitif:
        ajouter(
            "ligne",
            f"{ligne.libelle} : ce montant dépend de l'atteinte de l'année {annee}, qui n'a pas encore été retenue "
            "au dialogue de gestion. Retenez-la avant de payer.",
        )
    elif ligne.restant <= 0:
        ajouter("ligne", f"{ligne.libelle} : déjà entièrement payé ({en_euros(ligne.paye, centimes=True)} versés).")
    elif somme is not None and somme > ligne.restant:
        ajouter(
            "montant",
            f"Le versement de {en_euros(somme, centimes=True)} dépasse le restant dû sur cette ligne "
            f"({en_euros(ligne.restant, centimes=True)} sur {en_euros(ligne.montant, centimes=True)}).",
        )
    if "date" not in erreurs and date < ligne.du_le and not motif_anticipation.strip():
        ajouter(
            "motif_anticipation",
            f"Ce versement précède son échéance du {jour_fr(ligne.du_le)} : indiquez le motif du versement anticipé.",
        )
    if erreurs:
        raise ValidationError(erreurs)
    try:
        with transaction.atomic():
            return Paiement.objects.create(
                contrat=contrat,
                annee=annee,
                mission=mission,
                volet=volet,
                nature=nature,
                montant=somme,
                date=date,
                reference=reference,
                motif_anticipation=motif_anticipation.strip(),
                du_a_l_enregistrement=ligne.restant,
                enregistre_par=auteur,
            )
    except IntegrityError:
        # Un enregistrement simultané de la même référence, sur un autre contrat : la base a tranché.
        raise ValidationError(
            {"reference": [f"La référence « {reference} » vient d'être enregistrée : le paiement n'est pas doublé."]}
        ) from None


@transaction.atomic
def annuler_paiement(paiement: Paiement, auteur: Any, motif: str) -> Annulation:
    """Annule un versement enregistré par erreur : il reste au journal, mais ne compte plus comme payé."""
    exiger(auteur, Action.PAYER, paiement.contrat)
    Contrat.objects.select_for_update().get(pk=paiement.contrat_id)
    if Annulation.objects.filter(paiement=paiement).exists():
        raise ValidationError(f"Le versement « {paiement.reference} » est déjà annulé.")
    if not motif.strip():
        raise ValidationError({"motif": "Une annulation est motivée."})
    return Annulation.objects.create(paiement=paiement, motif=motif.strip(), annule_par=auteur)
