import json
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap

from cpts import exports
from cpts.comptes.droits import Action, autorise, exiger
from cpts.dossiers.models import Cpts
from cpts.pilotage.presentation import Rangee, formater
from cpts.territoires import cartographie, enregistrement
from cpts.territoires import couverture as couverture_
from cpts.territoires.composition import resumer
from cpts.territoires.fichier_communes import lire as lire_fichier
from cpts.territoires.memoire import (
    EpciPropose,
    Memoire,
    Proposition,
    communes_actives,
    communes_par_nom,
    epcis_par_nom,
    memoire,
    memoire_et_deploiement,
)
from cpts.territoires.models import Commune, Epci, Region, Territoire
from cpts.territoires.recherche import normaliser
from cpts.www.exports import exporter
from cpts.www.territoires import brouillon, changement
from cpts.www.territoires.forms import FormulaireCouverture

RESULTATS_MAX = 10
EPCI_MAX = 5
FORMATS_EXPORT = ("csv", "xlsx", "geojson")
COLONNES_COMMUNES = [
    exports.Colonne("Code INSEE", lambda c: c.code),
    exports.Colonne("Commune", lambda c: c.nom),
    exports.Colonne("Département", lambda c: c.departement_id),
    exports.Colonne("Région", lambda c: c.region_id),
    exports.Colonne("EPCI", lambda c: c.epci.nom if c.epci else ""),
    exports.Colonne("Population municipale", lambda c: c.population),
]

COLONNES_COUVERTURE = [
    exports.Colonne("Code", lambda ligne: ligne.code),
    exports.Colonne("Nom", lambda ligne: ligne.nom),
    exports.Colonne("Habitants", lambda ligne: ligne.habitants),
    exports.Colonne("Population couverte (CPTS)", lambda ligne: ligne.couverte),
    exports.Colonne("Part couverte", lambda ligne: ligne.part_couverte, nombre="part"),
    exports.Colonne("Population couverte (contrat signé)", lambda ligne: ligne.signee),
    exports.Colonne("Part couverte (contrat signé)", lambda ligne: ligne.part_signee, nombre="part"),
]


def _cpts(request: HttpRequest, pk: int | None, action: Action = Action.VOIR) -> Cpts | None:
    if pk is None:
        return None
    cpts = get_object_or_404(Cpts, pk=pk)
    exiger(request.user, action, cpts)
    return cpts


def _urls(cpts: Cpts | None) -> Mapping[str, str]:
    """Les adresses des actions du compositeur, pour une CPTS ou pour la composition libre."""
    return _adresses(cpts.pk if cpts else None)


@lru_cache(maxsize=1024)
def _adresses(pk: int | None) -> Mapping[str, str]:
    # Calculées une fois par processus (onze `reverse` à chaque frappe de la recherche) : les adresses ne changent pas
    # pendant sa vie, comme celles du menu (cpts.www.context_processors).
    suffixe, args = ("_cpts", [pk]) if pk else ("", [])
    urls = {nom: reverse(f"territoires:{nom}{suffixe}", args=args) for nom in ACTIONS if nom != "export"}
    for format_ in FORMATS_EXPORT:
        kwargs = {"format": format_, **({"pk": pk} if pk else {})}
        urls[f"export_{format_}"] = reverse(f"territoires:export{suffixe}", kwargs=kwargs)
    urls["composer"] = reverse("territoires:composer_cpts", args=args) if pk else reverse("territoires:composer")
    # Les liens du résumé, rendu à chaque ajout ou retrait.
    urls["simulation"] = reverse("simulation:cpts", args=args) if pk else reverse("simulation:libre")
    urls["profil"] = reverse("diagnostic:composition_cpts", args=args) if pk else reverse("diagnostic:composition")
    if pk:
        urls["enregistrer"] = reverse("territoires:enregistrer", args=args)
    return MappingProxyType(urls)


