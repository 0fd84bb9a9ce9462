"""Pages des contrats ACI : liste, signature, contrat (missions, avenants, documents), échéancier et versements,
indicateurs et valeurs, dialogues de gestion, alertes, versements à venir de la région, exports CSV et XLSX.

Les listes passent par `visibles_par`, chaque objet par `exiger` (`cpts.comptes.droits`) ; les écritures par les
services de `cpts.contrats`, qui revérifient les droits et refusent sans rien écrire.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action, autorise, exiger
from cpts.concurrence import Conflit
from cpts.contrats import dialogue as services_dialogue
from cpts.contrats import indicateurs as services_indicateurs
from cpts.contrats import paiements, services
from cpts.contrats.alertes import alertes, alertes_du_contrat, demarrages_tardifs
from cpts.contrats.colonnes import COLONNES_A_VENIR, COLONNES_LIGNE
from cpts.contrats.echeancier import echeancier_du_contrat, lignes_a_venir, termes_du_contrat
from cpts.contrats.models import (
    Annulation,
    Avenant,
    BilanMission,
    Contrat,
    DialogueGestion,
    Indicateur,
    MissionContrat,
    Paiement,
)
from cpts.contrats.prechargement import precharger
from cpts.dossiers.models import Cpts
from cpts.exports import reponse_csv, reponse_xlsx
from cpts.notifications.enums import TypeCourriel
from cpts.notifications.models import Courriel
from cpts.regles import echeances_missions
from cpts.www import refus
from cpts.www.concurrence import signaler_conflit, suivre_revision
from cpts.www.contrats import forms
from cpts.www.historique import versions

JOURS_A_VENIR = (30, 60, 90, 180, 365)


def _contrat(request: HttpRequest, pk: int, action: Action = Action.VOIR) -> Contrat:
    contrat = get_object_or_404(Contrat.objects.select_related("cpts", "enregistre_par"), pk=pk)
    exiger(request.user, action, contrat)
    return contrat


def _droits(utilisateur: Any, contrat: Contrat) -> dict[str, bool]:
    return {
        "signer": autorise(utilisateur, Action.SIGNER_CONTRAT, contrat),
        "suivre": autorise(utilisateur, Action.SUIVRE_CONTRAT, contrat),
        "declarer": autorise(utilisateur, Action.DECLARER_INDICATEURS, contrat),
        "payer": autorise(utilisateur, Action.PAYER, contrat),
    }


def _exporter(request: HttpRequest, nom: str, colonnes: list, objets: list) -> HttpResponse | None:
    format_demande = request.GET.get("format")
    if format_demande == "csv":
        return reponse_csv(nom, colonnes, objets)
    if format_demande == "xlsx":
        return reponse_xlsx(nom, colonnes, objets)
    return None


def _servir(fichier: FieldFile, nom: str) -> FileResponse:
    """Un PDF déposé, servi après contrôle des droits : téléchargé, jamais interprété par le navigateur."""
    if not fichier:
        raise Http404("Aucun document déposé.")
    try:
        flux = fichier.open("rb")
    except FileNotFoundError:
        raise Http404("Document introuvable sur le disque.") from None
    reponse = FileResponse(flux, as_attachment=True, filename=f"{nom}.pdf", content_type="application/pdf")
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    return reponse


# Listes


@login_required
def liste(request: HttpRequest) -> HttpResponse:
    contrats = Contrat.objects.visibles_par(request.user).select_related("cpts").order_by("cpts__nom", "-signature")
    aujourd_hui = timezone.localdate()
    return render(
        request,
        "contrats/liste.html",
        {
            "contrats": contrats,
            "aujourd_hui": aujourd_hui,
            "a_signer": services.cpts_a_signer(request.user),
        },
    )


@login_required
def page_alertes(request: HttpRequest) -> HttpResponse:
    contrats = precharger(Contrat.objects.visibles_par(request.user).select_related("cpts").order_by("cpts__nom", "pk"))
    le = timezone.localdate()
    # Les récapitulatifs hebdomadaires reçus par l'agent, et leur sort : un échec d'envoi ne passe pas inaperçu.
    courriels = Courriel.objects.filter(destinataire=request.user, type=TypeCourriel.RECAPITULATIF_CONTRATS)[:5]
    contexte = {"alertes": alertes(contrats, le), "le": le, "courriels": courriels}
    return render(request, "contrats/alertes.html", contexte)


@login_required
def versements_a_venir(request: HttpRequest) -> HttpResponse:
    brut = request.GET.get("jours", "60")
    jours = int(brut) if brut.isdigit() and int(brut) in JOURS_A_VENIR else 60
    contrats = precharger(Contrat.objects.visibles_par(request.user).select_related("cpts").order_by("cpts__nom", "pk"))
    le = timezone.localdate()
    entrees = lignes_a_venir(contrats, le, jours)
    export = _exporter(request, f"versements-a-venir-{jours}-jours", COLONNES_A_VENIR, entrees)
    if export is not None:
        return export
    total = sum((entree.ligne.restant for entree in entrees), start=0)
    contexte = {"entrees": entrees, "jours": jours, "choix_jours": JOURS_A_VENIR, "total": total, "le": le}
    return render(request, "contrats/versements.html", contexte)


# Signature


@login_required
def signer(request: HttpRequest, cpts_pk: int) -> HttpResponse:
    cpts = get_object_or_404(Cpts, pk=cpts_pk)
    exiger(request.user, Action.SIGNER_CONTRAT, cpts)
    aujourd_hui = timezone.localdate()
    donnees = request.POST if request.method == "POST" else None
    apercu = services.apercu(cpts, aujourd_hui)
    formulaire = forms.FormulaireSignature(
        donnees, request.FILES or None, socles=apercu.socles, initial={"signature": aujourd_hui}
    )
    if request.method == "POST" and formulaire.is_valid():
        try:
            contrat = services.signer(
                cpts,
                request.user,
                signature=formulaire.cleaned_data["signature"],
                missions_choisies=formulaire.missions_choisies(),
                document=formulaire.cleaned_data.get("document"),
                motif=formulaire.cleaned_data.get("motif") or "",
                options=formulaire.options_choisies(),
            )
        except ValidationError as erreur:
            formulaire.ajouter_erreurs(erreur)
        else:
            messages.success(request, f"Contrat enregistré : {cpts} passe à l'étape « contrat signé ».")
            for avertissement in demarrages_tardifs(contrat, aujourd_hui):
                messages.warning(request, f"{avertissement} Le démarrage tardif donne une alerte.")
            return redirect("contrats:detail", pk=contrat.pk)
    contexte = {"cpts": cpts, "formulaire": formulaire, "apercu": apercu}
    return render(request, "contrats/signer.html", contexte)


# Le contrat


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    contrat = _contrat(request, pk)
    le = timezone.localdate()
    echeancier = echeancier_du_contrat(contrat, le)
    termes = echeancier.termes
    missions_contrat = list(contrat.missions.select_related("ajoutee_par", "retiree_par"))
    echeances = {
        e.mission: e
        for e in echeances_missions(
            contrat.signature, [m.mission for m in missions_contrat], max(le, contrat.signature)
        )
    }
    annee = termes.annee_au(le)
    taille, membres = termes.taille_et_membres(annee or termes.duree)
    alertes_contrat = alertes_du_contrat(contrat, le, echeancier)
    messages_des_alertes = {alerte.message for alerte in alertes_contrat}
    contexte = {
        "contrat": contrat,
        "droits": _droits(request.user, contrat),
        "missions": [(mission, echeances.get(mission.mission)) for mission in missions_contrat],
        "avenants": [
            {"avenant": objet, "formulaire": forms.FormulaireDocument(prefix=f"avenant{objet.pk}")}
            for objet in contrat.avenants.select_related("enregistre_par")
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
        "options": list(contrat.options.all()),
        "tardifs": demarrages_tardifs(contrat, le),
        "formulaire_document": forms.FormulaireDocument(),
        "libelle_texte": _libelle_texte(contrat.texte),
        "historique": versions(contrat),
    }
    return render(request, "contrats/detail.html", contexte)


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
        for erreurs in formulaire.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
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
        for erreurs in formulaire.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
    return redirect("contrats:detail", pk=objet.contrat_id)


# Échéancier et versements


def _formulaire_paiement(lignes: list, donnees: Any = None) -> forms.FormulairePaiement:
    payables = [ligne for ligne in lignes if ligne.payable > 0]
    return forms.FormulairePaiement(donnees, lignes=payables)


@login_required
def echeancier(request: HttpRequest, pk: int) -> HttpResponse:
    contrat = _contrat(request, pk)
    le = timezone.localdate()
    calcul = echeancier_du_contrat(contrat, le)
    nom = f"echeancier-{contrat.cpts.nom}-{contrat.signature:%Y-%m-%d}"
    export = _exporter(request, nom, COLONNES_LIGNE, calcul.lignes)
    if export is not None:
        return export
    droits = _droits(request.user, contrat)
    formulaire = _formulaire_paiement(calcul.lignes) if droits["payer"] else None
    if formulaire is not None and request.GET.get("ligne") in formulaire.lignes:
        formulaire.initial["ligne"] = request.GET["ligne"]
        formulaire.initial["montant"] = f"{formulaire.lignes[request.GET['ligne']].payable}".replace(".", ",")
    return _page_echeancier(request, contrat, calcul, droits, formulaire)


def _page_echeancier(
    request: HttpRequest, contrat: Contrat, calcul: Any, droits: dict, formulaire: Any, statut: int = 200
) -> HttpResponse:
    contexte = {
        "contrat": contrat,
        "echeancier": calcul,
        "lignes": sorted(calcul.lignes, key=lambda ligne: (ligne.annee, ligne.du_le or date.max)),
        "par_annee": calcul.par_annee(),
        "par_annee_et_mission": calcul.par_annee_et_mission(),
        "total": calcul.total,
        "droits": droits,
        "formulaire": formulaire,
        "paiements": _journal(contrat),
    }
    return render(request, "contrats/echeancier.html", contexte, status=statut)


def _journal(contrat: Contrat) -> list[dict[str, object]]:
    """Les versements du contrat, du plus récent au plus ancien, chacun avec son annulation s'il y en a une."""
    journal = []
    paiements_ = (
        Paiement.objects.filter(contrat=contrat)
        .select_related("enregistre_par", "annulation__annule_par")
        .order_by("-date", "-pk")
    )
    for paiement in paiements_:
        try:
            annulation = paiement.annulation
        except Annulation.DoesNotExist:
            annulation = None
        journal.append({"paiement": paiement, "annulation": annulation})
    return journal


