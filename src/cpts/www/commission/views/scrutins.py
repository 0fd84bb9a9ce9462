"""Scrutins : ouverture, votes (du membre ou saisis par le secrétariat), clôture."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cpts.commission.enums import ChoixVote, EtatScrutin
from cpts.commission.models import PointOrdreDuJour, Scrutin, Siege
from cpts.commission.services import deliberations, scrutins
from cpts.comptes.droits import Action, autorise, exiger
from cpts.www import refus
from cpts.www.commission.views.communs import _droits


@login_required
@require_POST
def ouvrir_scrutin(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(PointOrdreDuJour.objects.select_related("reunion__commission"), pk=pk)
    exiger(request.user, Action.SECRETARIAT_CPR, point.reunion.commission)
    try:
        scrutin = scrutins.ouvrir_scrutin(point, request.user)
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
    droits_de_vote = scrutins.droits_de_vote(reunion) if ouvert else {}
    ont_vote = set(scrutin.votants.values_list("siege_id", flat=True))
    a_voter = [d for pk_, d in droits_de_vote.items() if pk_ not in ont_vote]
    mes_votes = scrutins.sieges_du_membre(reunion, request.user) if ouvert and droits["voter"] else []
    contexte = {
        "commission": reunion.commission,
        "reunion": reunion,
        "point": scrutin.point,
        "scrutin": scrutin,
        "droits": droits,
        "resultat": scrutins.resultat_provisoire(scrutin),
        "bulletins": scrutins.bulletins_visibles(scrutin),
        "votants": scrutin.votants.select_related("siege", "enregistre_par"),
        "a_voter": a_voter if droits["secretariat"] else [],
        "mes_votes": [d for d in mes_votes if d.siege.pk not in ont_vote],
        "choix": ChoixVote.choices,
        "emargements": scrutin.emargements.select_related("siege", "delegue_a"),
        "etat": deliberations.etat_deliberation(reunion) if ouvert else None,
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
            scrutins.voter(scrutin_, siege, choix, request.user, pour_le_secretariat=secretariat)
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
        resultat = scrutins.clore_scrutin(scrutin, request.user)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
    else:
        messages.success(request, f"Scrutin clos : {resultat.libelle.lower()}.")
    return redirect("commission:scrutin", pk=pk)
