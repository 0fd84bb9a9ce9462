"""Simuler le financement : une CPTS (pré-remplie de son territoire et de ses membres, pour qui voit son dossier) ou
un scénario libre (tout compte connecté, comme le compositeur de territoire), seul ou comparé à un second.

La page est un formulaire GET : l'adresse garde le scénario, les exports reprennent les mêmes paramètres, htmx ne
remplace que les résultats à chaque changement."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cpts import affichage
from cpts.comptes.droits import Action, Portee, exiger, portee
from cpts.comptes.roles import Role
from cpts.contrats import missions
from cpts.contrats.models import Contrat
from cpts.contrats.services import apercu
from cpts.dossiers.models import Cpts
from cpts.financement.simulation import Comparaison, Simulation, comparer, simuler, texte_de_comparaison
from cpts.regles import EntreeInvalide
from cpts.regles.dates import jour_fr
from cpts.www.pilotage.graphiques import Graphique, barres_empilees
from cpts.www.simulation import exports
from cpts.www.simulation.forms import FormulaireScenario

A, B = "a", "b"


@dataclass
class Etat:
    """Les deux formulaires, ce qu'ils donnent et les paramètres qui les reproduisent (liens d'export)."""

    formulaire_a: FormulaireScenario
    formulaire_b: FormulaireScenario | None
    a: Simulation | None
    b: Simulation | None
    parametres: str
    contrat: Contrat | None

    @property
    def comparaison(self) -> Comparaison | None:
        return comparer(self.a, self.b) if self.a and self.b else None

    @property
    def simulations(self) -> list[tuple[str, Simulation]]:
        nommees = [("A", self.a), ("B", self.b)]
        return [(nom, simulation) for nom, simulation in nommees if simulation]

    @property
    def resultats(self) -> list[tuple[str, Simulation, Graphique]]:
        return [(nom, simulation, graphique(nom, simulation)) for nom, simulation in self.simulations]

    @property
    def erreurs(self) -> list[tuple[str, str]]:
        """Toutes les erreurs de saisie, chacune avec l'ancre de son champ : le résumé mène au champ à corriger, et
        reste juste quand htmx ne remplace que les résultats."""
        erreurs = []
        for nom, formulaire in ((A, self.formulaire_a), (B, self.formulaire_b)):
            if formulaire is None or not formulaire.is_bound:
                continue
            scenario = f"Scénario {nom.upper()}, " if self.formulaire_b else ""
            erreurs += [(f"{scenario}{erreur}", f"scenario-{nom}") for erreur in formulaire.non_field_errors()]
            erreurs += [
                (f"{scenario}{champ.label} : {erreur}", champ.id_for_label)
                for champ in formulaire.visible_fields()
                for erreur in champ.errors
            ]
        return erreurs


def graphique(nom: str, simulation: Simulation) -> Graphique:
    """Les versements de chaque année de contrat, fixes et variables empilés ; la description dit les montants."""
    annees = simulation.annees
    description = "Versements par année de contrat : " + " ; ".join(
        f"année {annee.annee} : {affichage.montant(annee.total)} dont {affichage.montant(annee.variable)} variables"
        for annee in annees
    )
    return barres_empilees(
        f"graphique-{nom.lower()}",
        f"Versements par année de contrat, scénario {nom}",
        f"{description}.",
        [f"Année {annee.annee}" for annee in annees],
        [
            ("Volets fixes", "bleu", [annee.fixe for annee in annees]),
            ("Volets variables", "vert", [annee.variable for annee in annees]),
        ],
    )


def _cpts(request: HttpRequest, pk: int) -> Cpts:
    cpts = get_object_or_404(Cpts, pk=pk)
    exiger(request.user, Action.VOIR, cpts)
    return cpts


def _contrat(request: HttpRequest, cpts: Cpts | None) -> Contrat | None:
    if cpts is None:
        return None
    return cpts.contrats.visibles_par(request.user).order_by("-signature", "-pk").first()


def _valeurs_initiales(request: HttpRequest, cpts: Cpts | None, contrat: Contrat | None) -> dict[str, object]:
    """Le scénario de départ : la CPTS telle que son dossier la décrit (territoire en cours, membres adhérents, et
    s'il est signé, la date et les missions datées de son contrat), ou la population du territoire composé."""
    signature = contrat.signature if contrat else timezone.localdate()
    dossier = apercu(cpts, signature) if cpts else None
    population = request.GET.get("population", "").strip()
    if not population and dossier:
        population = dossier.population if dossier.population is not None else getattr(contrat, "population", "")
    valeurs: dict[str, object] = {
        "population": population,
        "signature": jour_fr(signature),
        "membres": dossier.membres if dossier else 0,
        "atteinte": "100 %",
    }
    if contrat:
        valeurs["options"] = list(contrat.options.order_by("option").values_list("option", flat=True))
        for mission in contrat.missions.filter(retiree_par__isnull=True):
            valeurs[f"choisie_{mission.mission}"] = "on"
            valeurs[f"demarrage_{mission.mission}"] = jour_fr(mission.demarrage) if mission.demarrage else ""
    else:
        for code in dossier.socles if dossier else missions.socles(signature):
            valeurs[f"choisie_{code}"] = "on"
    return valeurs


def _donnees(valeurs: dict[str, object], prefixe: str) -> QueryDict:
    donnees = QueryDict(mutable=True)
    for cle, valeur in valeurs.items():
        donnees.setlist(f"{prefixe}-{cle}", [str(v) for v in valeur] if isinstance(valeur, list) else [str(valeur)])
    return donnees


def _simuler(formulaire: FormulaireScenario) -> Simulation | None:
    if not formulaire.is_valid():
        return None
    try:
        return simuler(formulaire.scenario())
    except EntreeInvalide as erreur:
        formulaire.add_error(None, f"Ces hypothèses sont hors des règles de l'ACI : {erreur}.")
        return None


def _second(donnees_a: QueryDict, a: FormulaireScenario) -> QueryDict:
    """Le scénario B de départ : le scénario A sous l'autre texte (l'ACI 2019 face à l'avenant 2)."""
    donnees = QueryDict(mutable=True)
    for cle in donnees_a:
        if cle.startswith(f"{A}-"):
            donnees.setlist(f"{B}-{cle[2:]}", donnees_a.getlist(cle))
    if a.is_valid():
        donnees[f"{B}-texte"] = texte_de_comparaison(a.cleaned_data["signature"], a.cleaned_data["texte"] or None)
    return donnees


def _etat(request: HttpRequest, cpts: Cpts | None) -> Etat:
    soumis = f"{A}-signature" in request.GET
    contrat = _contrat(request, cpts)
    valeurs = _valeurs_initiales(request, cpts, contrat)
    donnees_a = request.GET if soumis else _donnees(valeurs, A)
    # Sans population connue (scénario libre), le formulaire vide attend la saisie au lieu de montrer des erreurs.
    lie = soumis or bool(valeurs["population"])
    cochees = {cle.removeprefix("choisie_") for cle in valeurs if cle.startswith("choisie_")}
    formulaire_a = FormulaireScenario(donnees_a if lie else None, prefix=A, initial=valeurs, cochees=cochees)
    a = _simuler(formulaire_a) if lie else None
    formulaire_b, b = None, None
    if lie and "comparer" in request.GET and "seul" not in request.GET:
        donnees_b = request.GET if f"{B}-signature" in request.GET else _second(donnees_a, formulaire_a)
        formulaire_b = FormulaireScenario(donnees_b, prefix=B, cochees=cochees)
        b = _simuler(formulaire_b)
    parametres = QueryDict(mutable=True)
    if lie:
        for cle in donnees_a:
            if cle.startswith(f"{A}-"):
                parametres.setlist(cle, donnees_a.getlist(cle))
    if formulaire_b is not None:
        for cle in formulaire_b.data:
            if cle.startswith(f"{B}-"):
                parametres.setlist(cle, formulaire_b.data.getlist(cle))
        parametres["comparer"] = "1"
    return Etat(formulaire_a, formulaire_b, a, b, parametres.urlencode(), contrat)


def _choix_cpts(request: HttpRequest) -> object:
    """Les CPTS à proposer dans la liste : celles d'un périmètre ; un lecteur de tout passe par la fiche."""
    if portee(request.user, Action.VOIR) in (None, Portee.TOUT):
        return None
    return Cpts.objects.visibles_par(request.user).order_by("nom", "pk").only("pk", "nom")


def _page(request: HttpRequest, cpts: Cpts | None) -> HttpResponse:
    etat = _etat(request, cpts)
    adresse = reverse("simulation:cpts", args=[cpts.pk]) if cpts else reverse("simulation:libre")
    contexte = {
        "cpts": cpts,
        "etat": etat,
        "adresse": adresse,
        "exports": [(format_.upper(), _adresse_export(cpts, format_)) for format_ in exports.FORMATS],
        "population_composee": request.GET.get("population", "").strip(),
        "choix_cpts": None if cpts else _choix_cpts(request),
    }
    if request.htmx:
        return render(request, "simulation/_resultats.html", {**contexte, "fragment": True})
    return render(request, "simulation/simuler.html", contexte)


def _adresse_export(cpts: Cpts | None, format_: str) -> str:
    if cpts:
        return reverse("simulation:export_cpts", kwargs={"pk": cpts.pk, "format": format_})
    return reverse("simulation:export", kwargs={"format": format_})


@login_required
@require_GET
def libre(request: HttpRequest) -> HttpResponse:
    choisie = request.GET.get("cpts", "")
    if choisie.isdigit():
        return redirect("simulation:cpts", pk=int(choisie))
    utilisateur = request.user
    if not request.GET and getattr(utilisateur, "role", "") == Role.COORDINATEUR:
        # La coordination simule d'abord sa propre CPTS, pré-remplie de son dossier.
        siennes = list(utilisateur.cpts.order_by("nom", "pk").values_list("pk", flat=True)[:2])
        if len(siennes) == 1:
            return redirect("simulation:cpts", pk=siennes[0])
    return _page(request, None)


@login_required
@require_GET
def pour_cpts(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _cpts(request, pk))


def _export(request: HttpRequest, cpts: Cpts | None, format: str) -> HttpResponse:
    if format not in exports.FORMATS:
        raise Http404("Format d'export inconnu : xlsx ou pdf.")
    etat = _etat(request, cpts)
    if not etat.a or (etat.formulaire_b is not None and not etat.b):
        # Un scénario incomplet ou refusé : la page dit pourquoi.
        adresse = reverse("simulation:cpts", args=[cpts.pk]) if cpts else reverse("simulation:libre")
        return redirect(f"{adresse}?{etat.parametres}" if etat.parametres else adresse)
    titre = f"Simulation du financement — {cpts.nom}" if cpts else "Simulation du financement"
    nom = f"simulation-{cpts.pk if cpts else 'libre'}-{timezone.localdate():%Y-%m-%d}"
    return exports.reponse(format, nom, titre, etat.simulations, etat.comparaison)


@login_required
@require_GET
def export_libre(request: HttpRequest, format: str) -> HttpResponse:
    return _export(request, None, format)


@login_required
@require_GET
def export_cpts(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    return _export(request, _cpts(request, pk), format)
