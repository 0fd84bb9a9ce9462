"""Formulaires des dossiers : CPTS et association, décision d'étape, membres, import, documents, instruction."""

import datetime
from collections.abc import Iterable
from functools import lru_cache, partial
from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from dsfr.forms import DsfrBaseForm

from cpts.comptes.droits import Action, Portee, portee, voit_toute_la_region
from cpts.dossiers import etapes, formulaires, import_membres
from cpts.dossiers.enums import ETAPES_OUVERTES, Etape, Instance, TypeMembre
from cpts.dossiers.exports import ECHEANCES
from cpts.dossiers.models import Cpts, Membre
from cpts.dossiers.siret import normaliser, valider_siret
from cpts.preparees import LecturePreparee, Parametre
from cpts.territoires.deploiement import version_deploiement
from cpts.www.dossiers import registre_ecran
from cpts.www.formulaires import AIDE_DATE, ChampDate, ListeDeroulante
from cpts.www.lignes import LignesSimples

CHAMPS_ASSOCIATION = [
    "association_statut",
    "association_nom",
    "siret",
    "adresse",
    "code_postal",
    "commune_siege",
    "representant_nom",
    "representant_qualite",
    "contact_nom",
    "contact_profession",
    "contact_courriel",
    "contact_telephone",
]
CHAMPS_IDENTITE = ["nom", "region", "departement", "autres_departements", "dynamique_depuis"]


class ChampDepartements(forms.CharField):
    """Des codes de départements séparés par des virgules ou des espaces (« 42, 43 »)."""

    def prepare_value(self, value: object) -> object:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: object) -> list[str]:
        texte = super().to_python(value)
        codes = [code.strip().upper() for code in texte.replace(",", " ").split() if code.strip()]
        for code in codes:
            if not (len(code) in (2, 3) and code.isalnum()):
                raise forms.ValidationError(f"Autres départements : « {code} » n'est pas un code de département.")
        return list(dict.fromkeys(codes))


