"""Le dialogue de gestion annuel ([ars-aura-guide] « LA MISE EN ŒUVRE D'UN DIALOGUE DE GESTION »,
[urps-med-aura-guide-2022] « 5.2 ») : une réunion des trois parties par année de contrat, dans les deux mois qui
suivent l'anniversaire ; elle constate l'avancée de chaque mission et retient son taux d'atteinte, qui fixe le solde
du volet variable.

L'atteinte calculée sur les valeurs des indicateurs est une proposition : l'agent retient le taux, et motive tout
écart (la base refuse un écart sans motif).
"""

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from cpts.comptes.droits import Action, exiger
from cpts.concurrence import verrouiller
from cpts.contrats import fichiers
from cpts.contrats.echeancier import est_variable, termes_du_contrat
from cpts.contrats.indicateurs import atteintes_calculees
from cpts.contrats.models import BilanMission, Contrat, DialogueGestion
from cpts.contrats.peremption import peremption_groupee
from cpts.contrats.termes import Termes
from cpts.regles.dates import jour_fr
from cpts.saisie import nombre_fr

CRISE = "crise"
UN = Decimal(1)


def lire_taux(brut: object) -> Decimal:
    """Un taux d'atteinte de 0 à 1 (« 0,85 » ou « 85 % ») ; hors de [0, 1] : refusé."""
    if isinstance(brut, bool) or brut is None or str(brut).strip() == "":
        raise ValidationError({"taux": "Taux d'atteinte : nombre de 0 à 1 attendu (0,85 pour 85 %)."})
    try:
        taux = nombre_fr(brut, "%")
    except ValueError:
        raise ValidationError({"taux": f"« {brut} » n'est pas un taux d'atteinte (0,85 pour 85 %)."}) from None
    if str(brut).strip().endswith("%"):
        taux /= 100
    if not taux.is_finite() or not 0 <= taux <= 1:
        raise ValidationError({"taux": f"Taux d'atteinte hors de [0, 1] : {brut}. Un taux va de 0 à 1 (0 % à 100 %)."})
    if taux != taux.quantize(Decimal("0.0001")):
        raise ValidationError({"taux": "Taux d'atteinte : quatre décimales au plus."})
    return taux


def _paiements_variables(contrat: Contrat, annee: int, mission: str | None = None) -> bool:
    paiements = contrat.paiements.filter(annee=annee, annulation__isnull=True)
    if mission:
        paiements = paiements.filter(mission=mission)
    return any(est_variable(p.mission, p.volet) for p in paiements)


@peremption_groupee()
def tenir_dialogue(
    contrat: Contrat,
    auteur: Any,
    *,
    annee: int,
    date: date,
    participants: str,
    decisions: str = "",
    avenant_necessaire: bool = False,
    crise_survenue: bool = False,
    crise_le: date | None = None,
    taux_crise: object = UN,
    constats: Mapping[str, str] | None = None,
    compte_rendu: UploadedFile | None = None,
) -> DialogueGestion:
    """Enregistre le dialogue de gestion d'une année du contrat, avec un bilan par mission de l'année et l'atteinte
    calculée à ce jour (l'atteinte retenue se fixe ensuite, mission par mission : `retenir_atteinte`)."""
    contrat = Contrat.objects.select_for_update().get(pk=contrat.pk)
    exiger(auteur, Action.SUIVRE_CONTRAT, contrat)
    termes = termes_du_contrat(contrat)
    erreurs: dict[str, list[str]] = {}

    def ajouter(champ: str, message: str) -> None:
        erreurs.setdefault(champ, []).append(message)

    if isinstance(annee, bool) or not isinstance(annee, int) or annee not in termes.annees:
        raise ValidationError({"annee": f"L'année « {annee} » est hors du contrat : de 1 à {termes.duree}."})
    if contrat.dialogues.filter(annee=annee).exists():
        ajouter("annee", f"Le dialogue de gestion de l'année {annee} a déjà été enregistré.")
    debut = termes.debut(annee)
    if date > timezone.localdate():
        ajouter("date", "Un dialogue de gestion s'enregistre une fois tenu : sa date ne peut être dans le futur.")
    elif date < debut:
        ajouter("date", f"L'année {annee} du contrat commence le {jour_fr(debut)} : le dialogue ne peut la précéder.")
    if not participants.strip():
        ajouter("participants", "Participants : indiquez qui représentait la CPTS, la CPAM et l'ARS.")
    missions_annee = termes.missions_de(annee, datees=False)
    if crise_survenue and CRISE not in missions_annee:
        ajouter("crise_survenue", "La mission crises sanitaires ne figure pas au contrat cette année.")
    crise = _crise_declaree(termes, annee, crise_survenue, crise_le, taux_crise, ajouter)
    for code in constats or {}:
        if code not in missions_annee:
            ajouter("constats", f"Constat donné pour une mission absente du contrat cette année : « {code} ».")
    if problemes := fichiers.erreurs_pdf(compte_rendu):
        erreurs["compte_rendu"] = problemes
    if erreurs:
        raise ValidationError(erreurs)
    dialogue = DialogueGestion(
        contrat=contrat,
        annee=annee,
        date=date,
        participants=participants.strip(),
        decisions=decisions.strip(),
        avenant_necessaire=avenant_necessaire,
        crise_survenue=crise_survenue,
        crise_le=crise[0],
        taux_crise=crise[1],
        enregistre_par=auteur,
    )
    if compte_rendu is not None:
        dialogue.compte_rendu = compte_rendu
    dialogue._history_user = auteur
    dialogue.save()
    calculees = atteintes_calculees(contrat, termes)
    for code in missions_annee:
        bilan = BilanMission(
            dialogue=dialogue,
            mission=code,
            constat=(constats or {}).get(code, "").strip(),
            taux_calcule=calculees[(annee, code)].taux,
        )
        bilan._history_user = auteur
        bilan.save()
    return dialogue


