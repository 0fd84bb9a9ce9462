"""Pages des dossiers : registre filtré et exporté, fiche d'une CPTS, décisions d'étape, membres, documents,
instruction. Chaque page passe par le point de décision des droits (`visibles_par`, `exiger`, `autorise`).

Plus de 400 lignes : à découper en paquet de vues le long de ses sections (registre et fiche, membres, documents,
instruction), comme les contrats et la commission, une fois fusionnées les branches qui le modifient en même temps.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action, autorise, exiger, portee
from cpts.concurrence import ModificationConcurrente
from cpts.dossiers import depots, documents, ecriture, etapes, formulaires, instruction, membres, pdf, suivi
from cpts.dossiers.enums import DOCUMENTS_UNIQUES, ETAPES_FERMEES, Etape, TransitionEtape, TypeDocument, TypeMembre
from cpts.dossiers.exports import colonnes, registre, selection
from cpts.dossiers.models import Cpts, DemandeComplement, Depot, Document, Membre
from cpts.notifications.models import Courriel
from cpts.www import refus
from cpts.www.concurrence import signaler_conflit, suivre_revision
from cpts.www.dossiers.forms import (
    FormulaireCpts,
    FormulaireDecision,
    FormulaireDemande,
    FormulaireFiltres,
    FormulaireImport,
    FormulaireMembre,
    FormulaireNote,
    FormulaireReponse,
    formulaire_document,
)
from cpts.www.exports import exporter
from cpts.www.historique import versions

ETAPES_DU_PARCOURS = [
    Etape.DYNAMIQUE,
    Etape.LETTRE_INTENTION,
    Etape.PRE_PROJET_VALIDE,
    Etape.PROJET_SANTE_DEPOSE,
    Etape.PROJET_SANTE_VALIDE,
    Etape.CONTRAT_SIGNE,
]


def _cpts(request: HttpRequest, pk: int, action: Action = Action.VOIR) -> Cpts:
    cpts = get_object_or_404(Cpts, pk=pk)
    exiger(request.user, action, cpts)
    return cpts


def _filtrer(request: HttpRequest) -> tuple[FormulaireFiltres, object]:
    filtres = FormulaireFiltres(request.GET or None)
    valeurs = filtres.cleaned_data if filtres.is_bound and filtres.is_valid() else {}
    queryset = selection(
        Cpts.objects.visibles_par(request.user),
        etape=valeurs.get("etape", ""),
        departement=valeurs.get("departement", ""),
        echeance=valeurs.get("echeance", ""),
    ).order_by("nom", "pk")
    return filtres, queryset


@login_required
def liste(request: HttpRequest) -> HttpResponse:
    filtres, queryset = _filtrer(request)
    contexte = {
        "liste_cpts": queryset,
        "filtres": filtres,
        "parametres": request.GET.urlencode(),
        "peut_creer": portee(request.user, Action.INSTRUIRE) is not None,
    }
    if request.htmx:
        return render(request, "dossiers/tableau.html", contexte)
    return render(request, "dossiers/liste.html", contexte)


@login_required
def export(request: HttpRequest, format: str) -> HttpResponse:
    _, queryset = _filtrer(request)
    dossiers = registre(request.user, queryset)
    nom = f"dossiers-cpts-{timezone.localdate():%Y-%m-%d}"
    reponse = exporter(format, nom, colonnes(dossiers), dossiers)
    if reponse is None:
        raise Http404("Format d'export inconnu.")
    return reponse


@login_required
def creer(request: HttpRequest) -> HttpResponse:
    """Un agent inscrit un nouveau projet de CPTS de son périmètre au registre."""
    if portee(request.user, Action.INSTRUIRE) is None:
        raise PermissionDenied("Seul un agent ARS ou CPAM inscrit un projet de CPTS au registre.")
    formulaire = FormulaireCpts(request.POST or None)
    statut = 200
    if request.method == "POST" and formulaire.is_valid():
        try:
            cpts = ecriture.enregistrer_fiche(formulaire.instance, request.user, revision=None)
        except ValidationError as erreur:
            refus.rattacher(formulaire, erreur)
            statut = 422
        else:
            messages.success(request, f"La CPTS {cpts} est inscrite au registre.")
            return redirect("dossiers:detail", cpts.pk)
    return render(request, "dossiers/formulaire_cpts.html", {"formulaire": formulaire, "cpts": None}, status=statut)


def _etapes_parcours(cpts: Cpts) -> dict[str, object]:
    if cpts.etape in ETAPES_DU_PARCOURS:
        rang = ETAPES_DU_PARCOURS.index(cpts.etape) + 1
        suivante = ETAPES_DU_PARCOURS[rang].label if rang < len(ETAPES_DU_PARCOURS) else ""
    else:
        rang, suivante = 0, ""
    return {"rang": rang, "total": len(ETAPES_DU_PARCOURS), "suivante": suivante}


def _url_composer(cpts: Cpts) -> str:
    try:
        return reverse("territoires:composer_cpts", args=[cpts.pk])
    except NoReverseMatch:  # le compositeur de territoire n'est pas installé
        return ""


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk)
    utilisateur = request.user
    peut_instruire = autorise(utilisateur, Action.INSTRUIRE, cpts)
    peut_modifier = autorise(utilisateur, Action.MODIFIER, cpts) and not cpts.fermee
    documents_ = list(cpts.documents.prefetch_related("depots").order_by("type", "titre", "pk"))
    for document_ in documents_:
        versions_ = sorted(document_.depots.all(), key=lambda depot: depot.numero)
        document_.derniere_version = versions_[-1] if versions_ else None
    contexte = {
        "cpts": cpts,
        "historique": versions(cpts),
        "parcours": _etapes_parcours(cpts),
        "attendu": suivi.attendu(cpts),
        "controles": suivi.controles(cpts, utilisateur),
        "decompte": membres.decompter(cpts),
        "territoire": cpts.territoires.filter(fin__isnull=True).first(),
        "contrats": cpts.contrats.visibles_par(utilisateur).order_by("-signature"),
        "url_composer": _url_composer(cpts),
        "decisions": cpts.decisions.select_related("enregistre_par", "depot__document", "cpts_absorbante"),
        "documents": documents_,
        "types_documents": [(code, libelle, code in DOCUMENTS_UNIQUES) for code, libelle in TypeDocument.choices],
        "demandes": cpts.demandes.select_related("demandee_par", "document").prefetch_related("reponses__auteur"),
        "notes": instruction.notes_visibles(utilisateur, cpts) if peut_instruire else None,
        "peut_instruire": peut_instruire,
        "peut_modifier": peut_modifier,
        "formulaire_decision": FormulaireDecision(
            cpts=cpts, utilisateur=utilisateur, initial={"date": timezone.localdate()}
        )
        if peut_instruire
        else None,
        "formulaire_note": FormulaireNote() if peut_instruire else None,
        "formulaire_demande": FormulaireDemande() if peut_instruire else None,
        "formulaire_reponse": FormulaireReponse(),
        # Le journal des courriels (adresses, échecs) est lu par ceux qui instruisent.
        "courriels": Courriel.objects.de(cpts) if peut_instruire else None,
    }
    return render(request, "dossiers/detail.html", contexte)


@login_required
def modifier(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.MODIFIER)
    # L'équipe projet tient son association et son contact ; le nom et les départements, les agents.
    identite = autorise(request.user, Action.INSTRUIRE, cpts)
    formulaire = FormulaireCpts(request.POST or None, instance=cpts, identite=identite)
    suivre_revision(formulaire, cpts)
    statut = 200
    if request.method == "POST" and formulaire.is_valid():
        try:
            ecriture.enregistrer_fiche(formulaire.instance, request.user, revision=formulaire.cleaned_data["revision"])
        except ModificationConcurrente as conflit:
            signaler_conflit(formulaire, conflit)
            statut = 409
        except ValidationError as erreur:
            refus.rattacher(formulaire, erreur)
            statut = 409
        else:
            messages.success(request, "Les informations de la CPTS sont enregistrées.")
            return redirect("dossiers:detail", cpts.pk)
    contexte = {"formulaire": formulaire, "cpts": cpts}
    return render(request, "dossiers/formulaire_cpts.html", contexte, status=statut)


@login_required
@require_POST
def decider(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.INSTRUIRE)
    formulaire = FormulaireDecision(request.POST, cpts=cpts, utilisateur=request.user)
    if not formulaire.is_valid():
        for champ, erreurs in formulaire.errors.items():
            for erreur in erreurs:
                messages.error(request, f"{formulaire.fields[champ].label} : {erreur}")
        return redirect(f"{reverse('dossiers:detail', args=[cpts.pk])}#decision")
    donnees = formulaire.cleaned_data
    if not donnees["confirmation"]:
        return render(request, "dossiers/confirmer_decision.html", _confirmation(cpts, formulaire))
    try:
        decision = etapes.franchir(
            cpts,
            donnees["transition"],
            request.user,
            date=donnees["date"],
            instance=donnees["instance"],
            motif=donnees["motif"],
            cpts_absorbante=donnees["cpts_absorbante"],
        )
    except ValidationError as erreur:
        messages.error(request, "Décision refusée, rien n'a été enregistré :")
        refus.signaler(request, erreur)
        return redirect(f"{reverse('dossiers:detail', args=[cpts.pk])}#decision")
    messages.success(
        request, f"Décision enregistrée : {decision.get_transition_display()} ({decision.get_instance_display()})."
    )
    return redirect("dossiers:detail", cpts.pk)


def _confirmation(cpts: Cpts, formulaire: FormulaireDecision) -> dict[str, object]:
    """Ce que la page de confirmation redit : la décision, son instance, sa date, et ce qu'elle change au dossier."""
    donnees = formulaire.cleaned_data
    regle = etapes.TRANSITIONS[TransitionEtape(donnees["transition"])]
    return {
        "cpts": cpts,
        "formulaire": formulaire,
        "decision": regle.libelle,
        "instance": dict(formulaire.fields["instance"].choices)[donnees["instance"]],
        "avant": cpts.get_etape_display(),
        "apres": regle.vers.label,
        "fermeture": regle.vers in ETAPES_FERMEES,
        "absorbante": donnees["cpts_absorbante"],
    }


