"""L'envoi d'un courriel du journal, dans le travailleur : essais, délais croissants, échecs gardés."""

import logging
import smtplib
from datetime import datetime, timedelta
from email.mime.text import MIMEText

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cpts.notifications.entetes import destinataire, une_ligne
from cpts.notifications.enums import TYPES_DESABONNABLES, StatutCourriel
from cpts.notifications.jetons import lien_desabonnement
from cpts.notifications.models import Courriel

logger = logging.getLogger(__name__)

TENTATIVES_MAXIMUM = 5
# Délai avant l'essai suivant : 1, 5, 25 puis 125 minutes (un serveur en panne a le temps de revenir).
PREMIER_DELAI = timedelta(minutes=1)
FACTEUR_DELAI = 5


@task()
def envoyer_courriel(courriel_id: int) -> str:
    return envoyer(courriel_id)


def mettre_en_file(courriel: Courriel, apres: datetime | None = None) -> None:
    tache = envoyer_courriel.using(run_after=apres) if apres is not None else envoyer_courriel
    tache.enqueue(courriel.pk)


def message(courriel: Courriel) -> EmailMultiAlternatives:
    """Le message MIME : texte, HTML en alternative, pièces jointes, lien de désabonnement dans l'en-tête."""
    entetes = {"Auto-Submitted": "auto-generated"}
    if courriel.destinataire_id and courriel.type in TYPES_DESABONNABLES:
        entetes["List-Unsubscribe"] = f"<{lien_desabonnement(courriel.destinataire_id, courriel.type)}>"
    envoi = EmailMultiAlternatives(
        subject=une_ligne(courriel.sujet, 300),
        body=courriel.texte,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[destinataire(courriel.nom, courriel.adresse)],
        headers=entetes,
    )
    envoi.attach_alternative(courriel.html, "text/html")
    for piece in courriel.pieces_jointes:
        type_principal, _, parametres = piece["type_mime"].partition(";")
        partie = MIMEText(piece["contenu"], type_principal.split("/")[1], "utf-8")
        for parametre in filter(None, (p.strip() for p in parametres.split(";"))):
            cle, _, valeur = parametre.partition("=")
            partie.set_param(cle, valeur)
        partie.add_header("Content-Disposition", "attachment", filename=piece["nom"])
        envoi.attach(partie)
    return envoi


def delai_avant_essai(tentatives: int) -> timedelta:
    return PREMIER_DELAI * FACTEUR_DELAI ** (tentatives - 1)


def envoyer(courriel_id: int) -> str:
    """Envoie le courriel s'il attend encore ; rend son statut. Ligne verrouillée : deux travailleurs ne
    l'envoient pas tous les deux, et un courriel envoyé ne repart jamais."""
    with transaction.atomic():
        courriel = Courriel.objects.select_for_update().get(pk=courriel_id)
        if courriel.statut not in (StatutCourriel.A_ENVOYER, StatutCourriel.EN_ECHEC):
            return courriel.statut
        courriel.tentatives += 1
        try:
            message(courriel).send()
        except (OSError, smtplib.SMTPException, ValidationError) as erreur:
            courriel.derniere_erreur = une_ligne(f"{type(erreur).__name__} : {erreur}", 1000)
            if courriel.tentatives >= TENTATIVES_MAXIMUM or isinstance(erreur, ValidationError):
                courriel.statut = StatutCourriel.ABANDONNE
                courriel.prochain_essai = None
            else:
                courriel.statut = StatutCourriel.EN_ECHEC
                courriel.prochain_essai = timezone.now() + delai_avant_essai(courriel.tentatives)
                mettre_en_file(courriel, courriel.prochain_essai)
            # Ni adresse ni nom au journal technique : le journal des courriels les garde, lui, avec ses droits.
            logger.warning(
                "Courriel %s (%s) : envoi en échec, tentative %s.", courriel.pk, courriel.type, courriel.tentatives
            )
        else:
            courriel.statut = StatutCourriel.ENVOYE
            courriel.envoye_le = timezone.now()
            courriel.prochain_essai = None
            courriel.derniere_erreur = ""
        courriel.save()
    return courriel.statut
