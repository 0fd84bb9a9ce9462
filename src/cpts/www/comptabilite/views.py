"""Les pages des comptes annuels d'une CPTS : lecture (équipe et agents qui l'instruisent), saisie, import FEC,
indemnités et dépôt (équipe de la CPTS), rapport « par bénéficiaire », conclusions du dialogue de gestion."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cpts import exports
from cpts.comptabilite import dialogue as dialogue_fonds
from cpts.comptabilite import services, sources
from cpts.comptabilite.models import Correspondance, Exercice
from cpts.comptes.droits import Action, autorise, exiger
from cpts.concurrence import ModificationConcurrente
from cpts.contrats.missions import libelle_mission
from cpts.contrats.models import DialogueGestion
from cpts.dossiers.models import Cpts
from cpts.regles.comptabilite import plan
from cpts.regles.comptabilite.fec import LIGNES_MAX, TAILLE_MAX_OCTETS
from cpts.regles.comptabilite.indemnites import avertissement
from cpts.regles.comptabilite.parametres import correspondance_par_defaut, parametre

LIGNES_VIDES = 5


def _cpts(request: HttpRequest, cpts_pk: int) -> Cpts:
    """La CPTS dont on lit les comptes : introuvable hors du périmètre, refusée (403) à qui la voit sans lire ses
    comptes (lecteur national, membre de la CPR)."""
    cpts = get_object_or_404(Cpts.objects.visibles_par(request.user), pk=cpts_pk)
    exiger(request.user, Action.VOIR_COMPTES, cpts)
    return cpts


def _exercice(request: HttpRequest, cpts_pk: int, annee: int) -> Exercice:
    cpts = _cpts(request, cpts_pk)
    return get_object_or_404(Exercice.objects.select_related("cpts"), cpts=cpts, annee=annee)


def _modifiable(request: HttpRequest, cpts_pk: int, annee: int) -> Exercice | HttpResponse:
    """Les comptes à modifier par l'équipe de la CPTS ; déposés, ils ne se modifient plus : retour à leur page."""
    objet = _exercice(request, cpts_pk, annee)
    exiger(request.user, Action.TENIR_COMPTES, objet)
    if objet.depose:
        messages.info(request, f"Les comptes {annee} sont déposés : ils ne se modifient plus.")
        return redirect("comptabilite:exercice", cpts_pk=cpts_pk, annee=annee)
    return objet


def _tenir(request: HttpRequest, objet: Any) -> bool:
    return autorise(request.user, Action.TENIR_COMPTES, objet)


def _missions() -> list[tuple[str, str]]:
    return [(code, libelle_mission(code)) for code in sources.missions()]


@login_required
@require_http_methods(["GET", "POST"])
def exercices(request: HttpRequest, cpts_pk: int) -> HttpResponse:
    cpts = _cpts(request, cpts_pk)
    erreur = ""
    if request.method == "POST":
        exiger(request.user, Action.TENIR_COMPTES, cpts)
        try:
            exercice = services.ouvrir(cpts, int(request.POST.get("annee") or 0), request.user)
        except ValueError:
            erreur = "Exercice : une année attendue (2025)."
        except ValidationError as refus:
            erreur = " ".join(refus.messages)
        else:
            return redirect("comptabilite:saisie", cpts_pk=cpts.pk, annee=exercice.annee)
    contexte = {
        "cpts": cpts,
        "exercices": cpts.exercices.order_by("-annee"),
        "tenir": _tenir(request, cpts),
        "erreur": erreur,
    }
    return render(request, "comptabilite/exercices.html", contexte, status=400 if erreur else 200)


def _tableau(comptes: plan.Comptes) -> list[dict[str, Any]]:
    """Les charges par nature (lignes) et par mission (colonnes), avec les totaux."""
    missions = sources.missions()
    lignes = [
        {
            "libelle": nature.libelle,
            "montants": [comptes.montant(nature.code, m) for m in missions],
            "total": comptes.par_poste.get(nature.code, plan.ZERO),
        }
        for nature in plan.NATURES
    ]
    lignes.append(
        {
            "libelle": "Total",
            "montants": [comptes.charges_par_mission.get(m, plan.ZERO) for m in missions],
            "total": comptes.charges,
        }
    )
    return lignes


