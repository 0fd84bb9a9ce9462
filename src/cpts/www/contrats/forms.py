"""Formulaires des contrats (DSFR). Ils lisent la saisie ; les règles et refus viennent des services de
`cpts.contrats`, dont les messages s'affichent sur les champs."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from cpts.affichage import montant
from cpts.contrats import missions
from cpts.contrats.echeancier import Ligne
from cpts.contrats.enums import OptionContrat, Sens
from cpts.contrats.fichiers import TAILLE_MAX, TAILLE_MAX_LIBELLE
from cpts.contrats.models import BilanMission, Contrat, DialogueGestion, Indicateur
from cpts.contrats.termes import Termes
from cpts.www import refus
from cpts.www.formulaires import AIDE_DATE, ChampDate, ChampNombre

AIDE_PDF = f"PDF seulement, {TAILLE_MAX_LIBELLE} au plus."


class ChampPdf(forms.FileField):
    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("help_text", AIDE_PDF)
        kwargs.setdefault("required", False)
        # data-taille-max : le navigateur refuse un fichier trop lourd avant l'envoi (cpts/formulaires.js).
        attributs = {"accept": "application/pdf", "data-taille-max": TAILLE_MAX}
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs=attributs))
        super().__init__(**kwargs)


class Formulaire(DsfrBaseForm):
    """Rattache les erreurs d'un service (`ValidationError` par champ) aux champs du formulaire."""

    def ajouter_erreurs(self, erreur: ValidationError) -> None:
        refus.rattacher(self, erreur)


class FormulaireMissions(Formulaire):
    """Une case et une date de démarrage par mission : `choisie_<code>`, `demarrage_<code>`."""

    codes_missions: list[str] = []

    def ajouter_missions(self, codes: list[str], cochees: set[str], aide: str) -> None:
        self.codes_missions = codes
        for code in codes:
            libelle = missions.libelle_mission(code)
            categorie = "mission socle" if missions.categorie(code) == "socle" else "mission optionnelle"
            self.fields[f"choisie_{code}"] = forms.BooleanField(
                label=f"{libelle} ({categorie})", required=False, initial=code in cochees
            )
            self.fields[f"demarrage_{code}"] = ChampDate(
                label=f"Démarrage : {libelle}", required=False, help_text=f"{AIDE_DATE} ; {aide}"
            )

    def missions_choisies(self) -> dict[str, date | None]:
        return {
            code: self.cleaned_data.get(f"demarrage_{code}")
            for code in self.codes_missions
            if self.cleaned_data.get(f"choisie_{code}")
        }

    def lignes_missions(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"choisie_{code}"], self[f"demarrage_{code}"]) for code in self.codes_missions]

    def autres_champs(self) -> list[forms.BoundField]:
        noms = {f"{prefixe}_{code}" for code in self.codes_missions for prefixe in ("choisie", "demarrage")}
        return [champ for champ in self.visible_fields() if champ.name not in noms]


