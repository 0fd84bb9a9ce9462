"""Le groupe de champ de saisie du DSFR et les widgets courants de Django, écrits en Python par le rendu des formulaires
(`cpts.www.rendu`), s'écrivent au caractère près comme les gabarits qu'ils remplacent : mêmes attributs, même
échappement, mêmes blancs, erreurs et aides comprises."""

from pathlib import Path
from unittest import mock

import django
import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils.safestring import mark_safe
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates

from cpts.www import rendu
from cpts.www.comptes.views import FormulaireJeton
from cpts.www.formulaires import ChampDate, ChampNombre, ListeDeroulante

GROUPES = [("", "Aucune"), ("Occitanie <sud>", [(3, "CPTS 09-001"), (4, "CPTS l'Ariège")]), (1500, 2500)]


class Formulaire(DsfrBaseForm):
    nom = forms.CharField(label="Nom « <b>gras</b> » & co", max_length=20, help_text="Aide <em>déjà écrite</em> & sûre")
    courriel = forms.EmailField(label="Courriel", required=False)
    nombre = forms.IntegerField(label="Nombre", min_value=0, initial=1200)
    montant = ChampNombre(label="Montant", required=False)
    debut = ChampDate(label="Début", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    site = forms.URLField(
        label="Site", assume_scheme="https", required=False, disabled=True, initial="https://exemple.fr/?a=1&b=<2>"
    )
    secret = forms.CharField(label="Secret", widget=forms.PasswordInput(render_value=True))
    taille = forms.TypedChoiceField(label="Taille", coerce=int, choices=[(1, "1"), (2, "2 <deux>")], initial=2)
    region = forms.ChoiceField(label="Région", choices=GROUPES, required=False)
    cpts = forms.ChoiceField(label="CPTS", choices=[(1, mark_safe("<em>sûre</em>"))], widget=ListeDeroulante)
    texte = forms.CharField(label="Texte", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    accord = forms.BooleanField(label="J'accepte", required=False)
    cache = forms.CharField(widget=forms.HiddenInput, initial="x&y")


DONNEES_REFUSEES = {
    "nom": "<script>beaucoup trop long pour ce champ",
    "courriel": "pas un courriel",
    "nombre": "-3",
    "montant": "douze",
    "secret": "s3cr&t",
    "taille": "9",
    "region": "4",
    "texte": "ligne 1\n<ligne 2> & fin",
    "accord": "on",
}


def par_gabarits(formulaire: type[forms.Form], **kwargs: object) -> forms.Form:
    return formulaire(renderer=DsfrDjangoTemplates(), **kwargs)


def ecrit(formulaire: type[forms.Form], **kwargs: object) -> forms.Form:
    return formulaire(renderer=rendu.RenduDsfr(), **kwargs)


@pytest.mark.parametrize("donnees", [None, DONNEES_REFUSEES], ids=["formulaire vide", "formulaire refusé"])
@pytest.mark.parametrize("nom", list(Formulaire.base_fields))
def test_chaque_champ_s_ecrit_comme_par_les_gabarits(donnees: dict[str, str] | None, nom: str) -> None:
    attendu = par_gabarits(Formulaire, data=donnees)[nom]
    obtenu = ecrit(Formulaire, data=donnees)[nom]
    assert str(obtenu.as_field_group()) == str(attendu.as_field_group())
    assert str(obtenu) == str(attendu)


def test_un_formulaire_refuse_garde_ses_erreurs_et_leur_lien_aria() -> None:
    groupe = str(ecrit(Formulaire, data=DONNEES_REFUSEES)["nombre"].as_field_group())
    assert 'class="fr-input-group fr-input-group--error"' in groupe
    assert 'aria-invalid="true" aria-describedby="id_nombre-desc-error"' in groupe
    assert '<div id="id_nombre-desc-error">' in groupe


def test_le_formulaire_de_la_plus_petite_page_ne_traverse_aucun_gabarit() -> None:
    formulaire = FormulaireJeton()
    assert isinstance(formulaire.renderer, rendu.RenduDsfr)
    with mock.patch.object(DsfrDjangoTemplates, "render", side_effect=AssertionError("gabarit rendu")):
        html = "".join(str(champ.as_field_group()) for champ in formulaire.visible_fields())
    assert '<option value="90" selected>90 jours</option>' in html


def test_un_gabarit_que_le_rendu_n_ecrit_pas_passe_par_le_moteur() -> None:
    champ = ecrit(Formulaire)["accord"]
    assert champ.template_name not in rendu.ECRITS
    assert 'class="fr-checkbox-group' in str(champ.as_field_group())


def test_une_option_a_gabarit_propre_fait_rendre_toute_la_liste_par_le_moteur() -> None:
    class Option(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Option(choices=[(1, "un")])
    assert widget.render("x", 1, renderer=rendu.RenduDsfr()) == widget.render("x", 1, renderer=DsfrDjangoTemplates())


@pytest.mark.parametrize("gabarit", sorted(rendu.SAISIES))
def test_les_saisies_ecrites_sont_bien_celles_qui_incluent_le_gabarit_de_saisie(gabarit: str) -> None:
    # Un gabarit de Django qui changerait (nouvelle version) ne serait plus remplacé en silence.
    source = Path(django.__file__).parent / "forms" / "templates" / gabarit
    assert source.read_text().strip() == '{% include "django/forms/widgets/input.html" %}'


def test_le_rendu_des_formulaires_est_construit_une_fois_par_processus() -> None:
    assert get_default_renderer() is get_default_renderer()
    assert isinstance(get_default_renderer(), rendu.RenduDsfr)
