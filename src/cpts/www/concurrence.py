"""La révision lue, portée par les formulaires de modification (champ caché), et l'affichage d'un conflit."""

from django import forms

from cpts.concurrence import ModificationConcurrente, Revisionne

RELIRE = "La version de la page que vous avez lue est inconnue : rechargez la page puis enregistrez à nouveau."


def suivre_revision(formulaire: forms.BaseForm, objet: Revisionne) -> None:
    """Ajoute au formulaire, en champ caché, la révision de l'objet affiché ; la page la renvoie à l'enregistrement."""
    formulaire.fields["revision"] = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        initial=objet.revision,
        error_messages={"required": RELIRE, "invalid": RELIRE, "min_value": RELIRE},
    )


def signaler_conflit(formulaire: forms.BaseForm, conflit: ModificationConcurrente) -> None:
    """Garde la saisie et montre le conflit ; la révision cachée devient l'actuelle, pour enregistrer à nouveau
    en connaissance de cause."""
    formulaire.data = formulaire.data.copy()
    formulaire.data[formulaire.add_prefix("revision")] = str(conflit.revision)
    for message in [conflit.message, *conflit.details]:
        formulaire.add_error(None, message)