@login_required
def exercice(request: HttpRequest, cpts_pk: int, annee: int) -> HttpResponse:
    objet = _exercice(request, cpts_pk, annee)
    comptes = services.comptes_de(objet)
    beneficiaires = services.beneficiaires(objet)
    budget = sources.budget_previsionnel(objet.cpts, annee)
    contexte = {
        "exercice": objet,
        "cpts": objet.cpts,
        "comptes": comptes,
        "missions": _missions(),
        "tableau": _tableau(comptes),
        "produits": [(p, comptes.par_poste.get(p.code, plan.ZERO)) for p in plan.ORIGINES],
        "aci_par_mission": [(libelle_mission(m), x) for m, x in sorted(comptes.aci_par_mission.items())],
        "rapprochement": [
            (libelle_mission(r.mission), r)
            for r in plan.rapprocher(comptes, sources.versements_de_l_annee(objet.cpts, annee))
        ],
        "ecarts": plan.ecarts(budget[0], comptes) if budget else None,
        "budget_version": budget[1] if budget else None,
        "beneficiaires": [(b, avertissement(b)) for b in beneficiaires],
        "desequilibres": plan.desequilibres(
            comptes, objet.reserves_cloture, sum((b.montant for b in beneficiaires), plan.ZERO)
        ),
        "plafond": services.plafond(annee),
        "plafond_parametre": parametre("indemnites.plafond_annuel_par_membre"),
        "tenir": _tenir(request, objet) and not objet.depose,
    }
    return render(request, "comptabilite/exercice.html", contexte)


def _montants_saisis(post: Any) -> dict[tuple[str, str], object]:
    montants = {}
    for poste in plan.POSTES:
        missions = sources.missions() if poste.par_mission else [plan.FONCTIONNEMENT]
        for mission in missions:
            valeur = post.get(f"m-{poste.code}-{mission}", "")
            if str(valeur).strip():
                montants[(poste.code, mission)] = valeur
    return montants


@login_required
@require_http_methods(["GET", "POST"])
def saisie(request: HttpRequest, cpts_pk: int, annee: int) -> HttpResponse:
    objet = _modifiable(request, cpts_pk, annee)
    if isinstance(objet, HttpResponse):
        return objet
    erreurs: list[str] = []
    statut = 200
    if request.method == "POST":
        try:
            revision = int(request.POST["revision"]) if request.POST.get("revision") else None
            services.enregistrer(
                objet,
                request.user,
                montants=_montants_saisis(request.POST),
                reserves_ouverture=request.POST.get("reserves_ouverture", "0"),
                reserves_cloture=request.POST.get("reserves_cloture", "0"),
                revision=revision,
            )
        except ValidationError as erreur:
            erreurs, statut = erreur.messages, 400
        except ModificationConcurrente as conflit:
            erreurs, statut = [conflit.message, *conflit.details], 409
        else:
            messages.success(request, f"Comptes {annee} enregistrés.")
            return redirect("comptabilite:exercice", cpts_pk=cpts_pk, annee=annee)
    valeurs = {(x.poste, x.mission): x.montant for x in objet.lignes.all()}
    grille = [
        {
            "poste": poste,
            "cases": [
                (
                    m,
                    libelle,
                    request.POST.get(f"m-{poste.code}-{m}")
                    if request.method == "POST"
                    else valeurs.get((poste.code, m)),
                )
                for m, libelle in (_missions() if poste.par_mission else [(plan.FONCTIONNEMENT, "Sans mission")])
            ],
        }
        for poste in plan.POSTES
    ]
    contexte = {"exercice": objet, "cpts": objet.cpts, "grille": grille, "erreurs": erreurs}
    return render(request, "comptabilite/saisie.html", contexte, status=statut)


@login_required
@require_http_methods(["GET", "POST"])
def importer(request: HttpRequest, cpts_pk: int, annee: int) -> HttpResponse:
    objet = _modifiable(request, cpts_pk, annee)
    if isinstance(objet, HttpResponse):
        return objet
    erreurs: list[str] = []
    statut = 200
    if request.method == "POST":
        fichier = request.FILES.get("fichier")
        if fichier is None:
            erreurs, statut = ["Choisissez le fichier des écritures comptables (FEC) de l'exercice."], 400
        elif fichier.size and fichier.size > TAILLE_MAX_OCTETS:
            erreurs, statut = [f"Fichier trop volumineux : {TAILLE_MAX_OCTETS // (1024 * 1024)} Mio au plus."], 400
        else:
            try:
                services.importer_fec(objet, request.user, fichier.read())
            except ValidationError as erreur:
                erreurs, statut = erreur.messages, 400
            else:
                messages.success(request, f"FEC importé : comptes {annee} remplacés par ceux du fichier.")
                return redirect("comptabilite:exercice", cpts_pk=cpts_pk, annee=annee)
    contexte = {
        "exercice": objet,
        "cpts": objet.cpts,
        "erreurs": erreurs,
        "taille_max": TAILLE_MAX_OCTETS // (1024 * 1024),
        "lignes_max": LIGNES_MAX,
    }
    return render(request, "comptabilite/fec.html", contexte, status=statut)


