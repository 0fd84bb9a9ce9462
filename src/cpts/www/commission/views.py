"""Pages de la commission paritaire régionale : composition et contrôles, présidence, réunions, scrutins,
relevé de décisions. Les droits passent par `cpts.comptes.droits` ; les décisions par `cpts.commission.services`.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cpts.commission import services
from cpts.commission.enums import ChoixVote, EtatReunion, EtatScrutin, PresenceSiege, SectionSiege
from cpts.commission.models import Commission, Composition, PointOrdreDuJour, Reunion, Scrutin, Siege
from cpts.comptes.droits import Action, autorise, exiger
from cpts.notifications.models import Courriel
from cpts.regles import commission as regles
from cpts.www import refus
from cpts.www.commission import forms
from cpts.www.commission.releve import releve_pdf
from cpts.www.historique import versions

SECTIONS_AFFICHEES = (SectionSiege.PROFESSIONNELLE, SectionSiege.SOCIALE, SectionSiege.CONSULTATIVE)


def _commission(request: HttpRequest, region: str, action: Action = Action.VOIR) -> Commission:
    commission = get_object_or_404(Commission, region=region)
    exiger(request.user, action, commission)
    return commission


def _droits(utilisateur: object, commission: Commission) -> dict[str, bool]:
    return {
        "secretariat": autorise(utilisateur, Action.SECRETARIAT_CPR, commission),
        "voir_votes": autorise(utilisateur, Action.VOIR_VOTES_CPR, commission),
        "voter": autorise(utilisateur, Action.VOTER_CPR, commission),
    }


def _sections(sieges: list[Siege]) -> list[dict[str, object]]:
    return [
        {"code": section.value, "libelle": section.label, "sieges": [s for s in sieges if s.section == section]}
        for section in SECTIONS_AFFICHEES
    ]


# Commissions et compositions


@login_required
def liste(request: HttpRequest) -> HttpResponse:
    commissions = Commission.objects.visibles_par(request.user).order_by("nom")
    aujourdhui = timezone.localdate()
    lignes = []
    for commission in commissions:
        composition = services.composition_en_vigueur(commission, aujourdhui)
        lignes.append(
            {
                "commission": commission,
                "bilan": services.bilan(composition, le=aujourdhui) if composition else None,
                "presidence": services.presidence(commission, aujourdhui.year),
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
    composition = services.composition_en_vigueur(commission, le)
    droits = _droits(request.user, commission)
    contexte = {
        "commission": commission,
        "le": le,
        "formulaire_date": formulaire_date,
        "composition": composition,
        "bilan": services.bilan(composition, le=le) if composition else None,
        "compositions": commission.compositions.annotate(nombre=Count("sieges")),
        "presidences": services.presidences(commission, aujourdhui.year + 1),
        "reunions": commission.reunions.annotate(nombre_points=Count("points")).order_by("-date"),
        "alerte": services.alerte_reunions(commission, aujourdhui),
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
    sieges = list(services.sieges_ranges(composition))
    contexte = {
        "commission": composition.commission,
        "composition": composition,
        "sections": _sections(sieges),
        "bilan": services.bilan(composition, sieges),
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
        for erreurs in formulaire.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
        return redirect("commission:commission", region=region)
    try:
        nouvelle = services.nouvelle_composition(
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
    autres = [s for s in services.sieges_ranges(composition) if siege is None or s.pk != siege.pk]
    if request.method == "POST" and formulaire.is_valid():
        formulaire.instance._history_user = request.user
        formulaire.save()
        messages.success(request, f"Siège « {formulaire.instance.libelle} » enregistré.")
        return redirect("commission:composition", pk=composition.pk)
    propose = formulaire.instance if formulaire.is_bound else siege
    bilan = services.bilan(composition, [*autres, propose] if propose is not None else autres)
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
    autres = [s for s in services.sieges_ranges(composition) if siege is None or s.pk != siege.pk]
    # Tant que la section n'est pas choisie, le siège saisi ne compte encore dans aucun contrôle.
    bilan = services.bilan(composition, [*autres, propose] if propose.section in SectionSiege.values else autres)
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
    composition = services.composition_en_vigueur(commission, timezone.localdate())
    sieges = composition.sieges.all() if composition else Siege.objects.none()
    formulaire = forms.FormulairePresident(request.POST, commission=commission, sieges=sieges)
    if formulaire.is_valid():
        try:
            services.designer_president(
                commission,
                formulaire.cleaned_data["section"],
                formulaire.cleaned_data["siege"],
                formulaire.cleaned_data["designe_le"],
            )
            messages.success(request, "Président de section désigné.")
        except ValidationError as erreur:
            refus.signaler(request, erreur)
    else:
        for erreurs in formulaire.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
    return redirect("commission:commission", region=region)


# Réunions


def _reunion(request: HttpRequest, pk: int, action: Action = Action.VOIR) -> Reunion:
    reunion = get_object_or_404(Reunion.objects.select_related("commission"), pk=pk)
    exiger(request.user, action, reunion.commission)
    return reunion


@login_required
def nouvelle_reunion(request: HttpRequest, region: str) -> HttpResponse:
    commission = _commission(request, region, Action.SECRETARIAT_CPR)
    formulaire = forms.FormulaireReunion(request.POST or None)
    if request.method == "POST" and formulaire.is_valid():
        champs = {nom: formulaire.cleaned_data[nom] for nom in formulaire.Meta.fields}
        try:
            reunion = services.creer_reunion(commission, request.user, **champs)
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
    sieges = services.sieges_votants(reunion)
    presences = services.presences_par_siege(reunion)
    en_cours = reunion.etat in (EtatReunion.CONVOQUEE, EtatReunion.EN_SEANCE)
    etat = services.etat_deliberation(reunion) if sieges and (en_cours or presences) else None
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
        "transitions": [t.code for t in services.transitions_possibles(reunion)],
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
        for erreurs in formulaire.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
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
        lambda r, f: services.convoquer(r, f.cleaned_data["envoye_le"], request.user),
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
        lambda r, f: services.envoyer_ordre_du_jour(r, f.cleaned_data["envoye_le"], request.user),
        forms.FormulaireEnvoi,
        "Ordre du jour enregistré : un courriel part à chaque titulaire et suppléant.",
        "odj",
    )


@login_required
@require_POST
def ouvrir_seance(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_reunion(request, pk, lambda r, f: services.ouvrir_seance(r, request.user), None, "Séance ouverte.")


@login_required
@require_POST
def lever_seance(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_reunion(request, pk, lambda r, f: services.lever_seance(r, request.user), None, "Séance levée.")


@login_required
@require_POST
def publier_releve(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_reunion(
        request,
        pk,
        lambda r, f: services.publier_releve(r, f.cleaned_data["envoye_le"], request.user),
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
        lambda r, f: services.annuler(r, f.cleaned_data["motif"], request.user),
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
        for erreurs in formulaire.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
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
    sieges = services.sieges_votants(reunion)
    presences = services.presences_par_siege(reunion)
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
            services.enregistrer_presences(reunion, saisies, request.user)
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
        "etat": services.etat_deliberation(reunion) if sieges else None,
    }
    return render(request, "commission/emargement.html", contexte)


# Scrutins


@login_required
@require_POST
def ouvrir_scrutin(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(PointOrdreDuJour.objects.select_related("reunion__commission"), pk=pk)
    exiger(request.user, Action.SECRETARIAT_CPR, point.reunion.commission)
    try:
        scrutin = services.ouvrir_scrutin(point, request.user)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
        return redirect("commission:reunion", pk=point.reunion_id)
    messages.success(request, f"Scrutin ouvert (tour {scrutin.tour}).")
    return redirect("commission:scrutin", pk=scrutin.pk)


def _scrutin(request: HttpRequest, pk: int) -> Scrutin:
    scrutin = get_object_or_404(Scrutin.objects.select_related("point__reunion__commission"), pk=pk)
    exiger(request.user, Action.VOIR, scrutin.point.reunion.commission)
    return scrutin


@login_required
def scrutin(request: HttpRequest, pk: int) -> HttpResponse:
    scrutin = _scrutin(request, pk)
    reunion = scrutin.point.reunion
    droits = _droits(request.user, reunion.commission)
    if not droits["voir_votes"]:
        exiger(request.user, Action.VOIR_VOTES_CPR, reunion.commission)
    ouvert = scrutin.etat == EtatScrutin.OUVERT
    droits_de_vote = services.droits_de_vote(reunion) if ouvert else {}
    ont_vote = set(scrutin.votants.values_list("siege_id", flat=True))
    a_voter = [d for pk_, d in droits_de_vote.items() if pk_ not in ont_vote]
    mes_votes = services.sieges_du_membre(reunion, request.user) if ouvert and droits["voter"] else []
    contexte = {
        "commission": reunion.commission,
        "reunion": reunion,
        "point": scrutin.point,
        "scrutin": scrutin,
        "droits": droits,
        "resultat": services.resultat_provisoire(scrutin),
        "bulletins": services.bulletins_visibles(scrutin),
        "votants": scrutin.votants.select_related("siege", "enregistre_par"),
        "a_voter": a_voter if droits["secretariat"] else [],
        "mes_votes": [d for d in mes_votes if d.siege.pk not in ont_vote],
        "choix": ChoixVote.choices,
        "emargements": scrutin.emargements.select_related("siege", "delegue_a"),
        "etat": services.etat_deliberation(reunion) if ouvert else None,
    }
    return render(request, "commission/scrutin.html", contexte)


def _identifiant(texte: str) -> int | None:
    """Un identifiant de siège lisible (chiffres ASCII, dans les bornes d'un entier de la base), sinon None."""
    return int(texte) if texte.isascii() and texte.isdigit() and len(texte) <= 18 else None


@login_required
@require_POST
def voter(request: HttpRequest, pk: int) -> HttpResponse:
    scrutin_ = _scrutin(request, pk)
    commission = scrutin_.point.reunion.commission
    secretariat = autorise(request.user, Action.SECRETARIAT_CPR, commission)
    if not secretariat:
        exiger(request.user, Action.VOTER_CPR, commission)
    votes = {cle.removeprefix("choix_"): choix for cle, choix in request.POST.items() if cle.startswith("choix_")}
    numeros = {texte: _identifiant(texte) for texte in votes}
    sieges = Siege.objects.filter(composition__commission=commission).in_bulk(
        [numero for numero in numeros.values() if numero is not None]
    )
    inconnus = [texte for texte, numero in numeros.items() if numero not in sieges]
    if inconnus:
        # Un envoi qui désigne un siège inconnu n'est pas un formulaire de cette page : rien n'est enregistré.
        for numero in inconnus:
            messages.error(request, f"Siège « {numero} » : ce n'est pas un siège de cette commission.")
        reponse = scrutin(request, pk)
        reponse.status_code = 400
        return reponse
    enregistres = 0
    for numero, choix in votes.items():
        if not choix:
            continue
        siege = sieges[numeros[numero]]
        try:
            services.voter(scrutin_, siege, choix, request.user, pour_le_secretariat=secretariat)
        except ValidationError as erreur:
            refus.signaler(request, erreur)
        else:
            enregistres += 1
    if enregistres:
        messages.success(request, f"{enregistres} vote(s) enregistré(s).")
    return redirect("commission:scrutin", pk=pk)


@login_required
@require_POST
def clore_scrutin(request: HttpRequest, pk: int) -> HttpResponse:
    scrutin = _scrutin(request, pk)
    exiger(request.user, Action.SECRETARIAT_CPR, scrutin.point.reunion.commission)
    try:
        resultat = services.clore_scrutin(scrutin, request.user)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
    else:
        messages.success(request, f"Scrutin clos : {resultat.libelle.lower()}.")
    return redirect("commission:scrutin", pk=pk)


# Relevé de décisions


def _contexte_releve(request: HttpRequest, pk: int) -> dict[str, object]:
    reunion = _reunion(request, pk)
    reunion = services.reunion_complete(reunion.pk)
    presidence = services.presidence(reunion.commission, reunion.date.year)
    return {
        "commission": reunion.commission,
        "reunion": reunion,
        "points": list(reunion.points.all()),
        "presidence": presidence,
        "publie": reunion.etat == EtatReunion.RELEVE_PUBLIE,
    }


@login_required
def releve(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "commission/releve.html", _contexte_releve(request, pk))


@login_required
def releve_en_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    contexte = _contexte_releve(request, pk)
    reunion = contexte["reunion"]
    reponse = HttpResponse(releve_pdf(contexte), content_type="application/pdf")
    nom = f"releve-cpr-{reunion.commission.region}-{reunion.date:%Y-%m-%d}.pdf"
    reponse["Content-Disposition"] = f'inline; filename="{nom}"'
    return reponse


@login_required
def decisions(request: HttpRequest) -> HttpResponse:
    recherche = request.GET.get("q", "").strip()
    points = services.decisions_visibles(request.user, recherche)
    return render(request, "commission/decisions.html", {"points": points[:200], "recherche": recherche})
