"""Le formulaire d'un scénario de simulation : les nombres s'écrivent à la française (« 45 000 », « 0,85 »,
« 85 % »), les dates JJ/MM/AAAA ; les règles elles-mêmes restent vérifiées par `cpts.regles`."""

from decimal import Decimal

from django import forms

from cpts.contrats import missions
from cpts.contrats.enums import OptionContrat
from cpts.financement.simulation import Scenario, textes_financiers
from cpts.www.contrats.forms import FormulaireMissions
from cpts.www.formulaires import AIDE_DATE, ChampDate, ChampEntier, ChampTaux

ANNEES_DE_CONTRAT = [(str(annee), f"Année {annee}") for annee in range(1, 6)]


class FormulaireScenario(FormulaireMissions):
    population = ChampEntier(
        label="Population couverte",
        help_text="En habitants ; elle donne la taille : 1 sous 40 000, 2 sous 80 000, 3 sous 175 000, 4 au-delà.",
    )
    signature = ChampDate(
        label="Date de signature du contrat",
        help_text=f"{AIDE_DATE} ; les montants annuels sont ceux du texte en vigueur ce jour-là.",
    )
    texte = forms.ChoiceField(label="Texte appliqué", required=False)
    membres = ChampEntier(
        label="Membres adhérents",
        required=False,
        help_text="Une CPTS de taille 4 d'au moins 100 membres adhérents a 10 % de plus sur chaque mission.",
    )
    atteinte = ChampTaux(
        label="Taux d'atteinte des objectifs",
        required=False,
        help_text="Pour le volet variable de chaque mission : 85 % ou 0,85 (100 % si vide).",
    )
    crises = forms.MultipleChoiceField(
        label="Années de contrat où survient une crise sanitaire grave",
        choices=ANNEES_DE_CONTRAT,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    options = forms.MultipleChoiceField(
        label="Enveloppes conditionnelles choisies",
        choices=OptionContrat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Dues dès la signature, seulement sous un texte qui les prévoit.",
    )

    def __init__(self, *args: object, cochees: set[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["texte"].choices = [("", "Le texte en vigueur à chaque date"), *textes_financiers()]
        self.ajouter_missions(missions.codes(), cochees, "vide : à la signature")

    def clean(self) -> dict[str, object]:
        donnees = super().clean()
        signature = donnees.get("signature")
        for code, demarrage in self.missions_choisies().items():
            if signature and demarrage and demarrage < signature:
                self.add_error(f"demarrage_{code}", "Une mission démarre au plus tôt à la signature du contrat.")
        return donnees

    def scenario(self) -> Scenario:
        donnees = self.cleaned_data
        return Scenario(
            population=donnees["population"],
            signature=donnees["signature"],
            missions=self.missions_choisies(),
            membres=donnees["membres"] or 0,
            atteinte=Decimal(1) if donnees["atteinte"] is None else donnees["atteinte"],
            crises=frozenset(int(annee) for annee in donnees["crises"]),
            texte=donnees["texte"] or None,
            options=frozenset(donnees["options"]),
        )
