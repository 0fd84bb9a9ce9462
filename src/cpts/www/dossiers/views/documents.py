"""Les documents d'un dossier : création, brouillon et dépôt, versions déposées et leur PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action, autorise, exiger
from cpts.concurrence import ModificationConcurrente
from cpts.dossiers import depots, documents, ecriture, formulaires, pdf
from cpts.dossiers.enums import TypeDocument
from cpts.dossiers.models import Cpts, Depot, Document
from cpts.www import refus
from cpts.www.concurrence import signaler_conflit, suivre_revision
from cpts.www.dossiers.forms import formulaire_document
from cpts.www.dossiers.views.communs import _cpts
from cpts.www.historique import versions


@login_required
@require_POST
def nouveau_document(request: HttpRequest, pk: int, type_document: str) -> HttpResponse:
    cpts = _cpts(request, pk, Action.MODIFIER)
    if type_document not in TypeDocument.values:
        raise Http404("Type de document inconnu.")
    try:
        document = depots.creer_document(cpts, type_document)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
        return redirect("dossiers:detail", cpts.pk)
    return redirect("dossiers:document", cpts.pk, document.pk)


def _deposer_si_demande(request: HttpRequest, document_: Document) -> HttpResponse:
    """Après l'enregistrement du brouillon : le dépôt, s'il est demandé et possible."""
    if "deposer" not in request.POST:
        messages.success(request, "Brouillon enregistré.")
        return redirect("dossiers:document", document_.cpts_id, document_.pk)
    try:
        depot = depots.deposer(document_, request.user)
    except ValidationError as erreur:
        messages.error(request, "Le brouillon est enregistré, mais il ne peut pas encore être déposé :")
        refus.signaler(request, erreur)
        return redirect("dossiers:document", document_.cpts_id, document_.pk)
    messages.success(request, f"Version {depot.numero} déposée le {depot.depose_le:%d/%m/%Y}.")
    return redirect("dossiers:detail", document_.cpts_id)


def _sections(modele: documents.ModeleDocument, formulaire: object) -> list[dict[str, object]]:
    return [
        {"section": section, "champs": [formulaire[champ.cle] for champ in section.champs]}
        for section in modele.sections
    ]


def _signaler_si_clos(request: HttpRequest, cpts: Cpts) -> bool:
    """Vrai, et le refus dit à l'utilisateur, si le dossier est clos : le service refuserait aussi, on le dit
    d'emblée sans juger une saisie qui ne sera pas gardée."""
    try:
        ecriture.exiger_ouverte(cpts)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
        return True
    return False


@login_required
def document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """Le brouillon d'un document (enregistrer, déposer) et ses versions déposées."""
    cpts = _cpts(request, pk)
    document_ = get_object_or_404(Document, pk=document_pk, cpts=cpts)
    modele = documents.modele(document_.type)
    peut_modifier = autorise(request.user, Action.MODIFIER, cpts) and not cpts.fermee
    statut = 200
    if request.method == "POST":
        exiger(request.user, Action.MODIFIER, cpts)
        formulaire = formulaire_document(modele, request.POST)
        suivre_revision(formulaire, document_)
        if _signaler_si_clos(request, cpts):
            statut = 409
        elif formulaire.is_valid():
            try:
                depots.enregistrer_brouillon(
                    document_, formulaire.cleaned_data, request.user, revision=formulaire.cleaned_data["revision"]
                )
            except ModificationConcurrente as conflit:
                signaler_conflit(formulaire, conflit)
                statut = 409
            else:
                return _deposer_si_demande(request, document_)
    else:
        formulaire = formulaire_document(modele, initial=formulaires.valeurs_initiales(modele, document_.brouillon))
        suivre_revision(formulaire, document_)
    contexte = {
        "cpts": cpts,
        "document": document_,
        "modele": modele,
        "sections": _sections(modele, formulaire) if peut_modifier else [],
        "formulaire": formulaire,
        "peut_modifier": peut_modifier,
        "manques": depots.verifier_depot(document_) if peut_modifier else [],
        "depots": document_.depots.select_related("depose_par").order_by("-numero"),
        "historique": versions(document_) if peut_modifier else [],
    }
    return render(request, "dossiers/document.html", contexte, status=statut)


def _depot(request: HttpRequest, pk: int, document_pk: int, numero: int) -> Depot:
    cpts = _cpts(request, pk)
    return get_object_or_404(
        Depot.objects.select_related("document__cpts", "depose_par"),
        document__cpts=cpts,
        document_id=document_pk,
        numero=numero,
    )


@login_required
def version(request: HttpRequest, pk: int, document_pk: int, numero: int) -> HttpResponse:
    depot = _depot(request, pk, document_pk, numero)
    modele = documents.modele(depot.document.type)
    valeurs = depot.contenu.get("valeurs", {})
    sections = [
        {
            "section": section,
            "champs": [(champ.libelle, pdf._valeur(champ, valeurs.get(champ.cle))) for champ in section.champs],
        }
        for section in modele.sections
    ]
    contexte = {
        "cpts": depot.document.cpts,
        "depot": depot,
        "modele": modele,
        "sections": sections,
        "annexes": depot.contenu.get("annexes", {}),
        "totaux_budget": documents.totaux_budget(valeurs) if depot.document.type == TypeDocument.BUDGET else None,
    }
    return render(request, "dossiers/version.html", contexte)


@login_required
def version_pdf(request: HttpRequest, pk: int, document_pk: int, numero: int) -> HttpResponse:
    depot = _depot(request, pk, document_pk, numero)
    reponse = HttpResponse(pdf.rendre(depot), content_type="application/pdf")
    nom = f"{depot.document.type}-{depot.document.cpts_id}-v{depot.numero}.pdf"
    reponse["Content-Disposition"] = f'inline; filename="{nom}"'
    return reponse
