"""La fiche d'une CPTS : consultation (parcours, contrôles, documents, demandes), modification, décisions d'étape."""

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action, autorisations, autorise
from cpts.concurrence import ModificationConcurrente
from cpts.dossiers import ecriture, etapes, membres, rectification, suivi
from cpts.dossiers.enums import ETAPES_FERMEES, Etape, TransitionEtape
from cpts.dossiers.models import Cpts, DemandeComplement
from cpts.www import refus
from cpts.www.concurrence import signaler_conflit, suivre_revision
from cpts.www.dossiers import lectures, registre_ecran
from cpts.www.dossiers.forms import (
    GABARIT_CHAMPS_DECISION,
    FormulaireCpts,
    FormulaireDecision,
    FormulaireDemande,
    FormulaireNote,
    FormulaireReponse,
    champs_decision,
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


def _etapes_parcours(cpts: Cpts) -> dict[str, object]:
    if cpts.etape in ETAPES_DU_PARCOURS:
        rang = ETAPES_DU_PARCOURS.index(cpts.etape) + 1
        suivante = ETAPES_DU_PARCOURS[rang].label if rang < len(ETAPES_DU_PARCOURS) else ""
    else:
        rang, suivante = 0, ""
    return {"rang": rang, "total": len(ETAPES_DU_PARCOURS), "suivante": suivante}


# Les liens et formulaires de la fiche vers les autres pages de la CPTS.
ADRESSES = {
    "comptes": "comptabilite:exercices",
    "modifier": "dossiers:modifier",
    "membres": "dossiers:membres",
    "simulation": "simulation:cpts",
    "diagnostic": "diagnostic:cpts",
    "decider": "dossiers:decider",
    "demander": "dossiers:demander",
    "note": "dossiers:ecrire_note",
}


@lru_cache(maxsize=4096)
def _adresses(pk: int) -> Mapping[str, str]:
    """Les adresses de la fiche : elles ne changent pas pendant la vie du processus (une résolution d'adresse par lien
    et par affichage coûtait autant que l'une des lectures de la page)."""
    return MappingProxyType({cle: reverse(nom, args=[pk]) for cle, nom in ADRESSES.items()})


@lru_cache(maxsize=4096)
def _url_composer(pk: int) -> str:
    try:
        return reverse("territoires:composer_cpts", args=[pk])
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
    lectures.membres(cpts)
    documents_, depots = lectures.documents(cpts)
    territoire = lectures.territoire(cpts)
    # Les contrôles reprennent les dépôts et le territoire que la fiche vient de lire (trois lectures de moins).
    lu = etapes.Lu(depots, territoire)
    decisions = lectures.decisions(cpts)
    # Le périmètre d'un contrat est celui de sa CPTS, que la vue vient de voir ; la rectification d'une signature
    # demande s'il y en a un.
    contrats = lectures.contrats(cpts)
    contexte = {
        "cpts": cpts,
        "historique": versions(cpts),
        "lieux": registre_ecran.lieux(cpts),
        "parcours": _etapes_parcours(cpts),
        "attendu": suivi.attendu(cpts),
        "controles": suivi.controles(cpts, utilisateur, lu),
        "decompte": membres.decompter(cpts),
        "territoire": territoire,
        "contrats": contrats,
        "url_composer": _url_composer(cpts.pk),
        "adresses": _adresses(cpts.pk),
        "decisions": decisions,
        "rectifiable": rectification.rectifiable(cpts, decisions) if peut_instruire else None,
        "documents": documents_,
        "demandes": _avec_formulaire_de_reponse(lectures.demandes(cpts)),
        # Le périmètre d'une note est celui de sa CPTS, que l'utilisateur instruit.
        "notes": lectures.notes(cpts) if peut_instruire else None,
        "peut_instruire": peut_instruire,
        "peut_modifier": peut_modifier,
        "voit_comptes": droits[Action.VOIR_COMPTES],
        "champs_decision": _champs_decision(cpts, utilisateur, formulaire_decision) if peut_instruire else None,
        # Deux formulaires vierges, au même HTML à chaque affichage : rendus une fois par processus.
        "formulaire_note": champs_vierges(FormulaireNote) if peut_instruire else None,
        "formulaire_demande": champs_vierges(FormulaireDemande) if peut_instruire else None,
        # Le journal des courriels (adresses, échecs) est lu par ceux qui instruisent.
        "courriels": lectures.courriels(cpts) if peut_instruire else None,
    }
    return render(request, "dossiers/detail.html", contexte, status=statut)


def _champs_decision(cpts: Cpts, utilisateur: object, refusee: FormulaireDecision | None) -> SafeString:
    """Les champs de la décision : la décision refusée avec ses erreurs, sinon le formulaire vierge, rendu une fois par
    processus pour ce qu'il montre."""
    if refusee is not None:
        return render_to_string(GABARIT_CHAMPS_DECISION, {"formulaire_decision": refusee})
    return champs_decision(cpts, utilisateur, [Action.VOIR, Action.INSTRUIRE])


def _avec_formulaire_de_reponse(demandes: list[DemandeComplement]) -> list[DemandeComplement]:
    """Chaque demande porte son formulaire de réponse, préfixé par elle : les champs de la page ont des identifiants
    uniques (la note, la demande et chaque réponse ont un champ « texte »)."""
    for demande in demandes:
        demande.formulaire_reponse = FormulaireReponse(demande=demande)
    return demandes


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