@login_required
@require_POST
def payer(request: HttpRequest, pk: int) -> HttpResponse:
    contrat = _contrat(request, pk, Action.PAYER)
    calcul = echeancier_du_contrat(contrat)
    formulaire = _formulaire_paiement(calcul.lignes, request.POST)
    if formulaire.is_valid():
        try:
            paiement = paiements.enregistrer_paiement(
                contrat,
                request.user,
                **formulaire.cle(),
                montant=formulaire.cleaned_data["montant"],
                date=formulaire.cleaned_data["date"],
                reference=formulaire.cleaned_data["reference"],
                motif_anticipation=formulaire.cleaned_data.get("motif_anticipation") or "",
            )
        except ValidationError as erreur:
            formulaire.ajouter_erreurs(erreur)
        else:
            messages.success(request, f"Versement {paiement.reference} enregistré.")
            return redirect("contrats:echeancier", pk=pk)
    return _page_echeancier(request, contrat, calcul, _droits(request.user, contrat), formulaire, statut=422)


@login_required
@require_POST
def annuler_paiement(request: HttpRequest, pk: int) -> HttpResponse:
    paiement = get_object_or_404(Paiement.objects.select_related("contrat"), pk=pk)
    exiger(request.user, Action.PAYER, paiement.contrat)
    formulaire = forms.FormulaireAnnulation(request.POST)
    if not formulaire.is_valid():
        messages.error(request, "Une annulation est motivée.")
    else:
        try:
            paiements.annuler_paiement(paiement, request.user, formulaire.cleaned_data["motif"])
        except ValidationError as erreur:
            refus.signaler(request, erreur)
        else:
            messages.success(request, f"Versement {paiement.reference} annulé.")
    return redirect("contrats:echeancier", pk=paiement.contrat_id)


