"""La fiche d'une CPTS : consultation (parcours, contrôles, documents, demandes), modification, décisions d'étape."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action, autorisations, autorise
from cpts.concurrence import ModificationConcurrente
from cpts.dossiers import ecriture, etapes, instruction, membres, rectification, suivi
from cpts.dossiers.enums import DOCUMENTS_UNIQUES, ETAPES_FERMEES, Etape, TransitionEtape, TypeDocument
from cpts.dossiers.models import Cpts, DemandeComplement
from cpts.notifications.models import Courriel
from cpts.www import refus
from cpts.www.concurrence import signaler_conflit, suivre_revision
from cpts.www.dossiers import registre_ecran
from cpts.www.dossiers.forms import (
    FormulaireCpts,
    FormulaireDecision,
    FormulaireDemande,
    FormulaireNote,
    FormulaireReponse,
)
from cpts.www.dossiers.views.communs import _cpts
from cpts.www.formulaires import champs_vierges
from cpts.www.historique import versions

ETAPES_DU_PARCOURS = [
    Etape.DYNAMIQUE,
    Etape.LETTRE_INTENTION,
    Etape.PRE_PROJET_VALIDE,
    Etape.PROJET_SANTE_DEPOSE,
    Etape.PROJET_SANTE_VALIDE,
    Etape.CONTRAT_SIGNE,
]


# Ce que la liste des décisions montre, et ce que la rectification en lit : les lignes jointes (auteur, dépôt et son
# contenu, CPTS absorbante, décision rectifiée) lues entières coûtaient plus que la requête.
DECISIONS = (
    "cpts_id",
    "transition",
    "etape_avant",
    "etape_apres",
    "date",
    "instance",
    "motif",
    "subvention",
    "enregistre_le",
    "enregistre_par__username",
    "enregistre_par__first_name",
    "enregistre_par__last_name",
    "depot__numero",
    "depot__document__type",
    "depot__document__titre",
    "cpts_absorbante__nom",
    "rectifie__transition",
    "rectifie__date",
)


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
    return _fiche(request, _cpts(request, pk))


def _fiche(
    request: HttpRequest, cpts: Cpts, formulaire_decision: FormulaireDecision | None = None, statut: int = 200
) -> HttpResponse:
    """La fiche ; `formulaire_decision` : la décision refusée, réaffichée avec le résumé de ses erreurs."""
    utilisateur = request.user
    droits = autorisations(
        utilisateur, cpts, [Action.INSTRUIRE, Action.MODIFIER, Action.VOIR_COMPTES], acquises=[Action.VOIR]
    )
    peut_instruire = droits[Action.INSTRUIRE]
    peut_modifier = droits[Action.MODIFIER] and not cpts.fermee
    # Les contrôles et le décompte lisent chacun les membres : une lecture pour les deux.
    prefetch_related_objects([cpts], "membres")
    documents_ = list(cpts.documents.prefetch_related("depots").order_by("type", "titre", "pk"))
    for document_ in documents_:
        versions_ = sorted(document_.depots.all(), key=lambda depot: depot.numero)
        document_.derniere_version = versions_[-1] if versions_ else None
    territoire = cpts.territoires.en_cours().first()
    # Les contrôles reprennent les dépôts et le territoire que la fiche vient de lire (trois lectures de moins).
    lu = etapes.Lu(tuple(depot for document_ in documents_ for depot in document_.depots.all()), territoire)
    # De la plus ancienne à la plus récente : la dernière, celle qui peut se rectifier, ferme la liste.
    decisions = list(
        cpts.decisions.select_related("enregistre_par", "depot__document", "cpts_absorbante", "rectifie")
        .only(*DECISIONS)
        .order_by("date", "enregistre_le", "pk")
    )
    contexte = {
        "cpts": cpts,
        "historique": versions(cpts),
        "lieux": registre_ecran.lieux(cpts),
        "parcours": _etapes_parcours(cpts),
        "attendu": suivi.attendu(cpts),
        "controles": suivi.controles(cpts, utilisateur, lu),
        "decompte": membres.decompter(cpts),
        "territoire": territoire,
        "contrats": cpts.contrats.visibles_par(utilisateur).only("cpts_id", "signature", "fin").order_by("-signature"),
        "url_composer": _url_composer(cpts),
        "decisions": decisions,
        "rectifiable": rectification.rectifiable(cpts, decisions) if peut_instruire else None,
        "documents": documents_,
        "types_documents": [(code, libelle, code in DOCUMENTS_UNIQUES) for code, libelle in TypeDocument.choices],
        "demandes": _avec_formulaire_de_reponse(
            cpts.demandes.select_related("demandee_par", "document").prefetch_related("reponses__auteur")
        ),
        "notes": instruction.notes_visibles(utilisateur, cpts) if peut_instruire else None,
        "peut_instruire": peut_instruire,
        "peut_modifier": peut_modifier,
        "voit_comptes": droits[Action.VOIR_COMPTES],
        "formulaire_decision": formulaire_decision
        or (
            FormulaireDecision(
                cpts=cpts, utilisateur=utilisateur, initial={"date": timezone.localdate()}, acquises=[Action.VOIR]
            )
            if peut_instruire
            else None
        ),
        # Deux formulaires vierges, au même HTML à chaque affichage : rendus une fois par processus.
        "formulaire_note": champs_vierges(FormulaireNote) if peut_instruire else None,
        "formulaire_demande": champs_vierges(FormulaireDemande) if peut_instruire else None,
        # Le journal des courriels (adresses, échecs) est lu par ceux qui instruisent.
        "courriels": Courriel.objects.de(cpts) if peut_instruire else None,
    }
    return render(request, "dossiers/detail.html", contexte, status=statut)


def _avec_formulaire_de_reponse(demandes: QuerySet[DemandeComplement]) -> list[DemandeComplement]:
    """Chaque demande porte son formulaire de réponse, préfixé par elle : les champs de la page ont des identifiants
    uniques (la note, la demande et chaque réponse ont un champ « texte »)."""
    liste = list(demandes)
    for demande in liste:
        demande.formulaire_reponse = FormulaireReponse(demande=demande)
    return liste


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
        return _fiche(request, cpts, _a_reconfirmer(formulaire), 400)
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
        refus.rattacher(formulaire, erreur)
        return _fiche(request, cpts, _a_reconfirmer(formulaire), 409)
    messages.success(
        request, f"Décision enregistrée : {decision.get_transition_display()} ({decision.get_instance_display()})."
    )
    return redirect("dossiers:detail", cpts.pk)


def _a_reconfirmer(formulaire: FormulaireDecision) -> FormulaireDecision:
    """La décision refusée, réaffichée sur la fiche sans sa confirmation : corrigée, elle repasse par la page qui en
    dit la conséquence."""
    donnees = formulaire.data.copy()
    donnees.pop("confirmation", None)
    formulaire.data = donnees
    return formulaire


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