# Membres


MEMBRES_PAR_PAGE = 100


@login_required
def liste_membres(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk)
    peut_modifier = autorise(request.user, Action.MODIFIER, cpts) and not cpts.fermee
    # Une page à la fois : une liste de milliers de membres ne se charge ni ne s'affiche d'un bloc.
    page = Paginator(cpts.membres.order_by("pk"), MEMBRES_PAR_PAGE).get_page(request.GET.get("page"))
    # La liste des numéros (avec « … ») que le gabarit de pagination de django-dsfr attend.
    page.pages_list = list(page.paginator.get_elided_page_range(page.number))
    doubles = {double.membre.pk: double for double in membres.doubles_appartenances(cpts, page.object_list)}
    for membre_ in page.object_list:
        membre_.double = doubles.get(membre_.pk)
    contexte = {
        "cpts": cpts,
        "membres": page.object_list,
        "page_membres": page,
        "decompte": membres.decompter(cpts),
        "refus_pluriprofessionnalite": membres.refus_pluriprofessionnalite(cpts),
        "voit_autres_cpts": autorise(request.user, Action.INSTRUIRE, cpts),
        "peut_modifier": peut_modifier,
        "formulaire": FormulaireMembre() if peut_modifier else None,
        "formulaire_import": FormulaireImport() if peut_modifier else None,
        "types": TypeMembre,
    }
    return render(request, "dossiers/membres.html", contexte)