# Indicateurs


def _annees_commencees(contrat: Contrat) -> list[int]:
    termes = termes_du_contrat(contrat)
    aujourd_hui = timezone.localdate()
    return [annee for annee in termes.annees if termes.debut(annee) <= aujourd_hui]


@login_required
def indicateurs(request: HttpRequest, pk: int) -> HttpResponse:
    contrat = _contrat(request, pk)
    termes = termes_du_contrat(contrat)
    droits = _droits(request.user, contrat)
    annees = _annees_commencees(contrat)
    sections = [
        {
            "tableau": tableau,
            "lignes": [
                {
                    "ligne": ligne,
                    "formulaire": forms.FormulaireValeur(annees=annees, prefix=f"indicateur{ligne.indicateur.pk}")
                    if droits["declarer"] and annees
                    else None,
                }
                for ligne in tableau.indicateurs
            ],
        }
        for tableau in services_indicateurs.tableau(contrat, termes)
    ]
    contexte = {"contrat": contrat, "droits": droits, "sections": sections, "annees": list(termes.annees)}
    return render(request, "contrats/indicateurs.html", contexte)


def _indicateur_formulaire(request: HttpRequest, contrat: Contrat, indicateur: Indicateur | None) -> HttpResponse:
    exiger(request.user, Action.SUIVRE_CONTRAT, contrat)
    termes = termes_du_contrat(contrat)
    formulaire = forms.FormulaireIndicateur(request.POST or None, contrat=contrat, termes=termes, indicateur=indicateur)
    if indicateur is not None:
        suivre_revision(formulaire, indicateur)
    statut = 200
    if request.method == "POST" and formulaire.is_valid():
        try:
            # L'indicateur et ses cibles ensemble : un refus ou un conflit n'écrit ni l'un ni les autres.
            with transaction.atomic():
                enregistre = services_indicateurs.enregistrer_indicateur(
                    contrat,
                    request.user,
                    formulaire.donnees(),
                    indicateur,
                    revision=formulaire.cleaned_data.get("revision"),
                )
                services_indicateurs.fixer_cibles(enregistre, formulaire.cibles(), request.user)
        except ValidationError as erreur:
            formulaire.ajouter_erreurs(erreur)
        except Conflit as conflit:
            signaler_conflit(formulaire, conflit)
            statut = 409
        else:
            messages.success(request, f"Indicateur « {enregistre.libelle} » enregistré.")
            return redirect("contrats:indicateurs", pk=contrat.pk)
    contexte = {"contrat": contrat, "indicateur": indicateur, "formulaire": formulaire}
    return render(request, "contrats/indicateur.html", contexte, status=statut)


