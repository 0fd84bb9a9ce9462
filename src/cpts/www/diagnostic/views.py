"""Les profils du diagnostic territorial (une CPTS, ou la composition en cours du compositeur) et l'import des
indicateurs par les agents ARS et CPAM."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cpts.comptes.droits import Action, exiger
from cpts.diagnostic.importation import FichierRefuse, importer
from cpts.diagnostic.models import Indicateur
from cpts.diagnostic.perimetre import peut_importer
from cpts.diagnostic.presentation import cases, repartition
from cpts.diagnostic.profil import LigneProfil, Profil, profil
from cpts.dossiers.models import Cpts
from cpts.regles.diagnostic import Nature
from cpts.territoires.enregistrement import territoire_en_cours
from cpts.www.diagnostic import exports
from cpts.www.diagnostic.forms import FormulaireIndicateurs
from cpts.www.territoires import brouillon
from cpts.www.territoires.views import url_composer

FORMATS = ("xlsx", "pdf")
LARGEUR_BARRE = 160  # pour 100 %


def _cpts(request: HttpRequest, pk: int | None) -> Cpts | None:
    if pk is None:
        return None
    cpts = get_object_or_404(Cpts, pk=pk)
    exiger(request.user, Action.VOIR, cpts)
    return cpts


def _rendre(request: HttpRequest, profil_: Profil, nom: str, contexte: dict[str, object]) -> HttpResponse:
    format_ = request.GET.get("format")
    if format_:
        if format_ not in FORMATS:
            raise Http404("Format d'export inconnu.")
        return exports.reponse(profil_, format_, nom)
    themes = [
        {
            "theme": theme,
            "lignes": [{"ligne": li, "cases": cases(li), "repartition": repartition(li)} for li in theme.lignes],
            "barres": [_barre(profil_, ligne) for ligne in theme.lignes if ligne.nature == Nature.TAUX],
        }
        for theme in profil_.themes
    ]
    contexte = {"profil": profil_, "themes": themes, "note": exports.note(profil_), **contexte}
    return render(request, "diagnostic/profil.html", contexte)


def _barre(profil_: Profil, ligne: LigneProfil) -> dict[str, object]:
    """Un petit graphique en barres (SVG, sans style en ligne) et son texte de remplacement."""
    rangees = []
    agregats = [ligne.territoire, *ligne.comparaisons]
    for rang, (colonne, agregat, texte) in enumerate(zip(profil_.colonnes, agregats, cases(ligne), strict=True)):
        valeur = agregat.valeur if agregat is not None else None
        largeur = round(float(valeur) * LARGEUR_BARRE, 1) if valeur is not None else 0
        y = rang * 14
        rangees.append(
            {
                "colonne": colonne,
                "texte": texte,
                "largeur": largeur,
                "y": y,
                "y_texte": y + 9,
                "x_valeur": 104 + largeur,
            }
        )
    alternative = f"{ligne.libelle} : " + ", ".join(f"{r['colonne']} {r['texte']}" for r in rangees)
    return {"libelle": ligne.libelle, "rangees": rangees, "hauteur": len(rangees) * 14, "alternative": alternative}


@login_required
@require_GET
def profil_cpts(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk)
    assert cpts is not None
    territoire = territoire_en_cours(cpts)
    codes = list(territoire.unites.values_list("commune_id", flat=True)) if territoire else []
    profil_ = profil(codes, cpts)
    return _rendre(request, profil_, f"profil-cpts-{cpts.pk}", {"cpts": cpts, "composition": False})


@login_required
@require_GET
def profil_composition(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """La composition en cours du compositeur (pas encore enregistrée), comparée comme un territoire libre."""
    cpts = _cpts(request, pk)
    profil_ = profil(brouillon.lire(request, cpts), None, f"Composition en cours{f' de {cpts.nom}' if cpts else ''}")
    contexte = {"cpts": cpts, "composition": True, "url_composer": url_composer(cpts)}
    return _rendre(request, profil_, "profil-composition", contexte)


@login_required
def indicateurs(request: HttpRequest) -> HttpResponse:
    """Les indicateurs déclarés, pour tous ; l'import, pour les agents ARS et CPAM."""
    formulaire = None
    rapport = None
    if peut_importer(request.user):
        formulaire = FormulaireIndicateurs(request.POST or None, request.FILES or None)
        if request.method == "POST" and formulaire.is_valid():
            fichier = formulaire.cleaned_data["fichier"]
            try:
                rapport = importer(fichier.name, fichier.read(), request.user, essai=formulaire.cleaned_data["essai"])
            except FichierRefuse as erreur:
                formulaire.add_error("fichier", f"Fichier refusé, rien n'a été écrit. {erreur}")
    elif request.method == "POST":
        raise PermissionDenied("Seul un agent ARS ou CPAM importe des indicateurs.")
    contexte = {"indicateurs": Indicateur.objects.all(), "formulaire": formulaire, "rapport": rapport}
    return render(request, "diagnostic/indicateurs.html", contexte, status=400 if rapport and rapport.refuse else 200)