class FormulaireCpts(LignesSimples, forms.ModelForm, DsfrBaseForm):
    """L'association et le contact ; le nom et les départements en plus pour les agents."""

    # Le SIRET se saisit aussi avec ses espaces (« 782 830 157 00015 ») : normalisé avant la validation du modèle.
    siret = forms.CharField(
        label="SIRET de l'association", max_length=20, required=False, help_text="14 chiffres, contrôlés par leur clé."
    )
    autres_departements = ChampDepartements(
        label="Autres départements", required=False, help_text="Codes séparés par des virgules, par exemple : 42, 43."
    )

    class Meta:
        model = Cpts
        fields = CHAMPS_IDENTITE + CHAMPS_ASSOCIATION

    def __init__(self, *args: Any, identite: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not identite:
            for champ in CHAMPS_IDENTITE:
                del self.fields[champ]
        else:
            # À l'inscription, le début de la dynamique est demandé : les tableaux datés n'y comptent pas le projet
            # avant ce jour.
            self.fields["dynamique_depuis"].required = True
            self.fields["dynamique_depuis"].help_text = AIDE_DATE

    def clean_siret(self) -> str:
        siret = normaliser(self.cleaned_data["siret"])
        if siret:
            valider_siret(siret)
        return siret

    def clean(self) -> dict[str, Any]:
        donnees = super().clean()
        principal = donnees.get("departement")
        if principal and principal in donnees.get("autres_departements", []):
            donnees["autres_departements"].remove(principal)
        return donnees


class FormulaireDecision(DsfrBaseForm):
    # Aucune décision n'est présélectionnée : un envoi sans choix est refusé, et tout choix se confirme sur une page
    # qui en dit la conséquence (`confirmation` n'est posé que par cette page).
    transition = forms.ChoiceField(label="Décision", widget=ListeDeroulante)
    confirmation = forms.BooleanField(required=False, widget=forms.HiddenInput)
    date = ChampDate(label="Date de la décision")
    instance = forms.ChoiceField(label="Instance qui a décidé", choices=Instance.choices, widget=ListeDeroulante)
    motif = forms.CharField(
        label="Motif ou observations",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour renvoyer un pré-projet, s'opposer, abandonner ou fusionner.",
    )
    cpts_absorbante = forms.ModelChoiceField(
        label="CPTS absorbante (fusion)", queryset=Cpts.objects.none(), required=False, widget=ListeDeroulante
    )

    def __init__(
        self, *args: Any, cpts: Cpts, utilisateur: Any, acquises: Iterable[Action] = (), **kwargs: Any
    ) -> None:
        """`acquises` : les actions que la vue a déjà exigées sur la CPTS (`autorisations`)."""
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = choix_transitions(cpts, utilisateur, acquises)
        absorbante = self.fields["cpts_absorbante"]
        absorbante.queryset = absorbantes_possibles(cpts, utilisateur)
        absorbante.widget.choices = choix_absorbantes(cpts, utilisateur)


def choix_transitions(cpts: Cpts, utilisateur: Any, acquises: Iterable[Action] = ()) -> list[tuple[str, str]]:
    """Les décisions que l'utilisateur peut enregistrer à l'étape de la CPTS, après le choix vide."""
    return [
        ("", "— Choisir une décision —"),
        *((t.code, t.libelle) for t in etapes.possibles(cpts, utilisateur, acquises) if not t.par_depot),
    ]


def absorbantes_possibles(cpts: Cpts, utilisateur: Any) -> Any:
    return Cpts.objects.visibles_par(utilisateur).filter(etape__in=ETAPES_OUVERTES).exclude(pk=cpts.pk)


def choix_absorbantes(cpts: Cpts, utilisateur: Any) -> list[tuple[object, str]]:
    """La liste affichée (les CPTS ouvertes de la région, 165 en Occitanie) se lit en couples (numéro, nom) : les
    instancier toutes coûtait plus que le reste de la fiche. Le choix envoyé se vérifie toujours par le `queryset` du
    champ."""
    return [("", _VIDE), *absorbantes_possibles(cpts, utilisateur).values_list("pk", "nom")]


_VIDE = FormulaireDecision.base_fields["cpts_absorbante"].empty_label  # type: ignore[attr-defined]
# Les CPTS ouvertes d'une région, sauf une : la liste des absorbantes de la fiche d'un agent de la région.
_OUVERTES_DE_LA_REGION = LecturePreparee(
    lambda: (
        Cpts.objects.filter(region=Parametre("region", Cpts._meta.get_field("region")), etape__in=ETAPES_OUVERTES)
        .exclude(pk=Parametre("cpts", Cpts._meta.pk))  # type: ignore[arg-type]
        .distinct()
        .values_list("pk", "nom")
    )
)


# Assez pour les CPTS qu'une région instruit dans la journée ; la plus ancienne entrée cède sa place.
DECISIONS_VIERGES_GARDEES = 256
GABARIT_CHAMPS_DECISION = "dossiers/_champs_decision.html"


def champs_decision(cpts: Cpts, utilisateur: Any, acquises: Iterable[Action]) -> SafeString:
    """Les champs du formulaire de décision vierge de la fiche, rendus une fois par processus pour ce qu'ils montrent :
    les décisions possibles, les CPTS absorbantes et la date du jour. Le formulaire, ses champs du système de design
    et la liste des CPTS (165 en Occitanie) étaient le quart du temps de la fiche."""
    transitions = tuple(choix_transitions(cpts, utilisateur, acquises))
    jour = timezone.localdate()
    if portee(utilisateur, Action.VOIR) != Portee.TOUT and voit_toute_la_region(utilisateur, cpts.region):
        # Un agent de la région : la liste est celle des CPTS ouvertes de la région, que toute écriture d'une CPTS
        # (création, nom, étape) change avec la version du déploiement, lue avant la liste.
        return _vierge_dans_la_region(transitions, cpts.region, cpts.pk, version_deploiement(), jour)
    return _vierge(transitions, tuple(choix_absorbantes(cpts, utilisateur)), jour)


@lru_cache(maxsize=DECISIONS_VIERGES_GARDEES)
def _vierge_dans_la_region(
    transitions: tuple[tuple[str, str], ...], region: str, cpts: int, version: int, jour: datetime.date
) -> SafeString:
    absorbantes = _OUVERTES_DE_LA_REGION.lignes(region=region, cpts=cpts)
    return _rendre(transitions, [("", _VIDE), *map(tuple, absorbantes)], jour)


@lru_cache(maxsize=DECISIONS_VIERGES_GARDEES)
def _vierge(
    transitions: tuple[tuple[str, str], ...], absorbantes: tuple[tuple[object, str], ...], jour: datetime.date
) -> SafeString:
    return _rendre(transitions, absorbantes, jour)


def _rendre(
    transitions: Iterable[tuple[str, str]], absorbantes: Iterable[tuple[object, str]], jour: datetime.date
) -> SafeString:
    return render_to_string(
        GABARIT_CHAMPS_DECISION, {"formulaire_decision": _DecisionVierge(transitions, absorbantes, jour)}
    )


class _DecisionVierge(FormulaireDecision):
    """Le formulaire de décision à rendre, ses choix donnés plutôt que lus (il ne se valide jamais)."""

    def __init__(
        self, transitions: Iterable[tuple[str, str]], absorbantes: Iterable[tuple[object, str]], date: datetime.date
    ) -> None:
        DsfrBaseForm.__init__(self, initial={"date": date})
        self.fields["transition"].choices = list(transitions)
        self.fields["cpts_absorbante"].widget.choices = list(absorbantes)


class FormulaireMembre(LignesSimples, forms.ModelForm, DsfrBaseForm):
    """Profession et recours sont obligatoires pour un professionnel de santé, la catégorie pour une structure : le
    formulaire les marque selon le type envoyé (ou enregistré), et le navigateur ne bloque pas l'envoi quand on change
    de type (la règle est vérifiée par le serveur)."""

    use_required_attribute = False

    class Meta:
        model = Membre
        fields = [
            "type",
            "profession",
            "recours",
            "categorie",
            "nom",
            "prenom",
            "rpps",
            "lieu_exercice",
            "structure",
            "gouvernance",
            "adherent",
            "participation_incertaine",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        type_ = (
            self.data.get(self.add_prefix("type")) if self.is_bound else self.initial.get("type", self.instance.type)
        )
        professionnel = (type_ or TypeMembre.PROFESSIONNEL) == TypeMembre.PROFESSIONNEL
        for nom in ("profession", "recours"):
            self.fields[nom].required = professionnel
            self.fields[nom].help_text = "Obligatoire pour un professionnel de santé."
        self.fields["categorie"].required = not professionnel
        self.fields["categorie"].help_text = "Obligatoire pour une structure."


class FormulaireImport(DsfrBaseForm):
    fichier = forms.FileField(
        label="Fichier des membres",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx", "data-taille-max": import_membres.TAILLE_MAX}),
        help_text=f"CSV (séparateur « ; ») ou XLSX, {import_membres.TAILLE_MAX_LIBELLE} et "
        f"{import_membres.LIGNES_MAX_LIBELLE} au plus ; première ligne : type, profession, catégorie, nom, prénom, "
        "RPPS, recours, lieu d'exercice, structure, gouvernance, adhérent, participation incertaine.",
        error_messages={
            "required": "Choisissez un fichier CSV ou XLSX.",
            "empty": "Le fichier envoyé est vide : choisissez un fichier CSV ou XLSX.",
        },
    )


class FormulaireFiltres(DsfrBaseForm):
    """Les filtres du registre ; départements et régions choisis par leur nom, dans le référentiel."""

    etape = forms.ChoiceField(label="Étape", required=False, choices=[("", "Toutes"), *Etape.choices])
    region = forms.ChoiceField(label="Région", required=False)
    departement = forms.ChoiceField(label="Département", required=False)
    echeance = forms.ChoiceField(label="Échéance", required=False, choices=[("", "Toutes"), *ECHEANCES.items()])
    tri = forms.ChoiceField(
        label="Trier par",
        required=False,
        choices=[(code, libelle) for code, (libelle, _) in registre_ecran.TRIS.items()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Toutes"), *registre_ecran.choix_regions()]
        self.fields["departement"].choices = [("", "Tous"), *registre_ecran.choix_departements()]

    @property
    def actifs(self) -> bool:
        """Un filtre restreint la liste (le tri n'en est pas un) : une liste vide ne dit plus « aucune CPTS »."""
        donnees = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return any(donnees.get(nom) for nom in ("etape", "region", "departement", "echeance"))


# La fiche d'une CPTS montre plusieurs formulaires : chacun a son préfixe, pour des identifiants de champ uniques.


class FormulaireNote(DsfrBaseForm):
    prefix = "note"
    texte = forms.CharField(label="Note d'instruction", widget=forms.Textarea(attrs={"rows": 3}))


class FormulaireDemande(DsfrBaseForm):
    prefix = "demande"
    objet = forms.CharField(label="Objet", max_length=200)
    texte = forms.CharField(label="Ce qui est attendu", widget=forms.Textarea(attrs={"rows": 3}))
    echeance = ChampDate(label="Réponse attendue avant le", required=False)


class FormulaireReponse(DsfrBaseForm):
    texte = forms.CharField(label="Votre réponse", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, demande: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"reponse-{demande.pk}", **kwargs)


# Les pages rendent le formulaire d'un document avec le système de design ; l'API valide avec le même.
formulaire_document = partial(formulaires.formulaire_document, base=DsfrBaseForm)
