"""Une invitation de calendrier (RFC 5545, METHOD:REQUEST), écrite par la bibliothèque icalendar.

L'UID est stable pour un même événement : un second envoi (ordre du jour, report) met à jour l'événement déjà
dans l'agenda du destinataire au lieu d'en créer un autre. Les heures sont en Europe/Paris, fuseau décrit dans le
fichier (VTIMEZONE).
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from cpts.notifications.entetes import adresse_valide, une_ligne

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//Pilotage CPTS//Commission paritaire régionale//FR"


@dataclass(frozen=True)
class Personne:
    nom: str
    adresse: str

    def adresse_calendrier(self, **parametres: str) -> vCalAddress:
        adresse = vCalAddress(f"mailto:{adresse_valide(self.adresse)}")
        adresse.params["CN"] = vText(une_ligne(self.nom))
        adresse.params.update(parametres)
        return adresse


def invitation(
    *,
    uid: str,
    debut: datetime | date,
    fin: datetime | date,
    resume: str,
    lieu: str,
    description: str,
    organisateur: Personne,
    participant: Personne,
    horodatage: datetime,
    sequence: int = 0,
) -> str:
    calendrier = Calendar()
    calendrier.add("prodid", PRODID)
    calendrier.add("version", "2.0")
    calendrier.add("method", "REQUEST")
    evenement = Event()
    evenement.add("uid", uid)
    evenement.add("dtstamp", horodatage)
    evenement.add("sequence", sequence)
    evenement.add("dtstart", debut)
    evenement.add("dtend", fin)
    evenement.add("summary", une_ligne(resume))
    if lieu:
        evenement.add("location", une_ligne(lieu))
    evenement.add("description", description)
    evenement.add("organizer", organisateur.adresse_calendrier())
    evenement.add(
        "attendee", participant.adresse_calendrier(ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE")
    )
    evenement.add("status", "CONFIRMED")
    calendrier.add_component(evenement)
    calendrier.add_missing_timezones()
    return calendrier.to_ical().decode("utf-8")