@login_required
def membre(request: HttpRequest, pk: int, membre_pk: int | None = None) -> HttpResponse:
    """Ajouter (sans `membre_pk`) ou modifier un membre."""
    cpts = _cpts(request, pk, Action.MODIFIER)
    instance = get_object_or_404(Membre, pk=membre_pk, cpts=cpts) if membre_pk else Membre(cpts=cpts)
    formulaire = FormulaireMembre(request.POST or None, instance=instance)
    if membre_pk:
        suivre_revision(formulaire, instance)
    statut = 200
    if request.method == "POST" and formulaire.is_valid():
        try:
            revision = formulaire.cleaned_data["revision"] if membre_pk else None
            membres.enregistrer_membre(formulaire.instance, request.user, revision=revision)
        except ModificationConcurrente as conflit:
            signaler_conflit(formulaire, conflit)
            statut = 409
        except ValidationError as erreur:
            refus.rattacher(formulaire, erreur)
            statut = 409
        else:
            messages.success(request, f"Membre enregistré : {formulaire.instance}.")
            return redirect("dossiers:membres", cpts.pk)
    contexte = {"cpts": cpts, "formulaire": formulaire, "membre": instance}
    return render(request, "dossiers/membre.html", contexte, status=statut)


@login_required
@require_POST
def retirer_membre(request: HttpRequest, pk: int, membre_pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.MODIFIER)
    instance = get_object_or_404(Membre, pk=membre_pk, cpts=cpts)
    try:
        membres.retirer_membre(instance, request.user)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
    else:
        messages.success(request, f"{instance} ne fait plus partie des membres.")
    return redirect("dossiers:membres", cpts.pk)


