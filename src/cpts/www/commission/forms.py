"""Formulaires de la commission paritaire régionale (DSFR)."""

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from cpts.commission.enums import ChoixVote, PresenceSiege, SectionSiege
from cpts.commission.models import Commission, PointOrdreDuJour, Reunion, Siege
from cpts.comptes.models import Utilisateur
from cpts.comptes.roles import Role
from cpts.www.formulaires import AIDE_DATE, ChampDate, champ_francais


class FormulaireModele(forms.ModelForm):
    """Un formulaire de modèle rendu avec les classes DSFR (même rendu que DsfrBaseForm)."""

    template_name = DsfrBaseForm.template_name
    bound_field_class = DsfrBaseForm.bound_field_class

    class Meta:
        # Les nombres saisis à la française ; chaque sous-classe hérite de ce Meta (Django ne lit que le sien).
        formfield_callback = champ_francais

    @property
    def default_renderer(self) -> object:
        return DsfrBaseForm.default_renderer.fget(self)  # type: ignore[attr-defined]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            if isinstance(champ, forms.DateField):
                champ.help_text = champ.help_text or AIDE_DATE


class FormulaireSiege(FormulaireModele):
    class Meta(FormulaireModele.Meta):
        model = Siege
        fields = [
            "section",
            "organisation",
            "profession",
            "regime",
            "qualite",
            "categorie",
            "voix",
            "titulaire_designe",
            "suppleant_designe",
            "compte_titulaire",
            "compte_suppleant",
            "ordre",
        ]
        help_texts = {
            "profession": "Section professionnelle ; pour une URPS, sa profession.",
            "regime": "Section sociale seulement.",
            "qualite": "Section sociale seulement (administratif, conseiller, service médical, DCGDR).",
            "categorie": "Membres consultatifs seulement.",
            "voix": "1 par siège professionnel ; de 1 à 3 par membre de la section sociale ; 0 pour un consultatif.",
            "compte_titulaire": "Compte de membre de CPR de la région, pour voter en ligne.",
            "compte_suppleant": "Compte de membre de CPR de la région, pour voter en ligne.",
        }

    def __init__(self, *args: object, composition: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.instance.composition = composition
        membres = Utilisateur.objects.filter(role=Role.MEMBRE_CPR, region=composition.commission.region, is_active=True)
        for nom in ("compte_titulaire", "compte_suppleant"):
            self.fields[nom].queryset = membres
            self.fields[nom].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["voix"].min_value = 0


class FormulaireComposition(DsfrBaseForm):
    date_effet = ChampDate(label="En vigueur à partir du")
    source = forms.CharField(
        label="Source", max_length=300, required=False, help_text="Arrêté, courrier ou support qui l'établit."
    )


class FormulaireReunion(FormulaireModele):
    class Meta(FormulaireModele.Meta):
        model = Reunion
        fields = ["date", "heure", "mode", "lieu", "demandee_par", "urgente", "motif_urgence"]
        help_texts = {
            "heure": "Format HH:MM",
            "urgente": "Une réunion urgente peut être convoquée hors délais ; donnez-en le motif.",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mode"].required = True

    def clean(self) -> dict:
        donnees = super().clean()
        if donnees.get("urgente") and not (donnees.get("motif_urgence") or "").strip():
            self.add_error("motif_urgence", "Une réunion urgente doit en donner le motif.")
        return donnees


class FormulaireEnvoi(DsfrBaseForm):
    """Date d'envoi de la convocation ou de l'ordre du jour."""

    envoye_le = ChampDate(label="Envoyé le")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["envoye_le"].initial = timezone.localdate()


class FormulairePublication(FormulaireEnvoi):
    """Date de publication du relevé de décisions."""

    envoye_le = ChampDate(label="Publié le")


class FormulairePoint(FormulaireModele):
    class Meta(FormulaireModele.Meta):
        model = PointOrdreDuJour
        fields = ["numero", "intitule", "description", "deliberation"]


class FormulaireDecision(FormulaireModele):
    class Meta(FormulaireModele.Meta):
        model = PointOrdreDuJour
        fields = ["decision"]


class FormulaireMotif(DsfrBaseForm):
    motif = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}))


class FormulairePresident(DsfrBaseForm):
    section = forms.ChoiceField(
        label="Section",
        choices=[(s.value, s.label) for s in (SectionSiege.SOCIALE, SectionSiege.PROFESSIONNELLE)],
    )
    siege = forms.ModelChoiceField(label="Siège du président (son titulaire)", queryset=Siege.objects.none())
    designe_le = ChampDate(label="Désigné le")

    def __init__(self, *args: object, commission: Commission, sieges: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["siege"].queryset = sieges
        self.fields["siege"].label_from_instance = lambda s: f"{s.libelle} ({s.get_section_display().lower()})"
        self.fields["designe_le"].initial = commission.date_installation or timezone.localdate()


class FormulaireVote(DsfrBaseForm):
    choix = forms.ChoiceField(label="Vote", choices=ChoixVote.choices, widget=forms.RadioSelect)


class FormulaireDate(DsfrBaseForm):
    date = ChampDate(label="À la date du", required=False)

    def date_choisie(self, defaut: date) -> date:
        return (self.cleaned_data.get("date") if self.is_bound and self.is_valid() else None) or defaut


PRESENCES = PresenceSiege.choices
