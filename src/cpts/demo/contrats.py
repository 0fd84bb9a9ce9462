"""La vie des contrats de la démonstration après leur import, jusqu'à aujourd'hui.

Une région bien tenue : la mission crises sanitaires ajoutée par avenant aux contrats signés avant l'avenant 2, dès
leur première année sous l'avenant ; pour chaque année de contrat finie, les valeurs des indicateurs nationaux
déclarées, puis le dialogue de gestion tenu un mois après l'anniversaire, qui retient l'atteinte de chaque mission ;
chaque versement payé à son échéance (le solde variable, au dialogue qui le rend payable) ; chaque contrat arrivé à
son terme renouvelé le jour de sa fin, sous le texte alors en vigueur. Relancer ne refait rien de ce qui est fait.

Avenants et renouvellements passent par les services ordinaires. Valeurs, dialogues et versements sont écrits d'un
bloc depuis les mêmes calculs (atteinte calculée, échéancier) : leurs services recalculent tout à chaque ligne, des
milliers de fois pour la démonstration (plusieurs minutes au lieu de quelques secondes).
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cpts.comptes.models import Utilisateur
from cpts.contrats import renouvellement, services
from cpts.contrats.echeancier import echeancier_du_contrat, est_variable, termes_du_contrat
from cpts.contrats.enums import Sens
from cpts.contrats.indicateurs import atteintes_calculees
from cpts.contrats.missions import socles
from cpts.contrats.models import BilanMission, Cible, Contrat, DialogueGestion, Paiement, Valeur
from cpts.contrats.peremption import perimer
from cpts.contrats.termes import Termes
from cpts.regles.dates import ajouter_mois

AVENANT_2 = datetime.date(2022, 4, 1)
CRISE = "crise"
DIALOGUE_APRES_ANNIVERSAIRE_JOURS = 30
DEPLOIEMENT_APRES_DEMARRAGE_MOIS = 6
PARTICIPANTS = (
    "La coordinatrice et le président de la CPTS, la CPAM (service des relations avec les professionnels), la "
    "délégation départementale de l'ARS."
)


def payer_jusqu_au(contrat: Contrat, agent: Utilisateur, jusqu_au: datetime.date) -> None:
    """Verse tout ce qui est payable et dû à la date dite, comme une CPAM à jour de ses paiements : chaque ligne à
    son échéance, un solde variable au plus tôt le jour du dialogue de gestion qui retient l'atteinte. Les montants
    sont ceux de l'échéancier (le restant payable de chaque ligne), écrits d'un bloc : le service de paiement
    recalculerait l'échéancier à chaque versement, des milliers de fois pour la démonstration. Écrits hors des
    signaux, ils périment eux-mêmes l'état du contrat, s'il y en a."""
    dialogues = dict(contrat.dialogues.values_list("annee", "date"))
    versements = []
    for ligne in echeancier_du_contrat(contrat, jusqu_au).lignes:
        if ligne.payable <= 0 or ligne.du_le is None or ligne.du_le > jusqu_au:
            continue
        date = ligne.du_le
        if est_variable(ligne.mission, ligne.volet) and ligne.annee in dialogues:
            date = max(date, dialogues[ligne.annee])
        if date > jusqu_au:
            continue
        versements.append(
            Paiement(
                contrat=contrat,
                annee=ligne.annee,
                mission=ligne.mission,
                volet=ligne.volet,
                nature=ligne.nature,
                montant=ligne.payable,
                date=date,
                reference=f"DEMO-{contrat.pk}-{ligne.identifiant}",
                du_a_l_enregistrement=ligne.restant,
                enregistre_par=agent,
            )
        )
    if versements:
        Paiement.objects.bulk_create(versements)
        perimer([contrat.pk])


def _ajouter_la_crise(contrat: Contrat, termes: Termes, agent: Utilisateur, jusqu_au: datetime.date) -> None:
    """L'avenant qui ajoute la mission socle crises sanitaires, effet au début de la première année sous
    l'avenant 2, signé un mois avant (au plus tôt à l'entrée en vigueur de l'avenant 2)."""
    if contrat.fin <= AVENANT_2 or CRISE in socles(contrat.signature) or contrat.avenants.exists():
        return
    effet = next((termes.debut(annee) for annee in termes.annees if termes.debut(annee) >= AVENANT_2), None)
    if effet is None or effet > jusqu_au:
        return
    services.signer_avenant(
        contrat,
        agent,
        signe_le=max(AVENANT_2, effet - datetime.timedelta(days=30)),
        effet_le=effet,
        objet="Ajout de la mission socle « réponse aux crises sanitaires graves » (avenant 2 à l'ACI).",
        missions_ajoutees={CRISE: effet},
    )