@login_required
@require_POST
def importer_membres(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.MODIFIER)
    formulaire = FormulaireImport(request.POST, request.FILES)
    if not formulaire.is_valid():
        messages.error(request, "Fichier : choisissez un fichier CSV ou XLSX.")
        return redirect("dossiers:membres", cpts.pk)
    fichier = formulaire.cleaned_data["fichier"]
    try:
        importes = membres.importer(cpts, fichier.name, fichier.read())
    except ValidationError as erreur:
        messages.error(request, "Import refusé, aucun membre n'a été ajouté :")
        refus.signaler(request, erreur)
    else:
        messages.success(request, f"{len(importes)} membres importés.")
    return redirect("dossiers:membres", cpts.pk)


# Documents


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


# Instruction


@login_required
@require_POST
def ecrire_note(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.INSTRUIRE)
    formulaire = FormulaireNote(request.POST)
    if formulaire.is_valid():
        instruction.ecrire_note(cpts, formulaire.cleaned_data["texte"], request.user)
        messages.success(request, "Note d'instruction enregistrée.")
    else:
        messages.error(request, "Note : le texte est vide.")
    return redirect(f"{reverse('dossiers:detail', args=[cpts.pk])}#notes")


@login_required
@require_POST
def demander(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.INSTRUIRE)
    formulaire = FormulaireDemande(request.POST)
    if formulaire.is_valid():
        try:
            instruction.demander_complement(cpts, request.user, **formulaire.cleaned_data)
        except ValidationError as erreur:
            refus.signaler(request, erreur)
        else:
            messages.success(request, "Demande de complément envoyée à l'équipe projet.")
    else:
        for champ, erreurs in formulaire.errors.items():
            for erreur in erreurs:
                messages.error(request, f"{formulaire.fields[champ].label} : {erreur}")
    return redirect(f"{reverse('dossiers:detail', args=[cpts.pk])}#demandes")


@login_required
@require_POST
def repondre(request: HttpRequest, pk: int, demande_pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.MODIFIER)
    demande = get_object_or_404(DemandeComplement, pk=demande_pk, cpts=cpts)
    formulaire = FormulaireReponse(request.POST)
    if formulaire.is_valid():
        try:
            instruction.repondre(demande, formulaire.cleaned_data["texte"], request.user)
        except ValidationError as erreur:
            refus.signaler(request, erreur)
        else:
            messages.success(request, "Réponse envoyée.")
    else:
        messages.error(request, "Réponse : le texte est vide.")
    return redirect(f"{reverse('dossiers:detail', args=[cpts.pk])}#demandes")


@login_required
@require_POST
def lever(request: HttpRequest, pk: int, demande_pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.INSTRUIRE)
    demande = get_object_or_404(DemandeComplement, pk=demande_pk, cpts=cpts)
    try:
        instruction.lever(demande, request.user)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
    else:
        messages.success(request, "Demande levée.")
    return redirect(f"{reverse('dossiers:detail', args=[cpts.pk])}#demandes")