@login_required
def ajouter_indicateur(request: HttpRequest, pk: int) -> HttpResponse:
    return _indicateur_formulaire(request, _contrat(request, pk), None)


@login_required
def modifier_indicateur(request: HttpRequest, pk: int) -> HttpResponse:
    indicateur = get_object_or_404(Indicateur.objects.select_related("contrat__cpts"), pk=pk)
    return _indicateur_formulaire(request, indicateur.contrat, indicateur)


@login_required
@require_POST
def supprimer_indicateur(request: HttpRequest, pk: int) -> HttpResponse:
    indicateur = get_object_or_404(Indicateur.objects.select_related("contrat"), pk=pk)
    contrat = indicateur.contrat
    try:
        services_indicateurs.supprimer_indicateur(indicateur, request.user)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
    else:
        messages.success(request, "Indicateur retiré.")
    return redirect("contrats:indicateurs", pk=contrat.pk)


@login_required
@require_POST
def declarer_valeur(request: HttpRequest, pk: int) -> HttpResponse:
    indicateur = get_object_or_404(Indicateur.objects.select_related("contrat__cpts"), pk=pk)
    exiger(request.user, Action.DECLARER_INDICATEURS, indicateur.contrat)
    formulaire = forms.FormulaireValeur(
        request.POST, annees=_annees_commencees(indicateur.contrat), prefix=f"indicateur{indicateur.pk}"
    )
    if not formulaire.is_valid():
        for erreurs in formulaire.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
    else:
        try:
            services_indicateurs.declarer_valeur(
                indicateur,
                formulaire.cleaned_data["annee"],
                formulaire.cleaned_data["valeur"],
                request.user,
                formulaire.cleaned_data.get("commentaire") or "",
            )
        except ValidationError as erreur:
            refus.signaler(request, erreur)
        else:
            messages.success(
                request, f"Valeur de l'année {formulaire.cleaned_data['annee']} enregistrée : « {indicateur.libelle} »."
            )
    return redirect(reverse("contrats:indicateurs", args=[indicateur.contrat_id]) + f"#indicateur-{indicateur.pk}")