class FormulaireSignature(FormulaireMissions):
    signature = ChampDate(label="Date de signature du contrat")
    motif = forms.CharField(
        label="Observations",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Gardées dans la décision d'étape « Signature du contrat ACI ».",
    )
    document = ChampPdf(label="Contrat signé")

    def __init__(self, *args: object, socles: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.ajouter_missions(missions.codes(), set(socles), "vide si elle n'est pas encore connue")
        # Les enveloppes conditionnelles : une date les choisit, vide elles ne sont pas dues.
        for option in OptionContrat:
            self.fields[_champ_option(option.value)] = ChampDate(
                label=f"Option : {option.label}",
                required=False,
                help_text=f"{AIDE_DATE} ; date d'où l'enveloppe est due, vide si elle n'est pas choisie",
            )

    def options_choisies(self) -> dict[str, date]:
        return {
            option.value: self.cleaned_data[_champ_option(option.value)]
            for option in OptionContrat
            if self.cleaned_data.get(_champ_option(option.value))
        }


def _champ_option(code: str) -> str:
    return f"option_{code.replace('-', '_')}"


class FormulaireAvenant(FormulaireMissions):
    signe_le = ChampDate(label="Avenant signé le")
    effet_le = ChampDate(label="Prend effet le")
    objet = forms.CharField(label="Objet de l'avenant", widget=forms.Textarea(attrs={"rows": 3}))
    actualiser_territoire = forms.BooleanField(
        label="Reprendre la population du territoire en cours (et la taille qui en découle)", required=False
    )
    actualiser_membres = forms.BooleanField(label="Reprendre le nombre de membres adhérents du dossier", required=False)
    indicateurs_nationaux = forms.BooleanField(
        label="Ajouter les indicateurs nationaux du texte en vigueur à la date d'effet", required=False
    )
    missions_retirees = forms.MultipleChoiceField(
        label="Missions retirées du contrat", required=False, widget=forms.CheckboxSelectMultiple
    )
    document = ChampPdf(label="Avenant signé")

    def __init__(self, *args: object, contrat: Contrat, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        presentes = list(contrat.missions.filter(retiree_par__isnull=True).values_list("mission", flat=True))
        toutes = set(contrat.missions.values_list("mission", flat=True))
        self.fields["missions_retirees"].choices = [
            (code, missions.libelle_mission(code)) for code in presentes if missions.categorie(code) != "socle"
        ]
        self.ajouter_missions(
            [code for code in missions.codes() if code not in toutes],
            set(),
            "à partir de la date d'effet de l'avenant ; vide si elle n'est pas encore connue",
        )
        for code in self.codes_missions:
            self.fields[f"choisie_{code}"].label = f"Ajouter : {self.fields[f'choisie_{code}'].label}"


class FormulaireMission(Formulaire):
    demarrage = ChampDate(label="Démarrage", required=False, help_text=f"{AIDE_DATE} ; prévu ou effectif.")
    deploiement = ChampDate(label="Déploiement complet", required=False, help_text=f"{AIDE_DATE} ; constaté.")


class FormulaireDocument(Formulaire):
    document = ChampPdf(label="Document signé (PDF)", required=True)


class FormulairePaiement(Formulaire):
    ligne = forms.ChoiceField(label="Ligne de l'échéancier")
    montant = forms.CharField(label="Montant versé (€)", max_length=20, help_text="Au centime près : 12 500,00")
    date = ChampDate(label="Versé le")
    reference = forms.CharField(
        label="Référence du paiement", max_length=60, help_text="Référence du virement ou de l'ordre de paiement."
    )
    motif_anticipation = forms.CharField(
        label="Motif d'un versement anticipé",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Seulement si le versement précède son échéance.",
    )

    def __init__(self, *args: object, lignes: list[Ligne], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.lignes = {ligne.identifiant: ligne for ligne in lignes}
        self.fields["ligne"].choices = [
            (ligne.identifiant, f"{ligne.libelle} — dû le {ligne.du_le:%d/%m/%Y}, reste {montant(ligne.payable, True)}")
            for ligne in lignes
        ]
        self.fields["date"].initial = timezone.localdate()

    def cle(self) -> dict[str, object]:
        annee, mission, volet, nature = self.cleaned_data["ligne"].split(".")
        return {"annee": int(annee), "mission": mission, "volet": volet, "nature": nature}


class FormulaireAnnulation(Formulaire):
    motif = forms.CharField(label="Motif de l'annulation", widget=forms.Textarea(attrs={"rows": 2}))


class FormulaireIndicateur(Formulaire):
    mission = forms.ChoiceField(label="Mission")
    libelle = forms.CharField(label="Intitulé", max_length=250)
    definition = forms.CharField(label="Définition", widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.CharField(label="Source des données", max_length=250)
    sens = forms.ChoiceField(label="Sens", choices=Sens.choices)
    unite = forms.CharField(label="Unité", max_length=50, required=False, help_text="%, nombre de patients…")
    reference = ChampNombre(
        label="Valeur de référence",
        required=False,
        max_digits=14,
        decimal_places=4,
        help_text="Situation de départ.",
    )
    poids = ChampNombre(
        label="Poids dans la mission",
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=1,
        help_text="0 : indicateur de suivi seulement, sans effet sur la part variable.",
    )

    def __init__(
        self, *args: object, contrat: Contrat, termes: Termes, indicateur: Indicateur | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.annees = list(termes.annees)
        presentes = list(contrat.missions.filter(retiree_par__isnull=True).values_list("mission", flat=True))
        self.fields["mission"].choices = [(code, missions.libelle_mission(code)) for code in presentes]
        for annee in self.annees:
            self.fields[f"cible_{annee}"] = ChampNombre(
                label=f"Cible de l'année {annee}", required=False, max_digits=14, decimal_places=4
            )
        if indicateur is not None:
            cibles = {cible.annee: cible.valeur for cible in indicateur.cibles.all()}
            for champ in ("mission", "libelle", "definition", "source", "sens", "unite", "reference", "poids"):
                self.initial.setdefault(champ, getattr(indicateur, champ))
            for annee in self.annees:
                self.initial.setdefault(f"cible_{annee}", cibles.get(annee))
            if indicateur.national:
                for champ in ("mission", "libelle", "definition", "sens", "unite"):
                    self.fields[champ].disabled = True
                    self.fields[champ].required = False

    def donnees(self) -> dict[str, object]:
        return {
            nom: self.cleaned_data.get(nom)
            for nom in ("mission", "libelle", "definition", "source", "sens", "unite", "reference", "poids")
        }

    def cibles(self) -> dict[int, object]:
        return {annee: self.cleaned_data.get(f"cible_{annee}") for annee in self.annees}


class FormulaireValeur(Formulaire):
    annee = forms.TypedChoiceField(label="Année du contrat", coerce=int)
    valeur = forms.CharField(label="Valeur constatée", max_length=20)
    commentaire = forms.CharField(label="Commentaire", required=False, max_length=500)

    def __init__(self, *args: object, annees: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(annee, f"Année {annee}") for annee in annees]
        if annees:
            self.fields["annee"].initial = annees[-1]


class FormulaireDialogue(Formulaire):
    annee = forms.TypedChoiceField(label="Année du contrat examinée", coerce=int)
    date = ChampDate(label="Tenu le")
    participants = forms.CharField(
        label="Participants", widget=forms.Textarea(attrs={"rows": 2}), help_text="Pour la CPTS, la CPAM et l'ARS."
    )
    decisions = forms.CharField(label="Décisions", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    avenant_necessaire = forms.BooleanField(label="Un avenant est nécessaire", required=False)
    crise_survenue = forms.BooleanField(
        label="Une crise sanitaire grave est survenue dans l'année",
        required=False,
        help_text="Ouvre le volet variable de la mission crises sanitaires (avenant 2), sans lien avec l'atteinte.",
    )
    crise_le = ChampDate(label="Date de la crise", required=False, help_text="Dans l'année examinée.")
    taux_crise = forms.CharField(
        label="Taux retenu pour le volet variable crise",
        max_length=10,
        required=False,
        help_text="De 0 à 1 ; vide : 1 (100 %).",
    )
    compte_rendu = ChampPdf(label="Compte rendu")

    def __init__(
        self,
        *args: object,
        annees: list[int],
        missions_par_annee: list[str],
        dialogue: DialogueGestion | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.missions_constats = missions_par_annee
        self.fields["annee"].choices = [(annee, f"Année {annee}") for annee in annees]
        for code in missions_par_annee:
            self.fields[f"constat_{code}"] = forms.CharField(
                label=f"Constats : {missions.libelle_mission(code)}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if dialogue is not None:
            del self.fields["annee"], self.fields["date"]
            for champ in (
                "participants",
                "decisions",
                "avenant_necessaire",
                "crise_survenue",
                "crise_le",
                "taux_crise",
            ):
                self.initial.setdefault(champ, getattr(dialogue, champ))
            for bilan in dialogue.bilans.all():
                self.initial.setdefault(f"constat_{bilan.mission}", bilan.constat)

    def constats(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"constat_{code}") or ""
            for code in self.missions_constats
            if f"constat_{code}" in self.cleaned_data
        }


class FormulaireRetenir(Formulaire):
    taux = forms.CharField(label="Atteinte retenue", max_length=10, help_text="De 0 à 1 : 0,85 pour 85 %.")
    motif = forms.CharField(
        label="Motif",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire si l'atteinte retenue diffère de l'atteinte calculée.",
    )

    def __init__(self, *args: object, bilan: BilanMission, **kwargs: object) -> None:
        super().__init__(*args, prefix=f"bilan{bilan.pk}", **kwargs)
        valeur = bilan.taux_retenu if bilan.taux_retenu is not None else bilan.taux_calcule
        if valeur is not None:
            self.initial.setdefault("taux", f"{valeur.normalize():f}".replace(".", ","))
        self.initial.setdefault("motif", bilan.motif)
