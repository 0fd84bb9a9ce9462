"""Les courriels de la CPR : convocation (avec l'invitation de calendrier), ordre du jour, relevé de décisions.

Chaque titulaire et chaque suppléant désigné d'un siège de la composition en vigueur reçoit le sien. Un siège
désigné sans compte rattaché (ou un compte sans adresse) donne une ligne « non envoyé » au journal de la réunion :
le secrétariat voit qui convoquer par un autre moyen. Appelés par les services, dans leur transaction.
"""

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cpts.commission.models import Reunion, Siege
from cpts.notifications import ics
from cpts.notifications.enums import TypeCourriel
from cpts.notifications.jetons import url_absolue
from cpts.notifications.services import PieceJointe, programmer
from cpts.regles.commission import date_limite_convocation, date_limite_ordre_du_jour

# L'annexe 5 ne fixe pas de durée : l'invitation de calendrier réserve deux heures, à titre indicatif.
DUREE_INDICATIVE = timedelta(hours=2)


def _porteurs(sieges: Iterable[Siege]) -> Iterator[tuple[Siege, str, Any]]:
    """(siège, « titulaire » ou « suppléant », compte ou None) pour chaque personne désignée."""
    for siege in sieges:
        if siege.titulaire_designe:
            yield siege, "titulaire", siege.compte_titulaire
        if siege.suppleant_designe:
            yield siege, "suppléant", siege.compte_suppleant


def _contexte(reunion: Reunion) -> dict[str, object]:
    return {
        "reunion": reunion,
        "commission": reunion.commission,
        "lien_reunion": url_absolue(reverse("commission:reunion", args=[reunion.pk])),
        "lien_releve": url_absolue(reverse("commission:releve", args=[reunion.pk])),
        "limite_convocation": date_limite_convocation(reunion.date),
        "limite_ordre_du_jour": date_limite_ordre_du_jour(reunion.date),
    }


def uid_reunion(reunion: Reunion) -> str:
    return f"cpr-reunion-{reunion.pk}@{urlsplit(settings.CPTS_URL_PUBLIQUE).hostname or 'pilotage-cpts'}"


def invitation_calendrier(reunion: Reunion, nom: str, adresse: str) -> PieceJointe:
    if reunion.heure is not None:
        debut: Any = datetime.combine(reunion.date, reunion.heure, tzinfo=ics.PARIS)
        fin: Any = debut + DUREE_INDICATIVE
    else:
        debut, fin = reunion.date, reunion.date + timedelta(days=1)
    organisateur_nom, organisateur_adresse = parseaddr(settings.DEFAULT_FROM_EMAIL)
    contenu = ics.invitation(
        uid=uid_reunion(reunion),
        debut=debut,
        fin=fin,
        resume=f"{reunion.commission.nom} : réunion",
        lieu=reunion.lieu,
        description=f"Convocation à la réunion de la {reunion.commission.nom}. Ordre du jour et documents : "
        + url_absolue(reverse("commission:reunion", args=[reunion.pk])),
        organisateur=ics.Personne(organisateur_nom or "Pilotage CPTS", organisateur_adresse),
        participant=ics.Personne(nom, adresse),
        horodatage=timezone.now(),
    )
    return PieceJointe("invitation.ics", "text/calendar; method=REQUEST", contenu)


def _envoyer(reunion: Reunion, sieges: Iterable[Siege], type_courriel: TypeCourriel, sujet: str) -> None:
    contexte = _contexte(reunion)
    for siege, qualite, compte in _porteurs(sieges):
        nom = (compte.get_full_name() or compte.username) if compte is not None else f"{qualite} — {siege.libelle}"
        adresse = compte.email if compte is not None else ""
        pieces = []
        if type_courriel == TypeCourriel.CONVOCATION and compte is not None and compte.email:
            pieces.append(invitation_calendrier(reunion, nom, adresse))
        programmer(
            type_courriel=type_courriel,
            cle=f"{type_courriel}:reunion:{reunion.pk}:siege:{siege.pk}:{qualite}",
            sujet=sujet,
            gabarit=f"courriels/{type_courriel}",
            contexte={**contexte, "siege": siege, "qualite": qualite},
            compte=compte,
            nom=nom,
            adresse=adresse,
            objet=reunion,
            pieces_jointes=pieces,
        )


def convocation(reunion: Reunion, sieges: Iterable[Siege]) -> None:
    urgente = "Réunion urgente — " if reunion.urgente else ""
    sujet = f"{urgente}Convocation : {reunion.commission.nom}, réunion du {reunion.date:%d/%m/%Y}"
    _envoyer(reunion, sieges, TypeCourriel.CONVOCATION, sujet)


def ordre_du_jour(reunion: Reunion, sieges: Iterable[Siege]) -> None:
    sujet = f"Ordre du jour : {reunion.commission.nom}, réunion du {reunion.date:%d/%m/%Y}"
    _envoyer(reunion, sieges, TypeCourriel.ORDRE_DU_JOUR, sujet)


def releve(reunion: Reunion, sieges: Iterable[Siege]) -> None:
    sujet = f"Relevé de décisions : {reunion.commission.nom}, réunion du {reunion.date:%d/%m/%Y}"
    _envoyer(reunion, sieges, TypeCourriel.RELEVE, sujet)