@peremption_groupee()
def modifier_dialogue(
    dialogue: DialogueGestion,
    auteur: Any,
    *,
    participants: str,
    decisions: str,
    avenant_necessaire: bool,
    crise_survenue: bool,
    constats: Mapping[str, str],
    compte_rendu: UploadedFile | None = None,
    revision: int | None,
    crise_le: date | None = None,
    taux_crise: object = UN,
) -> DialogueGestion:
    contrat = Contrat.objects.select_for_update().get(pk=dialogue.contrat_id)
    exiger(auteur, Action.SUIVRE_CONTRAT, contrat)
    dialogue = DialogueGestion.objects.get(pk=dialogue.pk)
    verrouiller(dialogue, revision)
    erreurs: dict[str, list[str]] = {}
    if not participants.strip():
        erreurs["participants"] = ["Participants : indiquez qui représentait la CPTS, la CPAM et l'ARS."]
    crise = _crise_declaree(
        termes_du_contrat(contrat),
        dialogue.annee,
        crise_survenue,
        crise_le,
        taux_crise,
        lambda champ, message: erreurs.setdefault(champ, []).append(message),
    )
    change = (crise_survenue, *crise) != (dialogue.crise_survenue, dialogue.crise_le, dialogue.taux_crise)
    if change:
        if crise_survenue and not dialogue.bilans.filter(mission=CRISE).exists():
            erreurs["crise_survenue"] = ["La mission crises sanitaires ne figure pas au contrat cette année."]
        elif _paiements_variables(contrat, dialogue.annee, CRISE):
            erreurs["crise_survenue"] = [
                "Le volet variable de la mission crises sanitaires a déjà été payé cette année."
            ]
    if problemes := fichiers.erreurs_pdf(compte_rendu):
        erreurs["compte_rendu"] = problemes
    if erreurs:
        raise ValidationError(erreurs)
    dialogue.participants, dialogue.decisions = participants.strip(), decisions.strip()
    dialogue.avenant_necessaire, dialogue.crise_survenue = avenant_necessaire, crise_survenue
    dialogue.crise_le, dialogue.taux_crise = crise
    if compte_rendu is not None:
        dialogue.compte_rendu = compte_rendu
    dialogue._history_user = auteur
    dialogue.save()
    for bilan in dialogue.bilans.all():
        constat = constats.get(bilan.mission)
        if constat is not None and constat.strip() != bilan.constat:
            bilan.constat = constat.strip()
            bilan._history_user = auteur
            bilan.save(update_fields=["constat"])
    return dialogue


def _crise_declaree(
    termes: Termes,
    annee: int,
    survenue: bool,
    le: date | None,
    taux: object,
    ajouter: Callable[[str, str], object],
) -> tuple[date | None, Decimal]:
    """La date et le taux de la crise déclarée pour l'année : la date tombe dans l'année examinée ; le taux, 100 % par
    défaut, ne dépend pas de l'atteinte des objectifs. Sans crise, ni date ni taux réduit."""
    if not survenue:
        return None, UN
    try:
        retenu = lire_taux(taux)
    except ValidationError:
        ajouter("taux_crise", f"Taux retenu pour la crise : « {taux} » refusé, nombre de 0 à 1 attendu (1 pour 100 %).")
        retenu = UN
    if le is not None and not termes.debut(annee) <= le < termes.fin(annee):
        ajouter(
            "crise_le",
            f"La crise est déclarée pour l'année {annee} du contrat, du {jour_fr(termes.debut(annee))}"
            f" au {jour_fr(termes.fin(annee))} : sa date doit y tomber.",
        )
    return le, retenu


@transaction.atomic
def retenir_atteinte(bilan: BilanMission, auteur: Any, taux: object, motif: str = "") -> BilanMission:
    """Retient le taux d'atteinte d'une mission pour l'année du dialogue ; l'atteinte calculée est relue à cet
    instant et gardée à côté. Une fois le volet variable payé, le taux ne change plus."""
    contrat = Contrat.objects.select_for_update().get(pk=bilan.dialogue.contrat_id)
    exiger(auteur, Action.SUIVRE_CONTRAT, contrat)
    bilan = BilanMission.objects.select_related("dialogue").get(pk=bilan.pk)
    retenu = lire_taux(taux)
    if _paiements_variables(contrat, bilan.dialogue.annee, bilan.mission):
        raise ValidationError(
            f"Le volet variable de l'année {bilan.dialogue.annee} pour la mission {bilan.libelle_mission} a déjà été "
            "payé : l'atteinte retenue ne change plus."
        )
    calcule = atteintes_calculees(contrat, termes_du_contrat(contrat))[(bilan.dialogue.annee, bilan.mission)].taux
    if retenu != calcule and not motif.strip():
        attendu = "aucune atteinte n'est calculable" if calcule is None else f"l'atteinte calculée est {calcule}"
        raise ValidationError({"motif": f"Motif obligatoire : {attendu}, le taux retenu ({retenu}) en diffère."})
    bilan.taux_calcule, bilan.taux_retenu = calcule, retenu
    bilan.motif = motif.strip()
    bilan.retenu_par, bilan.retenu_le = auteur, timezone.now()
    bilan._history_user = auteur
    bilan.full_clean(exclude=["dialogue"])
    bilan.save()
    return bilan