def _valeurs(contrat: Contrat, annees: list[int], agent: Utilisateur) -> None:
    """Référence, cible et valeur des indicateurs : une cible qui progresse de 5 % par an, atteinte de 80 à 100 %."""
    contrat.indicateurs.filter(reference__isnull=True).update(reference=Decimal(100))
    cibles, valeurs = [], []
    for rang, indicateur in enumerate(contrat.indicateurs.order_by("pk")):
        croissant = indicateur.sens == Sens.CROISSANT
        for annee in annees:
            pas = Decimal("0.05") * annee
            cible = Decimal(100) * (1 + pas if croissant else 1 - pas)
            ecart = Decimal(1) - Decimal("0.05") * ((contrat.pk + annee + rang) % 5)
            valeur = (cible * ecart if croissant else cible / ecart).quantize(Decimal("0.1"))
            cibles.append(Cible(indicateur=indicateur, annee=annee, valeur=cible))
            valeurs.append(
                Valeur(
                    indicateur=indicateur,
                    annee=annee,
                    valeur=valeur,
                    commentaire="Données de l'Assurance Maladie.",
                    declaree_par=agent,
                    declaree_le=timezone.now(),
                )
            )
    bulk_create_with_history(cibles, Cible, default_user=agent)
    bulk_create_with_history(valeurs, Valeur, default_user=agent)


def _dialogues(contrat: Contrat, agent: Utilisateur, jusqu_au: datetime.date) -> None:
    """Un dialogue par année finie depuis un mois, qui retient l'atteinte calculée de chaque mission (90 % pour une
    mission sans indicateur, motivé). Écrits d'un bloc, comme les valeurs : une fois les valeurs déclarées, l'atteinte
    se calcule une fois pour toutes les années. Écrits hors des signaux, ils périment eux-mêmes l'état du contrat."""
    termes = termes_du_contrat(contrat)
    tenus = set(contrat.dialogues.values_list("annee", flat=True))
    dates = {
        annee: termes.fin(annee) + datetime.timedelta(days=DIALOGUE_APRES_ANNIVERSAIRE_JOURS) for annee in termes.annees
    }
    annees = [annee for annee in termes.annees if annee not in tenus and dates[annee] <= jusqu_au]
    if not annees:
        return
    _valeurs(contrat, annees, agent)
    calculees = atteintes_calculees(contrat, termes)
    bulk_create_with_history(
        [
            DialogueGestion(
                contrat=contrat,
                annee=annee,
                date=dates[annee],
                participants=PARTICIPANTS,
                decisions="Actions poursuivies ; cibles de l'année suivante confirmées.",
                enregistre_par=agent,
            )
            for annee in annees
        ],
        DialogueGestion,
        default_user=agent,
    )
    bilans = []
    for tenu in DialogueGestion.objects.filter(contrat=contrat, annee__in=annees):
        for code in termes.missions_de(tenu.annee, datees=False):
            calcule = calculees[(tenu.annee, code)].taux
            bilans.append(
                BilanMission(
                    dialogue=tenu,
                    mission=code,
                    taux_calcule=calcule,
                    taux_retenu=calcule if calcule is not None else Decimal("0.9"),
                    motif="" if calcule is not None else "Actions menées constatées au dialogue de gestion.",
                    retenu_par=agent,
                    retenu_le=timezone.now(),
                )
            )
    bulk_create_with_history(bilans, BilanMission, default_user=agent)
    perimer([contrat.pk])


def _renouveler(contrat: Contrat, agent: Utilisateur, jusqu_au: datetime.date) -> Contrat | None:
    if contrat.fin > jusqu_au or not renouvellement.dernier_contrat(contrat):
        return None
    signature = contrat.fin
    choisies = dict.fromkeys(socles(signature), signature)
    deja = {mission.mission for mission in contrat.missions.filter(retiree_par__isnull=True)}
    choisies |= {code: signature for code in deja if code not in choisies}
    return renouvellement.renouveler(contrat, agent, signature=signature, missions_choisies=choisies)


def _deployer(contrat: Contrat, agent: Utilisateur, jusqu_au: datetime.date) -> None:
    """Chaque mission démarrée est pleinement déployée six mois après son démarrage, bien avant ses délais."""
    for mission in contrat.missions.filter(demarrage__isnull=False, deploiement__isnull=True):
        deploiement = ajouter_mois(mission.demarrage, DEPLOIEMENT_APRES_DEMARRAGE_MOIS)
        if deploiement <= jusqu_au:
            mission.deploiement = deploiement
            mission._history_user = agent
            mission.save(update_fields=["deploiement"])


def suivre(contrat: Contrat, agent: Utilisateur, jusqu_au: datetime.date) -> None:
    """Le suivi d'un contrat jusqu'à la date, puis celui du contrat qui le renouvelle."""
    _ajouter_la_crise(contrat, termes_du_contrat(contrat), agent, jusqu_au)
    _deployer(contrat, agent, jusqu_au)
    _dialogues(contrat, agent, jusqu_au)
    payer_jusqu_au(contrat, agent, jusqu_au)
    nouveau = _renouveler(contrat, agent, jusqu_au)
    if nouveau is not None:
        suivre(nouveau, agent, jusqu_au)


def faire_vivre(agent: Utilisateur, regions: tuple[str, ...], jusqu_au: datetime.date) -> int:
    """Suit chaque contrat importé des régions ; rend le nombre de contrats renouvelés par la démonstration."""
    avant = Contrat.objects.count()
    for contrat in list(Contrat.objects.filter(cpts__region__in=regions).order_by("signature", "pk")):
        suivre(contrat, agent, jusqu_au)
    return Contrat.objects.count() - avant