# Dialogues de gestion


@login_required
def dialogues(request: HttpRequest, pk: int) -> HttpResponse:
    contrat = _contrat(request, pk)
    droits = _droits(request.user, contrat)
    termes = termes_du_contrat(contrat)
    tenus = set(contrat.dialogues.values_list("annee", flat=True))
    annees = [annee for annee in _annees_commencees(contrat) if annee not in tenus]
    formulaire = None
    if droits["suivre"] and annees:
        annee_proposee = annees[0]
        donnees = request.POST if request.method == "POST" else None
        if donnees and str(donnees.get("annee", "")).isdigit() and int(donnees["annee"]) in annees:
            annee_proposee = int(donnees["annee"])
        formulaire = forms.FormulaireDialogue(
            donnees,
            request.FILES or None,
            annees=annees,
            missions_par_annee=list(termes.missions_de(annee_proposee, datees=False)),
            initial={"annee": annee_proposee, "date": timezone.localdate()},
        )
        if request.method == "POST" and formulaire.is_valid():
            donnees_valides = formulaire.cleaned_data
            try:
                tenu = services_dialogue.tenir_dialogue(
                    contrat,
                    request.user,
                    annee=donnees_valides["annee"],
                    date=donnees_valides["date"],
                    participants=donnees_valides["participants"],
                    decisions=donnees_valides.get("decisions") or "",
                    avenant_necessaire=donnees_valides.get("avenant_necessaire", False),
                    crise_survenue=donnees_valides.get("crise_survenue", False),
                    crise_le=donnees_valides.get("crise_le"),
                    taux_crise=donnees_valides.get("taux_crise") or 1,
                    constats=formulaire.constats(),
                    compte_rendu=donnees_valides.get("compte_rendu"),
                )
            except ValidationError as erreur:
                formulaire.ajouter_erreurs(erreur)
            else:
                messages.success(request, f"Dialogue de gestion de l'année {tenu.annee} enregistré.")
                return redirect("contrats:dialogue", pk=tenu.pk)
    elif request.method == "POST":
        exiger(request.user, Action.SUIVRE_CONTRAT, contrat)
    contexte = {
        "contrat": contrat,
        "droits": droits,
        "dialogues": contrat.dialogues.prefetch_related("bilans").order_by("annee"),
        "formulaire": formulaire,
    }
    return render(request, "contrats/dialogues.html", contexte)


def _dialogue(request: HttpRequest, pk: int) -> DialogueGestion:
    objet = get_object_or_404(DialogueGestion.objects.select_related("contrat__cpts", "enregistre_par"), pk=pk)
    exiger(request.user, Action.VOIR, objet.contrat)
    return objet


