"""Réunions : création, convocation, ordre du jour, séance, émargement, décisions, annulation."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cpts.commission.enums import EtatReunion, EtatScrutin, PresenceSiege, SectionSiege
from cpts.commission.models import PointOrdreDuJour, Reunion, Scrutin
from cpts.commission.services import deliberations, reunions
from cpts.comptes.droits import Action, exiger
from cpts.notifications.models import Courriel
from cpts.regles import commission as regles
from cpts.www import refus
from cpts.www.commission import forms
from cpts.www.commission.views.communs import _commission, _droits, _reunion
from cpts.www.formulaires import erreurs_en_messages


@login_required
def nouvelle_reunion(request: HttpRequest, region: str) -> HttpResponse:
    commission = _commission(request, region, Action.SECRETARIAT_CPR)
    formulaire = forms.FormulaireReunion(request.POST or None)
    if request.method == "POST" and formulaire.is_valid():
        champs = {nom: formulaire.cleaned_data[nom] for nom in formulaire.Meta.fields}
        try:
            reunion = reunions.creer_reunion(commission, request.user, **champs)
        except ValidationError as erreur:
            refus.signaler(request, erreur)
        else:
            messages.success(request, f"Réunion du {reunion.date:%d/%m/%Y} créée : ajoutez son ordre du jour.")
            return redirect("commission:reunion", pk=reunion.pk)
    return render(request, "commission/reunion_formulaire.html", {"commission": commission, "formulaire": formulaire})


@login_required
def reunion(request: HttpRequest, pk: int) -> HttpResponse:
    reunion = _reunion(request, pk)
    droits = _droits(request.user, reunion.commission)
    points = list(reunion.points.prefetch_related("scrutins"))
    sieges = deliberations.sieges_votants(reunion)
    presences = deliberations.presences_par_siege(reunion)
    en_cours = reunion.etat in (EtatReunion.CONVOQUEE, EtatReunion.EN_SEANCE)
    etat = deliberations.etat_deliberation(reunion) if sieges and (en_cours or presences) else None
    contexte = {
        "commission": reunion.commission,
        "reunion": reunion,
        "points": points,
        "droits": droits,
        "etat": etat,
        "presences": [(s, presences.get(s.pk)) for s in sieges],
        "limite_convocation": regles.date_limite_convocation(reunion.date),
        "limite_ordre_du_jour": regles.date_limite_ordre_du_jour(reunion.date),
        "limite_releve": regles.date_limite_releve(reunion.date),
        "transitions": [t.code for t in reunions.transitions_possibles(reunion)],
        "formulaire_convocation": forms.FormulaireEnvoi(prefix="convocation"),
        "formulaire_odj": forms.FormulaireEnvoi(prefix="odj"),
        "formulaire_releve": forms.FormulairePublication(prefix="releve"),
        "formulaire_point": forms.FormulairePoint(initial={"numero": len(points) + 1}),
        "formulaire_motif": forms.FormulaireMotif(),
        "evenements": reunion.evenements.select_related("par"),
        "scrutin_ouvert": Scrutin.objects.filter(point__reunion=reunion, etat=EtatScrutin.OUVERT).first(),
        "modifiable": reunion.etat in (EtatReunion.PREPARATION, EtatReunion.CONVOQUEE, EtatReunion.EN_SEANCE),
        # Le journal des courriels (adresses, échecs) est l'affaire du secrétariat, qui convoque.
        "courriels": Courriel.objects.de(reunion) if droits["secretariat"] else None,
    }
    return render(request, "commission/reunion.html", contexte)


def _action_reunion(
    request: HttpRequest,
    pk: int,
    faire: Callable[[Reunion, object], None],
    formulaire_classe: type | None,
    succes: str,
    prefixe: str | None = None,
) -> HttpResponse:
    reunion = _reunion(request, pk, Action.SECRETARIAT_CPR)
    formulaire = formulaire_classe(request.POST, prefix=prefixe) if formulaire_classe else None
    if formulaire is not None and not formulaire.is_valid():
        erreurs_en_messages(request, formulaire)
        return redirect("commission:reunion", pk=pk)
    try:
        faire(reunion, formulaire)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
    else:
        messages.success(request, succes)
    return redirect("commission:reunion", pk=pk)


@login_required
@require_POST
def convoquer(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_reunion(
        request,
        pk,
        lambda r, f: reunions.convoquer(r, f.cleaned_data["envoye_le"], request.user),
        forms.FormulaireEnvoi,
        "Convocation enregistrée : un courriel part à chaque titulaire et suppléant (voir « Courriels envoyés »).",
        "convocation",
    )


@login_required
@require_POST
def envoyer_ordre_du_jour(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_reunion(
        request,
        pk,
        lambda r, f: reunions.envoyer_ordre_du_jour(r, f.cleaned_data["envoye_le"], request.user),
        forms.FormulaireEnvoi,
        "Ordre du jour enregistré : un courriel part à chaque titulaire et suppléant.",
        "odj",
    )


@login_required
@require_POST
def ouvrir_seance(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_reunion(request, pk, lambda r, f: reunions.ouvrir_seance(r, request.user), None, "Séance ouverte.")


@login_required
@require_POST
def lever_seance(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_reunion(request, pk, lambda r, f: reunions.lever_seance(r, request.user), None, "Séance levée.")


@login_required
@require_POST
def publier_releve(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_reunion(
        request,
        pk,
        lambda r, f: reunions.publier_releve(r, f.cleaned_data["envoye_le"], request.user),
        forms.FormulairePublication,
        "Relevé de décisions publié et envoyé par courriel aux titulaires et suppléants.",
        "releve",
    )


@login_required
@require_POST
def annuler(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_reunion(
        request,
        pk,
        lambda r, f: reunions.annuler(r, f.cleaned_data["motif"], request.user),
        forms.FormulaireMotif,
        "Réunion annulée.",
    )


@login_required
@require_POST
def ajouter_point(request: HttpRequest, pk: int) -> HttpResponse:
    reunion = _reunion(request, pk, Action.SECRETARIAT_CPR)
    formulaire = forms.FormulairePoint(request.POST, instance=PointOrdreDuJour(reunion=reunion))
    if reunion.etat not in (EtatReunion.PREPARATION, EtatReunion.CONVOQUEE):
        messages.error(request, "L'ordre du jour ne change plus une fois la séance ouverte.")
    elif formulaire.is_valid():
        formulaire.instance._history_user = request.user
        formulaire.save()
        messages.success(request, "Point ajouté à l'ordre du jour.")
    else:
        erreurs_en_messages(request, formulaire)
    return redirect("commission:reunion", pk=pk)


@login_required
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(PointOrdreDuJour.objects.select_related("reunion__commission"), pk=pk)
    exiger(request.user, Action.SECRETARIAT_CPR, point.reunion.commission)
    formulaire = forms.FormulaireDecision(request.POST or None, instance=point)
    if point.reunion.etat in (EtatReunion.RELEVE_PUBLIE, EtatReunion.ANNULEE):
        messages.error(request, "Le relevé est publié : les décisions ne changent plus.")
        return redirect("commission:reunion", pk=point.reunion_id)
    if request.method == "POST" and formulaire.is_valid():
        point._history_user = request.user
        formulaire.save()
        messages.success(request, f"Décision du point {point.numero} enregistrée.")
        return redirect("commission:reunion", pk=point.reunion_id)
    return render(
        request,
        "commission/decision.html",
        {"commission": point.reunion.commission, "point": point, "formulaire": formulaire},
    )


@login_required
def emargement(request: HttpRequest, pk: int) -> HttpResponse:
    reunion = _reunion(request, pk, Action.SECRETARIAT_CPR)
    sieges = deliberations.sieges_votants(reunion)
    presences = deliberations.presences_par_siege(reunion)
    if request.method == "POST":
        ids = {s.pk for s in sieges}
        saisies = {}
        for siege in sieges:
            presence = request.POST.get(f"presence_{siege.pk}", PresenceSiege.ABSENT)
            if presence not in PresenceSiege.values:
                presence = PresenceSiege.ABSENT
            delegation = request.POST.get(f"delegation_{siege.pk}") or None
            delegation = int(delegation) if delegation and delegation.isdigit() and int(delegation) in ids else None
            saisies[siege.pk] = (presence, delegation if presence == PresenceSiege.ABSENT else None)
        try:
            deliberations.enregistrer_presences(reunion, saisies, request.user)
        except ValidationError as erreur:
            refus.signaler(request, erreur)
        else:
            messages.success(request, "Présences enregistrées.")
            return redirect("commission:reunion", pk=pk)
    lignes = [
        {
            "siege": siege,
            "presence": presences[siege.pk].presence if siege.pk in presences else PresenceSiege.ABSENT,
            "delegue_a": presences[siege.pk].delegue_a_id if siege.pk in presences else None,
            "collegues": [s for s in sieges if s.section == siege.section and s.pk != siege.pk],
        }
        for siege in sieges
    ]
    contexte = {
        "commission": reunion.commission,
        "reunion": reunion,
        "sections": [
            {"libelle": section.label, "lignes": [ligne for ligne in lignes if ligne["siege"].section == section]}
            for section in (SectionSiege.PROFESSIONNELLE, SectionSiege.SOCIALE)
        ],
        "choix_presence": PresenceSiege.choices,
        "etat": deliberations.etat_deliberation(reunion) if sieges else None,
    }
    return render(request, "commission/emargement.html", contexte)
