"""Le contrat : sa page, son document signé, les dates de ses missions, ses avenants et leurs documents."""

from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action, exiger
from cpts.contrats import services
from cpts.contrats.alertes import alertes_du_contrat, demarrages_tardifs
from cpts.contrats.echeancier import termes_de
from cpts.contrats.etat import alertes_gardees_du_contrat
from cpts.contrats.etat_du_contrat import TotauxGardes, totaux_gardes
from cpts.contrats.models import Avenant, MissionContrat
from cpts.contrats.parties import parties_du_contrat
from cpts.regles import echeances_missions
from cpts.www import refus
from cpts.www.contrats import forms
from cpts.www.contrats.views.communs import _contrat, _contrat_et_avertissements, _droits, _servir
from cpts.www.formulaires import erreurs_en_messages
from cpts.www.historique import versions


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    contrat, avertissements_etat = _contrat_et_avertissements(request, pk)
    le = timezone.localdate()
    # L'état gardé du contrat (montants des lignes, avertissements, alertes datées) plutôt que le calcul de ses règles
    # à chaque affichage : les termes, les indicateurs, les dialogues et les versements ne sont pas relus.
    echeancier = totaux_gardes(contrat, le, avertissements_etat)
    alertes_contrat = (
        alertes_gardees_du_contrat(contrat, le)
        if isinstance(echeancier, TotauxGardes)
        # L'état, périmé par une écriture pendant sa lecture, a laissé place au calcul : les alertes aussi.
        else alertes_du_contrat(contrat, le, echeancier)
    )
    # Missions, avenants et options lus une fois : la page les montre, les termes et les démarrages tardifs en partent.
    parties = parties_du_contrat(contrat)
    termes = termes_de(contrat, parties.avenants, parties.missions, parties.options)
    echeances = {
        e.mission: e
        for e in echeances_missions(
            contrat.signature, [m.mission for m in parties.missions], max(le, contrat.signature)
        )
    }
    annee = termes.annee_au(le)
    taille, membres = termes.taille_et_membres(annee or termes.duree)
    messages_des_alertes = {alerte.message for alerte in alertes_contrat}
    contexte = {
        "contrat": contrat,
        "droits": _droits(request.user, contrat, acquise=Action.VOIR),
        "missions": [(mission, echeances.get(mission.mission)) for mission in parties.missions],
        "avenants": [
            {"avenant": objet, "formulaire": _depot_vierge(f"avenant{objet.pk}")} for objet in parties.avenants
        ],
        "aujourd_hui": le,
        "annee_en_cours": annee,
        "taille_actuelle": taille,
        "membres_actuels": membres,
        "total": echeancier.total,
        "par_annee": echeancier.par_annee(),
        "alertes": alertes_contrat,
        # Un avertissement déjà donné comme alerte (mission crise manquante) ne se répète pas.
        "avertissements": [phrase for phrase in echeancier.avertissements if phrase not in messages_des_alertes],
        "options": parties.options,
        "contrats_successifs": parties.successifs,
        "tardifs": demarrages_tardifs(contrat, le, parties.missions),
        "formulaire_document": _depot_vierge(""),
        "libelle_texte": _libelle_texte(contrat.texte),
        "historique": versions(contrat),
    }
    return render(request, "contrats/detail.html", contexte)


@lru_cache(maxsize=512)
def _depot_vierge(prefixe: str) -> SafeString:
    """Les champs du dépôt d'un document signé (contrat, ou avenant par son préfixe), vierges : leur HTML ne dépend que
    du préfixe, rendu une fois par processus (le champ de fichier du système de design passe par le moteur de
    gabarits : le dixième de la fiche du contrat)."""
    formulaire = forms.FormulaireDocument(prefix=prefixe or None)
    return mark_safe(render_to_string("contrats/_formulaire.html", {"formulaire": formulaire}))


def _libelle_texte(code: str) -> str:
    from cpts.regles import referentiel

    return referentiel().texte(code).libelle


@login_required
def document(request: HttpRequest, pk: int) -> FileResponse:
    contrat = _contrat(request, pk)
    return _servir(contrat.document, f"contrat-aci-{contrat.cpts.nom}-{contrat.signature:%Y-%m-%d}")


