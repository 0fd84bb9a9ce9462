"""Les filtres des listes de contrats (alertes, versements à venir) : nom de la CPTS, département pris au
référentiel, et pour les alertes leur objet et leur niveau."""

from typing import Any

from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from dsfr.forms import DsfrBaseForm

from cpts.contrats.enums import Niveau, TypeAlerte
from cpts.contrats.models import Contrat
from cpts.territoires.models import Departement
from cpts.www.dossiers.registre_ecran import choix_departements
from cpts.www.formulaires import ListeDeroulante


class FiltresContrats(DsfrBaseForm):
    cpts = forms.CharField(label="Nom de la CPTS contient", required=False, max_length=100)
    departement = forms.ChoiceField(label="Département", required=False, widget=ListeDeroulante)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [("", "Tous"), *choix_departements()]

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
        label="Objet", required=False, choices=[("", "Tous"), *TypeAlerte.choices], widget=ListeDeroulante
    )
    niveau = forms.ChoiceField(
        label="Niveau", required=False, choices=[("", "Tous"), *Niveau.choices], widget=ListeDeroulante
    )