def _contexte(
    request: HttpRequest,
    cpts: Cpts | None,
    versions: tuple[Memoire, int] | None = None,
    **extra: object,
) -> dict[str, object]:
    codes = brouillon.lire(request, cpts)
    resume = resumer(codes, timezone.localdate(), cpts.pk if cpts else None, versions, brouillon.suivi(request, cpts))
    return {
        "cpts": cpts,
        "resume": resume,
        "urls": _urls(cpts),
        "peut_enregistrer": cpts is not None and autorise(request.user, Action.MODIFIER, cpts),
        "peut_arbitrer": cpts is not None and autorise(request.user, Action.ARBITRER, cpts),
        "non_enregistre": brouillon.modifie(cpts, codes),
        "annonce": "",
        "erreurs": [],
        "avertissements": [],
        **extra,
    }


def _composition(request: HttpRequest, cpts: Cpts | None, **extra: object) -> HttpResponse:
    """Le fragment de composition pour htmx, la page entière sinon (navigation sans JavaScript)."""
    if request.htmx:
        return render(request, "territoires/_composition.html", _contexte(request, cpts, **extra))
    for erreur in extra.get("erreurs", []):
        messages.error(request, erreur)
    return redirect(url_composer(cpts))


def _changement(
    request: HttpRequest,
    cpts: Cpts | None,
    versions: tuple[Memoire, int],
    annonce: str,
    ajoutee: str | None = None,
    retiree: str | None = None,
) -> HttpResponse:
    """Une commune ajoutée ou retirée d'un tableau qui en garde : seuls sa ligne, le résumé et les actions sont
    rendus (écrits en Python, `changement`), hors de la composition elle-même (HX-Reswap: none) ; le reste de la page
    reste en place (rendre 200 lignes coûtait plus que tout le reste de l'ajout). `versions` : la mémoire du
    référentiel et la version du déploiement lues par la vue (`memoire_et_deploiement`)."""
    contexte = _contexte(request, cpts, versions, annonce=annonce)
    return reswap(HttpResponse(changement.depuis_contexte(contexte, get_token(request), ajoutee, retiree)), "none")


def url_composer(cpts: Cpts | None) -> str:
    return reverse("territoires:composer_cpts", args=[cpts.pk]) if cpts else reverse("territoires:composer")


