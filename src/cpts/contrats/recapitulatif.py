"""Le récapitulatif hebdomadaire des contrats : chaque agent ARS ou CPAM reçoit, le lundi à 7 h (heure de Paris),
les alertes des contrats de son périmètre qui échoient dans les 30 jours ou sont déjà en retard — démarrages et
déploiements de missions, versements dus, valeurs attendues, fin de contrat (`cpts.contrats.alertes`).

Le travailleur programme le travail une fois par semaine (`cpts.notifications.calendrier`) ; le jour du créneau est
son entrée, jamais la date du système : un même lundi donne le même récapitulatif, envoyé une seule fois par agent.
"""

from datetime import date, time, timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django_tasks import task

from cpts.comptes.models import Utilisateur
from cpts.comptes.roles import ROLES_AGENT
from cpts.contrats.alertes import Alerte, alertes
from cpts.contrats.models import Contrat
from cpts.contrats.prechargement import precharger
from cpts.notifications.calendrier import Hebdomadaire
from cpts.notifications.enums import TypeCourriel
from cpts.notifications.jetons import url_absolue
from cpts.notifications.services import programmer

HORIZON = timedelta(days=30)
# Au-delà, le courriel renvoie à la page des alertes : un récapitulatif se lit d'un coup d'œil.
LIGNES_MAXIMUM = 40


def a_signaler(toutes: list[Alerte], le: date) -> list[Alerte]:
    return [alerte for alerte in toutes if alerte.en_retard or alerte.echeance <= le + HORIZON]


def destinataires() -> QuerySet[Utilisateur]:
    return Utilisateur.objects.filter(role__in=ROLES_AGENT, is_active=True).order_by("pk")


@task()
def envoyer_les_recapitulatifs(le_iso: str) -> int:
    """Programme le récapitulatif de chaque agent qui a au moins une alerte ; rend le nombre programmé."""
    le = date.fromisoformat(le_iso)
    annee, semaine, _ = le.isocalendar()
    contrats = precharger(Contrat.objects.select_related("cpts").order_by("cpts__nom", "pk"))
    signalees = a_signaler(alertes(contrats, le), le)
    programmes = 0
    for agent in destinataires():
        visibles = set(Contrat.objects.visibles_par(agent).values_list("pk", flat=True))
        siennes = [alerte for alerte in signalees if alerte.contrat.pk in visibles]
        if not siennes:
            continue
        en_retard = sum(alerte.en_retard for alerte in siennes)
        programmer(
            type_courriel=TypeCourriel.RECAPITULATIF_CONTRATS,
            cle=f"{TypeCourriel.RECAPITULATIF_CONTRATS}:{annee}-W{semaine:02d}:{agent.pk}",
            sujet=f"Contrats CPTS : {len(siennes)} échéance(s) à suivre, dont {en_retard} en retard — semaine du "
            f"{le:%d/%m/%Y}",
            gabarit="courriels/recapitulatif_contrats",
            contexte={
                "le": le,
                "en_retard": [a for a in siennes[:LIGNES_MAXIMUM] if a.en_retard],
                "bientot": [a for a in siennes[:LIGNES_MAXIMUM] if not a.en_retard],
                "autres": max(0, len(siennes) - LIGNES_MAXIMUM),
                "lien_alertes": url_absolue(reverse("contrats:alertes")),
            },
            compte=agent,
        )
        programmes += 1
    return programmes


def programmer_la_semaine(jour: date) -> None:
    envoyer_les_recapitulatifs.enqueue(jour.isoformat())


RECAPITULATIF_HEBDOMADAIRE = Hebdomadaire(
    "recapitulatif-contrats", jour=0, heure=time(7), programmer=programmer_la_semaine
)
