"""Les filtres des listes de contrats (alertes, versements à venir) : nom de la CPTS, département pris au
référentiel, et pour les alertes leur objet et leur niveau."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString, mark_safe
from dsfr.forms import DsfrBaseForm

from cpts.contrats.enums import Niveau, TypeAlerte
from cpts.contrats.models import Contrat
from cpts.territoires.models import Departement
from cpts.territoires.version import version_referentiel
from cpts.www.dossiers.registre_ecran import choix_departements
from cpts.www.formulaires import ListeDeroulante, attributs_html, echapper


class ChoixFixes(BaseChoiceIterator):
    """Des choix écrits une fois, que Django prend tels quels : ni normalisés à chaque formulaire (`normalize_choices`
    reprend chaque couple d'une liste), ni recopiés avec chaque champ (`deepcopy` des champs du formulaire)."""

    def __init__(self, choix: tuple[tuple[str, str], ...]) -> None:
        self.choix = choix
        # Les champs vierges des filtres qui montrent ces choix, par classe de formulaire (`FiltresContrats.champs`).
        self.rendus: dict[type, SafeString] = {}
        # Chaque option écrite une fois, non choisie puis choisie (`ListeFixe`) : cent départements s'échappaient à
        # chaque page.
        self.options = tuple(
            (
                str(valeur),
                f'<option value="{echapper(str(valeur))}">{echapper(libelle)}</option>',
                f'<option value="{echapper(str(valeur))}" selected>{echapper(libelle)}</option>',
            )
            for valeur, libelle in choix
        )

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.choix)

    def __deepcopy__(self, memo: dict[int, object]) -> "ChoixFixes":
        return self


class ListeFixe(ListeDeroulante):
    """La liste déroulante de choix fixes (`ChoixFixes`) : ses options écrites d'avance, au même HTML que
    `ListeDeroulante` (la première option qui correspond est choisie)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        if not isinstance(self.choices, ChoixFixes) or self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        choisies = set(self.format_value(value))
        morceaux, choisie = [], False
        for texte, simple, marquee in self.choices.options:
            if not choisie and texte in choisies:
                choisie = True
                morceaux.append(marquee)
            else:
                morceaux.append(simple)
        attributs = attributs_html(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{echapper(name)}"{attributs}>{"".join(morceaux)}</select>')


# Une seule version du référentiel gardée : un fil qui lit encore l'ancienne ne remplit rien que l'on consulte ensuite.
_departements: dict[int, ChoixFixes] = {}


def choix_des_departements() -> ChoixFixes:
    """« Tous », puis les départements du référentiel, lus une fois par processus et par version du référentiel :
    chaque page de liste les relisait (l'ORM, cent lignes, leurs choix normalisés). Seul l'import des communes écrit les
    départements, et il change la version dans sa transaction (`cpts.territoires.version`) ; la version est lue avant
    les départements, qui ne sont donc jamais gardés sous une version plus récente qu'eux."""
    version = version_referentiel()
    choix = _departements.get(version)
    if choix is None:
        choix = ChoixFixes((("", "Tous"), *choix_departements()))
        _departements.clear()
        _departements[version] = choix
    return choix


class FiltresContrats(DsfrBaseForm):
    cpts = forms.CharField(label="Nom de la CPTS contient", required=False, max_length=100)
    departement = forms.ChoiceField(label="Département", required=False, widget=ListeFixe)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = choix_des_departements()

    @property
    def champs(self) -> SafeString:
        """Les champs, chacun dans sa colonne (comme `www/champ.html` pour un champ du système de design). Sans filtre
        demandé, leur HTML ne dépend que de la classe et des départements du référentiel : rendu une fois par processus
        et par version du référentiel, gardé avec ses choix (0,3 à 0,6 ms de chaque page de liste, mesuré)."""
        if self.is_bound:
            return self._rendre_champs()
        choix = self.fields["departement"].choices
        rendu = choix.rendus.get(type(self))
        if rendu is None:
            rendu = choix.rendus[type(self)] = self._rendre_champs()
        return rendu

    def _rendre_champs(self) -> SafeString:
        return mark_safe(
            "".join(f'<div class="fr-col-12 fr-col-md-3">{champ.as_field_group()}</div>' for champ in self)
        )

    @property
    def valeurs(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    @property
    def actifs(self) -> bool:
        return any(self.valeurs.values())

    def contrats(self, queryset: QuerySet[Contrat]) -> QuerySet[Contrat]:
        valeurs = self.valeurs
        if valeurs.get("cpts"):
            queryset = queryset.filter(cpts__nom__icontains=valeurs["cpts"].strip())
        if valeurs.get("departement"):
            queryset = queryset.filter(cpts__departements_couverts__code=valeurs["departement"]).distinct()
        return queryset


class FiltresListeContrats(FiltresContrats):
    """La liste des contrats : les filtres, le tri choisi, et le département nommé sur chaque ligne."""

    TRIS = {
        "nom": ("Nom de la CPTS", ["cpts__nom", "-signature"]),
        "-signature": ("Signature la plus récente", ["-signature", "cpts__nom"]),
        "fin": ("Fin la plus proche", ["fin", "cpts__nom"]),
    }
    tri = forms.ChoiceField(
        label="Trier par", required=False, choices=[(code, libelle) for code, (libelle, _) in TRIS.items()]
    )

    def contrats(self, queryset: QuerySet[Contrat]) -> QuerySet[Contrat]:
        colonnes = self.TRIS.get(self.valeurs.get("tri") or "nom", self.TRIS["nom"])[1]
        nom = Departement.objects.filter(code=OuterRef("cpts__departement")).values("nom")[:1]
        return super().contrats(queryset).annotate(nom_departement=Subquery(nom)).order_by(*colonnes, "pk")

    @property
    def actifs(self) -> bool:
        return any(valeur for nom, valeur in self.valeurs.items() if nom != "tri")


class FiltresAlertes(FiltresContrats):
    type = forms.ChoiceField(
        label="Objet", required=False, choices=ChoixFixes((("", "Tous"), *TypeAlerte.choices)), widget=ListeFixe
    )
    niveau = forms.ChoiceField(
        label="Niveau", required=False, choices=ChoixFixes((("", "Tous"), *Niveau.choices)), widget=ListeFixe
    )