@login_required
def dialogue(request: HttpRequest, pk: int) -> HttpResponse:
    objet = _dialogue(request, pk)
    contrat = objet.contrat
    droits = _droits(request.user, contrat)
    bilans = list(objet.bilans.select_related("retenu_par"))
    formulaire = None
    if droits["suivre"]:
        formulaire = forms.FormulaireDialogue(
            request.POST or None,
            request.FILES or None,
            annees=[objet.annee],
            missions_par_annee=[bilan.mission for bilan in bilans],
            dialogue=objet,
        )
        suivre_revision(formulaire, objet)
        if request.method == "POST" and formulaire.is_valid():
            donnees = formulaire.cleaned_data
            try:
                services_dialogue.modifier_dialogue(
                    objet,
                    request.user,
                    participants=donnees["participants"],
                    decisions=donnees.get("decisions") or "",
                    avenant_necessaire=donnees.get("avenant_necessaire", False),
                    crise_survenue=donnees.get("crise_survenue", False),
                    crise_le=donnees.get("crise_le"),
                    taux_crise=donnees.get("taux_crise") or 1,
                    constats=formulaire.constats(),
                    compte_rendu=donnees.get("compte_rendu"),
                    revision=donnees["revision"],
                )
            except ValidationError as erreur:
                formulaire.ajouter_erreurs(erreur)
            except Conflit as conflit:
                signaler_conflit(formulaire, conflit)
                return _page_dialogue(request, objet, bilans, droits, formulaire, statut=409)
            else:
                messages.success(request, "Dialogue de gestion mis à jour.")
                return redirect("contrats:dialogue", pk=objet.pk)
    elif request.method == "POST":
        exiger(request.user, Action.SUIVRE_CONTRAT, contrat)
    return _page_dialogue(request, objet, bilans, droits, formulaire)


def _page_dialogue(
    request: HttpRequest,
    objet: DialogueGestion,
    bilans: list[BilanMission],
    droits: dict,
    formulaire: Any,
    retenir: dict | None = None,
    statut: int = 200,
) -> HttpResponse:
    retenir = retenir or {}
    lignes = [
        {
            "bilan": bilan,
            "formulaire": retenir.get(bilan.pk) or (forms.FormulaireRetenir(bilan=bilan) if droits["suivre"] else None),
        }
        for bilan in bilans
    ]
    contexte = {
        "contrat": objet.contrat,
        "dialogue": objet,
        "lignes": lignes,
        "droits": droits,
        "formulaire": formulaire,
        "historique": versions(objet),
    }
    return render(request, "contrats/dialogue.html", contexte, status=statut)


@login_required
@require_POST
def retenir(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = get_object_or_404(BilanMission.objects.select_related("dialogue__contrat__cpts"), pk=pk)
    objet = bilan.dialogue
    exiger(request.user, Action.SUIVRE_CONTRAT, objet.contrat)
    formulaire = forms.FormulaireRetenir(request.POST, bilan=bilan)
    if formulaire.is_valid():
        try:
            services_dialogue.retenir_atteinte(
                bilan, request.user, formulaire.cleaned_data["taux"], formulaire.cleaned_data.get("motif") or ""
            )
        except ValidationError as erreur:
            formulaire.ajouter_erreurs(erreur)
        else:
            messages.success(request, f"Atteinte retenue pour la mission {bilan.libelle_mission}.")
            return redirect("contrats:dialogue", pk=objet.pk)
    droits = _droits(request.user, objet.contrat)
    bilans = list(objet.bilans.select_related("retenu_par"))
    return _page_dialogue(request, objet, bilans, droits, None, retenir={bilan.pk: formulaire}, statut=422)


@login_required
def compte_rendu(request: HttpRequest, pk: int) -> FileResponse:
    objet = _dialogue(request, pk)
    return _servir(objet.compte_rendu, f"dialogue-de-gestion-annee-{objet.annee}-{objet.contrat.cpts.nom}")
