"""Programmer, envoyer, réessayer, désabonner.

`programmer` s'appelle dans la transaction de l'action qui fait naître le courriel : le message est rendu, écrit au
journal et mis dans la file en même temps que l'action ; si elle échoue, rien n'est programmé. L'envoi lui-même se
fait dans le travailleur (`envoyer`), qui réessaie avec un délai croissant et garde chaque échec au journal.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string

from cpts.notifications import envoi
from cpts.notifications.entetes import adresse_valide, une_ligne
from cpts.notifications.enums import TYPES_DESABONNABLES, StatutCourriel, TypeCourriel
from cpts.notifications.jetons import lien_desabonnement, lire_jeton, url_absolue
from cpts.notifications.models import Courriel, Desabonnement

# Le journal des courriels (adresse, nom, texte) est gardé un an, puis effacé par le travailleur.
CONSERVATION = timedelta(days=365)


@dataclass(frozen=True)
class PieceJointe:
    nom: str
    type_mime: str  # « text/calendar; method=REQUEST »
    contenu: str


def _raison_de_ne_pas_envoyer(type_courriel: str, compte: Any, adresse: str) -> str:
    try:
        adresse_valide(adresse)
    except ValidationError as erreur:
        return f"{erreur.messages[0]} Aucun courriel ne part vers ce destinataire."
    if compte is not None and not compte.is_active:
        return "Compte désactivé."
    if (
        compte is not None
        and type_courriel in TYPES_DESABONNABLES
        and Desabonnement.objects.filter(utilisateur=compte, type=type_courriel).exists()
    ):
        return "Le destinataire s'est désabonné de ces courriels."
    return ""


def programmer(
    *,
    type_courriel: TypeCourriel,
    cle: str,
    sujet: str,
    gabarit: str,
    contexte: Mapping[str, object],
    compte: Any = None,
    nom: str = "",
    adresse: str = "",
    objet: models.Model | None = None,
    pieces_jointes: Iterable[PieceJointe] = (),
) -> Courriel:
    """Écrit le courriel au journal et le met dans la file ; rend celui qui existait si `cle` a déjà servi.

    `compte` : l'utilisateur destinataire (son nom et son adresse par défaut) ; sans compte (une invitation),
    `nom` et `adresse`. `gabarit` : « courriels/convocation » rend `courriels/convocation.txt` et `.html`.
    Un destinataire désabonné, sans adresse ou désactivé donne une ligne « non envoyé » qui dit pourquoi.
    """
    with transaction.atomic():
        existant = Courriel.objects.filter(cle=cle).first()
        if existant is not None:
            return existant
        if compte is not None:
            nom = nom or compte.get_full_name() or compte.username
            adresse = adresse or compte.email
        nom = une_ligne(nom)
        desabonnement = (
            lien_desabonnement(compte.pk, type_courriel)
            if compte is not None and type_courriel in TYPES_DESABONNABLES
            else ""
        )
        complet = {
            **contexte,
            "nom": nom,
            "sujet": une_ligne(sujet),
            "lien_desabonnement": desabonnement,
            "sorte": TypeCourriel(type_courriel).label,
            "url_plateforme": url_absolue("/"),
        }
        raison = _raison_de_ne_pas_envoyer(type_courriel, compte, adresse)
        courriel = Courriel.objects.create(
            cle=cle,
            type=type_courriel,
            destinataire=compte,
            nom=nom,
            adresse=une_ligne(adresse, 254),
            objet_type=ContentType.objects.get_for_model(objet) if objet is not None else None,
            objet_id=objet.pk if objet is not None else None,
            sujet=une_ligne(sujet, 300),
            texte=render_to_string(f"{gabarit}.txt", complet),
            html=render_to_string(f"{gabarit}.html", complet),
            pieces_jointes=[{"nom": p.nom, "type_mime": p.type_mime, "contenu": p.contenu} for p in pieces_jointes],
            statut=StatutCourriel.NON_ENVOYE if raison else StatutCourriel.A_ENVOYER,
            derniere_erreur=raison,
        )
        if not raison:
            envoi.mettre_en_file(courriel)
    return courriel


def desabonner(jeton: str) -> Desabonnement:
    utilisateur_id, type_courriel = lire_jeton(jeton)
    if not get_user_model().objects.filter(pk=utilisateur_id).exists():
        raise ValidationError("Ce lien de désabonnement ne correspond plus à aucun compte.")
    desabonnement, _ = Desabonnement.objects.get_or_create(utilisateur_id=utilisateur_id, type=type_courriel)
    return desabonnement


def purger(maintenant: datetime) -> int:
    """Efface du journal les courriels programmés il y a plus d'un an (données personnelles : adresse, nom, texte)."""
    nombre, _ = Courriel.objects.filter(cree_le__lt=maintenant - CONSERVATION).delete()
    return nombre