@login_required
@require_GET
def composer(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    cpts = _cpts(request, pk)
    return render(request, "territoires/composer.html", _contexte(request, cpts))


@login_required
@require_GET
def recherche(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    cpts = _cpts(request, pk)
    texte = request.GET.get("q", "").strip()
    memo = memoire()
    communes: list[Commune] | tuple[Proposition, ...] = []
    if texte.isdigit() or (len(texte) >= 2 and texte[:2].upper() in ("2A", "2B") and texte[2:].isdigit()):
        par_code = Commune.objects.filter(code__commence_par=texte.upper(), active=True)
        communes = list(par_code.only("code", "nom", "population").order_by("-population")[:RESULTATS_MAX])
    elif len(normaliser(texte)) >= 2:
        communes = communes_par_nom(normaliser(texte), RESULTATS_MAX, memo)
    epcis: list[EpciPropose] = []
    if len(texte) >= 3 and not texte.isdigit():
        epcis = epcis_par_nom(texte, EPCI_MAX, memo)
    contexte = {"communes": communes, "epcis": epcis, "texte": texte, "urls": _urls(cpts)}
    return render(request, "territoires/_resultats.html", contexte)


@login_required
@require_POST
def ajouter(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    cpts = _cpts(request, pk)
    code = request.POST.get("code", "").strip().upper()
    # Lue dans la mémoire du référentiel, que le résumé qui suit lit aussi (avec la version du déploiement, de la même
    # requête).
    versions = memoire_et_deploiement()
    commune = next(iter(communes_actives([code], versions[0])), None)
    if commune is None:
        return _composition(request, cpts, erreurs=[f"Code INSEE inconnu : {code or '(vide)'}."])
    nom = commune.nom
    codes = brouillon.lire(request, cpts)
    brouillon.ecrire(request, cpts, [*codes, code])
    if request.htmx and codes:
        return _changement(request, cpts, versions, f"{nom} ajoutée.", ajoutee=None if code in codes else code)
    return _composition(request, cpts, annonce=f"{nom} ajoutée.")


@login_required
@require_POST
def ajouter_epci(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    cpts = _cpts(request, pk)
    epci = Epci.objects.filter(siren=request.POST.get("siren", "")).first()
    if epci is None:
        return _composition(request, cpts, erreurs=["EPCI inconnu."])
    codes = epci.communes.filter(active=True, type="commune").values_list("code", flat=True)
    brouillon.ecrire(request, cpts, [*brouillon.lire(request, cpts), *codes])
    return _composition(request, cpts, annonce=f"{len(codes)} communes de {epci.nom} ajoutées.")


@login_required
@require_POST
def retirer(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    cpts = _cpts(request, pk)
    code = request.POST.get("code", "")
    codes = brouillon.lire(request, cpts)
    restants = [c for c in codes if c != code]
    brouillon.ecrire(request, cpts, restants)
    # L'annonce nomme la commune, comme à l'ajout (lue dans la mémoire du référentiel, que le résumé qui suit lit
    # aussi ; une commune devenue inactive, en base) ; un code inconnu du référentiel se redit tel quel.
    versions = memoire_et_deploiement()
    active = next(iter(communes_actives([code], versions[0])), None)
    nom = (
        active.nom
        if active
        else Commune.objects.filter(code=code).values_list("nom", flat=True).first() or f"Commune {code}"
    )
    annonce = f"{nom} retirée de la composition."
    if request.htmx and restants:
        return _changement(request, cpts, versions, annonce, retiree=code if code in codes else None)
    # Le tableau vidé montre sa ligne « aucune commune » : rendu entier.
    return _composition(request, cpts, annonce=annonce)


@login_required
@require_POST
def vider(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    cpts = _cpts(request, pk)
    brouillon.ecrire(request, cpts, [])
    return _composition(request, cpts, annonce="Composition vidée.")


@login_required
@require_POST
def importer_fichier(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    cpts = _cpts(request, pk)
    fichier = request.FILES.get("fichier")
    if fichier is None:
        return _composition(request, cpts, erreurs=["Choisissez un fichier CSV ou XLSX de codes INSEE."])
    lecture = lire_fichier(fichier.name, fichier.read())
    if lecture.erreurs:
        return _composition(request, cpts, erreurs=["Aucune commune ajoutée : corrigez le fichier.", *lecture.erreurs])
    brouillon.ecrire(request, cpts, [*brouillon.lire(request, cpts), *lecture.codes])
    annonce = f"{len(lecture.codes)} communes ajoutées depuis {fichier.name}."
    return _composition(request, cpts, annonce=annonce, avertissements=lecture.avertissements)


@login_required
@require_POST
def enregistrer(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.MODIFIER)
    codes = brouillon.lire(request, cpts)
    arbitrages = {
        cle.removeprefix("arbitrage_"): valeur
        for cle, valeur in request.POST.items()
        if cle.startswith("arbitrage_") and valeur in ("partage", "fusion")
    }
    try:
        enregistrement.enregistrer(
            cpts, codes, request.user, arbitrages=arbitrages, motif=request.POST.get("motif", "")
        )
    except ValidationError as refus:
        return _composition(request, cpts, erreurs=["Territoire non enregistré :", *refus.messages])
    brouillon.oublier(request, cpts)
    messages.success(request, f"Territoire de {cpts.nom} enregistré ({len(codes)} communes).")
    if request.htmx:
        reponse = HttpResponse(status=204)
        reponse["HX-Redirect"] = url_composer(cpts)
        return reponse
    return redirect(url_composer(cpts))


@login_required
@require_GET
def export(request: HttpRequest, format: str, pk: int | None = None) -> HttpResponse:
    cpts = _cpts(request, pk)
    if format not in FORMATS_EXPORT:
        raise Http404("Format d'export inconnu.")
    resume = resumer(brouillon.lire(request, cpts), timezone.localdate(), cpts.pk if cpts else None)
    communes = Commune.objects.filter(code__in=[u.code for u in resume.unites]).select_related("epci").order_by("code")
    nom = f"communes-{cpts.nom if cpts else 'territoire'}".replace(" ", "-").lower()
    reponse = exporter(format, nom, COLONNES_COMMUNES, communes)
    if reponse is not None:
        return reponse
    return _geojson(cartographie.collection(cartographie.entite_commune(c) for c in communes), nom)


@login_required
@require_GET
def carte_composition(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    cpts = _cpts(request, pk)
    date = timezone.localdate()
    resume = resumer(brouillon.lire(request, cpts), date, cpts.pk if cpts else None)
    return JsonResponse(cartographie.carte_composition(resume, date, cpts.pk if cpts else None))


def _geojson(donnees: dict, nom: str) -> HttpResponse:
    reponse = HttpResponse(json.dumps(donnees, ensure_ascii=False), content_type="application/geo+json")
    reponse["Content-Disposition"] = exports.piece_jointe(f"{nom}.geojson")
    return reponse


@login_required
@require_GET
def territoire_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk)
    territoire = enregistrement.territoire_en_cours(cpts)
    if territoire is None:
        raise Http404("Cette CPTS n'a pas encore de territoire enregistré.")
    return _geojson(cartographie.entite_territoire(territoire), f"territoire-{cpts.pk}")


def _territoires_region(request: HttpRequest, code: str) -> tuple[Region, list[Territoire]]:
    region = get_object_or_404(Region, code=code)
    territoires = (
        Territoire.objects.visibles_par(request.user)
        .filter(fin__isnull=True, cpts__region=code)
        .select_related("cpts")
        .order_by("cpts__nom")
    )
    return region, list(territoires)


@login_required
@require_GET
def region_geojson(request: HttpRequest, code: str) -> HttpResponse:
    region, territoires = _territoires_region(request, code)
    donnees = cartographie.collection(cartographie.entites_territoires(territoires))
    return _geojson(donnees, f"territoires-cpts-{region.code}")


@login_required
@require_GET
def carte_region(request: HttpRequest, code: str) -> HttpResponse:
    region, territoires = _territoires_region(request, code)
    if request.GET.get("donnees"):
        departements = region.departements.values_list("code", flat=True)
        return JsonResponse(cartographie.carte_region(territoires, departements))
    return render(request, "territoires/carte_region.html", {"region": region, "territoires": territoires})


@login_required
@require_GET
def couverture(request: HttpRequest) -> HttpResponse:
    formulaire = FormulaireCouverture(request.GET or None)
    if formulaire.is_bound and not formulaire.is_valid():
        # Une date qui n'existe pas (31/02) est refusée avec son message, jamais remplacée par celle du jour.
        contexte = {"formulaire": formulaire, "rangees": [], "date": None}
        return render(request, "territoires/couverture.html", contexte, status=400)
    niveau, date = formulaire.niveau_et_date()
    lignes = couverture_.couverture(niveau, date)
    format_ = request.GET.get("format")
    nom = f"couverture-cpts-{niveau}-{date.isoformat()}"
    reponse = exporter(format_, nom, COLONNES_COUVERTURE, lignes)
    if reponse is not None:
        return reponse
    contexte = {"formulaire": formulaire, "rangees": _rangees_couverture(lignes), "date": date}
    return render(request, "territoires/couverture.html", contexte)


def _rangees_couverture(lignes: list[couverture_.LigneCouverture]) -> list[Rangee]:
    """Les lignes de la page, dans l'ordre des colonnes de son en-tête, rendues d'un coup (une centaine de
    départements)."""
    return [
        Rangee(
            [
                (ligne.code, False),
                (ligne.nom, False),
                *(
                    (formater(valeur, nature), True)
                    for valeur, nature in (
                        (ligne.habitants, "entier"),
                        (ligne.couverte, "entier"),
                        (ligne.part_couverte, "part"),
                        (ligne.signee, "entier"),
                        (ligne.part_signee, "part"),
                    )
                ),
            ]
        )
        for ligne in lignes
    ]


# Chaque action du compositeur existe en composition libre (simulation) et pour une CPTS (urls.py) : nom → (route, vue).
ACTIONS = {
    "recherche": ("recherche/", recherche),
    "ajouter": ("ajouter/", ajouter),
    "ajouter_epci": ("ajouter-epci/", ajouter_epci),
    "retirer": ("retirer/", retirer),
    "vider": ("vider/", vider),
    "importer": ("importer/", importer_fichier),
    "carte": ("carte/", carte_composition),
    "export": ("export.<str:format>", export),
}
