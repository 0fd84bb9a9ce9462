"""Commissions et compositions : liste, page d'une commission, sièges et contrôles, présidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cpts.commission.enums import EtatReunion, SectionSiege
from cpts.commission.models import Commission, Composition, Siege
from cpts.commission.services import compositions, reunions
from cpts.comptes.droits import Action, exiger
from cpts.www import refus
from cpts.www.commission import forms
from cpts.www.commission.views.communs import _commission, _droits
from cpts.www.formulaires import erreurs_en_messages
from cpts.www.historique import versions

SECTIONS_AFFICHEES = (SectionSiege.PROFESSIONNELLE, SectionSiege.SOCIALE, SectionSiege.CONSULTATIVE)


def _sections(sieges: list[Siege]) -> list[dict[str, object]]:
    return [
        {"code": section.value, "libelle": section.label, "sieges": [s for s in sieges if s.section == section]}
        for section in SECTIONS_AFFICHEES
    ]


@login_required
def liste(request: HttpRequest) -> HttpResponse:
    commissions = Commission.objects.visibles_par(request.user).order_by("nom")
    aujourdhui = timezone.localdate()
    lignes = []
    for commission in commissions:
        composition = compositions.composition_en_vigueur(commission, aujourdhui)
        lignes.append(
            {
                "commission": commission,
                "bilan": compositions.bilan(composition, le=aujourdhui) if composition else None,
                "presidence": compositions.presidence(commission, aujourdhui.year),
                "prochaine": commission.reunions.filter(date__gte=aujourdhui)
                .exclude(etat=EtatReunion.ANNULEE)
                .order_by("date")
                .first(),
            }
        )
    return render(request, "commission/liste.html", {"lignes": lignes})


@login_required
def commission(request: HttpRequest, region: str) -> HttpResponse:
    commission = _commission(request, region)
    aujourdhui = timezone.localdate()
    formulaire_date = forms.FormulaireDate(request.GET or None)
    le = formulaire_date.date_choisie(aujourdhui)
    composition = compositions.composition_en_vigueur(commission, le)
    droits = _droits(request.user, commission)
    contexte = {
        "commission": commission,
        "le": le,
        "formulaire_date": formulaire_date,
        "composition": composition,
        "bilan": compositions.bilan(composition, le=le) if composition else None,
        "compositions": commission.compositions.annotate(nombre=Count("sieges")),
        "presidences": compositions.presidences(commission, aujourdhui.year + 1),
        "reunions": commission.reunions.annotate(nombre_points=Count("points")).order_by("-date"),
        "alerte": reunions.alerte_reunions(commission, aujourdhui),
        "droits": droits,
        "formulaire_composition": forms.FormulaireComposition(initial={"date_effet": aujourdhui}),
        "formulaire_president": forms.FormulairePresident(
            commission=commission,
            sieges=composition.sieges.filter(
                section__in=[SectionSiege.PROFESSIONNELLE, SectionSiege.SOCIALE], titulaire_designe=True
            )
            if composition
            else Siege.objects.none(),
        )
        if droits["secretariat"]
        else None,
        "historique": versions(commission),
    }
    return render(request, "commission/commission.html", contexte)


@login_required
def composition(request: HttpRequest, pk: int) -> HttpResponse:
    composition = get_object_or_404(Composition.objects.select_related("commission"), pk=pk)
    exiger(request.user, Action.VOIR, composition.commission)
    sieges = list(compositions.sieges_ranges(composition))
    contexte = {
        "commission": composition.commission,
        "composition": composition,
        "sections": _sections(sieges),
        "bilan": compositions.bilan(composition, sieges),
        "droits": _droits(request.user, composition.commission),
        "historique": versions(composition),
    }
    return render(request, "commission/composition.html", contexte)


@login_required
@require_POST
def nouvelle_composition(request: HttpRequest, region: str) -> HttpResponse:
    commission = _commission(request, region, Action.SECRETARIAT_CPR)
    formulaire = forms.FormulaireComposition(request.POST)
    if not formulaire.is_valid():
        erreurs_en_messages(request, formulaire)
        return redirect("commission:commission", region=region)
    try:
        nouvelle = compositions.nouvelle_composition(
            commission, formulaire.cleaned_data["date_effet"], formulaire.cleaned_data["source"]
        )
    except ValidationError as erreur:
        refus.signaler(request, erreur)
        return redirect("commission:commission", region=region)
    messages.success(request, f"Composition en vigueur à partir du {nouvelle.date_effet:%d/%m/%Y} créée.")
    return redirect("commission:composition", pk=nouvelle.pk)


def _siege_formulaire(request: HttpRequest, composition: Composition, siege: Siege | None) -> HttpResponse:
    exiger(request.user, Action.SECRETARIAT_CPR, composition.commission)
    formulaire = forms.FormulaireSiege(request.POST or None, instance=siege, composition=composition)
    autres = [s for s in compositions.sieges_ranges(composition) if siege is None or s.pk != siege.pk]
    if request.method == "POST" and formulaire.is_valid():
        formulaire.instance._history_user = request.user
        formulaire.save()
        messages.success(request, f"Siège « {formulaire.instance.libelle} » enregistré.")
        return redirect("commission:composition", pk=composition.pk)
    propose = formulaire.instance if formulaire.is_bound else siege
    bilan = compositions.bilan(composition, [*autres, propose] if propose is not None else autres)
    contexte = {
        "commission": composition.commission,
        "composition": composition,
        "siege": siege,
        "formulaire": formulaire,
        "bilan": bilan,
        "url_verifier": reverse("commission:verifier_siege", args=[composition.pk])
        + (f"?siege={siege.pk}" if siege else ""),
    }
    return render(request, "commission/siege_formulaire.html", contexte)


@login_required
def ajouter_siege(request: HttpRequest, pk: int) -> HttpResponse:
    composition = get_object_or_404(Composition.objects.select_related("commission"), pk=pk)
    return _siege_formulaire(request, composition, None)


@login_required
def modifier_siege(request: HttpRequest, pk: int) -> HttpResponse:
    siege = get_object_or_404(Siege.objects.select_related("composition__commission"), pk=pk)
    return _siege_formulaire(request, siege.composition, siege)


@login_required
@require_POST
def verifier_siege(request: HttpRequest, pk: int) -> HttpResponse:
    """Les contrôles de la composition recalculés avec le siège tel qu'il est saisi, sans l'enregistrer
    (fragment htmx : la parité et la répartition se lisent pendant la saisie)."""
    composition = get_object_or_404(Composition.objects.select_related("commission"), pk=pk)
    exiger(request.user, Action.SECRETARIAT_CPR, composition.commission)
    siege = None
    if request.GET.get("siege"):
        siege = get_object_or_404(Siege, pk=request.GET["siege"], composition=composition)
    formulaire = forms.FormulaireSiege(request.POST, instance=siege, composition=composition)
    formulaire.is_valid()  # remplit l'instance avec ce qui est lisible ; les erreurs s'affichent à l'envoi
    propose = formulaire.instance
    if propose.section == SectionSiege.CONSULTATIVE:
        propose.voix = 0
    autres = [s for s in compositions.sieges_ranges(composition) if siege is None or s.pk != siege.pk]
    # Tant que la section n'est pas choisie, le siège saisi ne compte encore dans aucun contrôle.
    bilan = compositions.bilan(composition, [*autres, propose] if propose.section in SectionSiege.values else autres)
    return render(request, "commission/_controles.html", {"bilan": bilan, "apercu": True})


@login_required
@require_POST
def supprimer_siege(request: HttpRequest, pk: int) -> HttpResponse:
    siege = get_object_or_404(Siege.objects.select_related("composition__commission"), pk=pk)
    exiger(request.user, Action.SECRETARIAT_CPR, siege.composition.commission)
    composition = siege.composition
    if siege.presences.exists() or siege.delegations_recues.exists():
        messages.error(request, "Ce siège a des présences enregistrées : créez une nouvelle composition datée.")
    else:
        libelle = siege.libelle
        siege._history_user = request.user
        siege.delete()
        messages.success(request, f"Siège « {libelle} » retiré de la composition.")
    return redirect("commission:composition", pk=composition.pk)


@login_required
@require_POST
def designer_president(request: HttpRequest, region: str) -> HttpResponse:
    commission = _commission(request, region, Action.SECRETARIAT_CPR)
    composition = compositions.composition_en_vigueur(commission, timezone.localdate())
    sieges = composition.sieges.all() if composition else Siege.objects.none()
    formulaire = forms.FormulairePresident(request.POST, commission=commission, sieges=sieges)
    if formulaire.is_valid():
        try:
            compositions.designer_president(
                commission,
                formulaire.cleaned_data["section"],
                formulaire.cleaned_data["siege"],
                formulaire.cleaned_data["designe_le"],
            )
            messages.success(request, "Président de section désigné.")
        except ValidationError as erreur:
            refus.signaler(request, erreur)
    else:
        erreurs_en_messages(request, formulaire)
    return redirect("commission:commission", region=region)