@login_required
@require_http_methods(["GET", "POST"])
def indemnites(request: HttpRequest, cpts_pk: int, annee: int) -> HttpResponse:
    objet = _modifiable(request, cpts_pk, annee)
    if isinstance(objet, HttpResponse):
        return objet
    champs = ("beneficiaire", "profession", "mission", "heures", "montant")
    erreurs: list[str] = []
    statut = 200
    if request.method == "POST":
        lignes = [
            {champ: request.POST.get(f"{champ}-{rang}", "") for champ in champs}
            for rang in range(int(request.POST.get("lignes") or 0))
        ]
        lignes = [ligne for ligne in lignes if any(str(v).strip() for v in ligne.values())]
        try:
            services.enregistrer_indemnites(objet, request.user, lignes)
        except ValidationError as erreur:
            erreurs, statut = erreur.messages, 400
        else:
            messages.success(request, f"Indemnités {annee} enregistrées.")
            return redirect("comptabilite:exercice", cpts_pk=cpts_pk, annee=annee)
    existantes = [{c: getattr(i, c) for c in champs} for i in objet.indemnites.all()]
    lignes = existantes + [dict.fromkeys(champs, "") for _ in range(LIGNES_VIDES)]
    contexte = {"exercice": objet, "cpts": objet.cpts, "lignes": lignes, "missions": _missions(), "erreurs": erreurs}
    return render(request, "comptabilite/indemnites.html", contexte, status=statut)


@login_required
@require_POST
def deposer(request: HttpRequest, cpts_pk: int, annee: int) -> HttpResponse:
    objet = _exercice(request, cpts_pk, annee)
    try:
        services.deposer(objet, request.user)
    except ValidationError as erreur:
        for message in erreur.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Comptes {annee} déposés : l'ARS et la CPAM les lisent.")
    return redirect("comptabilite:exercice", cpts_pk=cpts_pk, annee=annee)


COLONNES_BENEFICIAIRES = [
    exports.Colonne("Bénéficiaire", lambda b: b.nom),
    exports.Colonne("Temps passé (heures)", lambda b: b.heures),
    exports.Colonne("Indemnités versées (€)", lambda b: b.montant),
    exports.Colonne("Plafond annuel (€)", lambda b: b.plafond),
    exports.Colonne("Au-delà du plafond", lambda b: "oui" if b.depasse else "non"),
]


@login_required
def beneficiaires(request: HttpRequest, cpts_pk: int, annee: int) -> HttpResponse:
    """Le rapport financier « par bénéficiaire » présenté à l'assemblée générale (modèle de statuts du guide de
    l'ARS Auvergne-Rhône-Alpes) : les indemnités de chaque membre, face au plafond."""
    objet = _exercice(request, cpts_pk, annee)
    liste = services.beneficiaires(objet)
    nom = f"indemnites-par-beneficiaire-{annee}"
    if request.GET.get("format") == "xlsx":
        return exports.reponse_xlsx(nom, COLONNES_BENEFICIAIRES, liste)
    plafond = parametre("indemnites.plafond_annuel_par_membre")
    montant = services.plafond(annee)
    notes = [
        f"Plafond annuel par membre : {plan.euros(montant)}." if montant is not None else "Aucun plafond en vigueur.",
        plafond.note or "",
    ]
    titre = f"Indemnités des membres par bénéficiaire — {objet.cpts.nom}, exercice {annee}"
    return exports.reponse_pdf(nom, titre, COLONNES_BENEFICIAIRES, liste, notes)


@login_required
@require_http_methods(["GET", "POST"])
def correspondance(request: HttpRequest, cpts_pk: int) -> HttpResponse:
    cpts = _cpts(request, cpts_pk)
    erreurs: list[str] = []
    statut = 200
    if request.method == "POST":
        lignes = [
            (request.POST.get(f"prefixe-{rang}", "").strip(), request.POST.get(f"poste-{rang}", "").strip())
            for rang in range(int(request.POST.get("lignes") or 0))
        ]
        try:
            services.enregistrer_correspondance(cpts, request.user, [x for x in lignes if x[0] or x[1]])
        except ValidationError as erreur:
            erreurs, statut = erreur.messages, 400
        else:
            messages.success(request, "Correspondance des comptes enregistrée.")
            return redirect("comptabilite:correspondance", cpts_pk=cpts.pk)
    propres = [(c.prefixe, c.poste) for c in Correspondance.objects.filter(cpts=cpts)]
    contexte = {
        "cpts": cpts,
        "propres": propres + [("", "")] * LIGNES_VIDES,
        "defaut": sorted(correspondance_par_defaut().prefixes.items()),
        "postes": plan.POSTES,
        "libelles": {p.code: p.libelle for p in plan.POSTES},
        "tenir": _tenir(request, cpts),
        "erreurs": erreurs,
    }
    return render(request, "comptabilite/correspondance.html", contexte, status=statut)


@login_required
@require_POST
def conclusions(request: HttpRequest, pk: int) -> HttpResponse:
    objet = get_object_or_404(DialogueGestion.objects.visibles_par(request.user), pk=pk)
    try:
        dialogue_fonds.conclure(objet, request.user, request.POST.get("texte", ""))
    except ValidationError as erreur:
        for message in erreur.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Conclusions sur la situation financière enregistrées.")
    return redirect("contrats:dialogue", pk=objet.pk)