@login_required
@require_POST
def deposer_document(request: HttpRequest, pk: int) -> HttpResponse:
    contrat = _contrat(request, pk, Action.SIGNER_CONTRAT)
    formulaire = forms.FormulaireDocument(request.POST, request.FILES)
    if not formulaire.is_valid():
        erreurs_en_messages(request, formulaire)
        return redirect("contrats:detail", pk=pk)
    try:
        services.deposer_document(contrat, formulaire.cleaned_data["document"], request.user)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
    else:
        messages.success(request, "Contrat signé déposé.")
    return redirect("contrats:detail", pk=pk)


@login_required
def mission(request: HttpRequest, pk: int) -> HttpResponse:
    objet = get_object_or_404(MissionContrat.objects.select_related("contrat__cpts"), pk=pk)
    contrat = objet.contrat
    exiger(request.user, Action.SUIVRE_CONTRAT, contrat)
    formulaire = forms.FormulaireMission(
        request.POST or None, initial={"demarrage": objet.demarrage, "deploiement": objet.deploiement}
    )
    if request.method == "POST" and formulaire.is_valid():
        try:
            services.dater_mission(
                objet,
                request.user,
                demarrage=formulaire.cleaned_data.get("demarrage"),
                deploiement=formulaire.cleaned_data.get("deploiement"),
            )
        except ValidationError as erreur:
            formulaire.ajouter_erreurs(erreur)
        else:
            messages.success(request, f"Dates de la mission « {objet.libelle} » enregistrées.")
            for avertissement in demarrages_tardifs(contrat, timezone.localdate()):
                messages.warning(request, avertissement)
            return redirect("contrats:detail", pk=contrat.pk)
    echeance = next(iter(echeances_missions(contrat.signature, [objet.mission], timezone.localdate())), None)
    contexte = {"contrat": contrat, "mission": objet, "formulaire": formulaire, "echeance": echeance}
    return render(request, "contrats/mission.html", contexte)


@login_required
def avenant(request: HttpRequest, pk: int) -> HttpResponse:
    contrat = _contrat(request, pk, Action.SIGNER_CONTRAT)
    formulaire = forms.FormulaireAvenant(
        request.POST or None,
        request.FILES or None,
        contrat=contrat,
        initial={"signe_le": timezone.localdate(), "effet_le": timezone.localdate()},
    )
    if request.method == "POST" and formulaire.is_valid():
        donnees = formulaire.cleaned_data
        try:
            nouveau = services.signer_avenant(
                contrat,
                request.user,
                signe_le=donnees["signe_le"],
                effet_le=donnees["effet_le"],
                objet=donnees["objet"],
                actualiser_territoire=donnees.get("actualiser_territoire", False),
                actualiser_membres=donnees.get("actualiser_membres", False),
                missions_ajoutees=formulaire.missions_choisies(),
                missions_retirees=donnees.get("missions_retirees", []),
                indicateurs_nationaux=donnees.get("indicateurs_nationaux", False),
                document=donnees.get("document"),
            )
        except ValidationError as erreur:
            formulaire.ajouter_erreurs(erreur)
        else:
            messages.success(request, f"Avenant n° {nouveau.numero} enregistré.")
            return redirect("contrats:detail", pk=contrat.pk)
    return render(request, "contrats/avenant.html", {"contrat": contrat, "formulaire": formulaire})


@login_required
def document_avenant(request: HttpRequest, pk: int) -> FileResponse:
    objet = get_object_or_404(Avenant.objects.select_related("contrat__cpts"), pk=pk)
    exiger(request.user, Action.VOIR, objet.contrat)
    return _servir(objet.document, f"avenant-{objet.numero}-{objet.contrat.cpts.nom}")


@login_required
@require_POST
def deposer_document_avenant(request: HttpRequest, pk: int) -> HttpResponse:
    objet = get_object_or_404(Avenant.objects.select_related("contrat"), pk=pk)
    exiger(request.user, Action.SIGNER_CONTRAT, objet.contrat)
    formulaire = forms.FormulaireDocument(request.POST, request.FILES, prefix=f"avenant{objet.pk}")
    if formulaire.is_valid():
        try:
            services.deposer_document(objet, formulaire.cleaned_data["document"], request.user)
        except ValidationError as erreur:
            refus.signaler(request, erreur)
        else:
            messages.success(request, f"Avenant n° {objet.numero} signé déposé.")
    else:
        erreurs_en_messages(request, formulaire)
    return redirect("contrats:detail", pk=objet.contrat_id)
