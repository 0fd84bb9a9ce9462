"""Pages des invitations : inviter (selon son rôle), suivre ses invitations, accepter un lien reçu par courriel."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from dsfr.forms import DsfrBaseForm

from cpts.commission.models import Siege
from cpts.comptes import invitations
from cpts.comptes.authentification import MOTEUR
from cpts.comptes.droits import Action, filtrer
from cpts.comptes.models import Invitation, PlaceSiege, Utilisateur
from cpts.comptes.roles import Role
from cpts.dossiers.models import Cpts

# Le lien d'invitation ouvert sans compte : une connexion par ProConnect ou Pro Santé Connect peut l'accepter ensuite.
CLE_INVITATION = "invitation_en_cours"


class FormulaireCoordinateur(DsfrBaseForm):
    email = forms.EmailField(label="Adresse électronique du coordinateur")
    cpts = forms.ModelChoiceField(label="CPTS", queryset=Cpts.objects.none())

    def __init__(self, inviteur: Utilisateur, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cpts"].queryset = filtrer(inviteur, Cpts.objects.order_by("nom"), Action.INSTRUIRE)

    def inviter(self, inviteur: Utilisateur) -> tuple[Invitation, str]:
        return invitations.inviter_coordinateur(inviteur, self.cleaned_data["email"], self.cleaned_data["cpts"])


class FormulaireMembreCpr(DsfrBaseForm):
    email = forms.EmailField(label="Adresse électronique du membre")
    siege = forms.ModelChoiceField(label="Siège", queryset=Siege.objects.none())
    place = forms.ChoiceField(label="Place", choices=PlaceSiege.choices)

    def __init__(self, inviteur: Utilisateur, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sieges = Siege.objects.select_related("composition__commission")
        self.fields["siege"].queryset = filtrer(inviteur, sieges, Action.SECRETARIAT_CPR)

    def inviter(self, inviteur: Utilisateur) -> tuple[Invitation, str]:
        donnees = self.cleaned_data
        return invitations.inviter_membre_cpr(inviteur, donnees["email"], donnees["siege"], donnees["place"])


class FormulaireAgent(DsfrBaseForm):
    email = forms.EmailField(label="Adresse électronique de l'agent")
    role = forms.ChoiceField(label="Rôle", choices=[(Role.AGENT_ARS, "Agent ARS"), (Role.AGENT_CPAM, "Agent CPAM")])
    region = forms.CharField(
        label="Région du périmètre", required=False, max_length=3, help_text="Code INSEE (ex. 84)."
    )
    departements = forms.CharField(
        label="Ou départements du périmètre", required=False, help_text="Codes séparés par des virgules (ex. 69, 42)."
    )

    def __init__(self, inviteur: Utilisateur, *args: Any, **kwargs: Any) -> None:
        # Même signature que les autres formulaires d'invitation : un administrateur n'a pas de choix à restreindre.
        super().__init__(*args, **kwargs)

    def inviter(self, inviteur: Utilisateur) -> tuple[Invitation, str]:
        donnees = self.cleaned_data
        departements = [code.strip() for code in donnees["departements"].split(",") if code.strip()]
        return invitations.inviter_agent(
            inviteur, donnees["email"], donnees["role"], donnees["region"].strip(), departements
        )


# type de formulaire → (titre, qui peut l'ouvrir)
GENRES: dict[str, tuple[type[Any], str, Callable[[Utilisateur], bool]]] = {
    "coordinateur": (FormulaireCoordinateur, "Inviter un coordinateur de CPTS", invitations.peut_inviter_coordinateurs),
    "membre_cpr": (FormulaireMembreCpr, "Inviter un membre de la CPR", invitations.peut_inviter_membres_cpr),
    "agent": (FormulaireAgent, "Inviter un agent ARS ou CPAM", invitations.peut_inviter_agents),
}


@login_required
def liste(request: HttpRequest) -> HttpResponse:
    possibles = [
        (reverse(f"inviter_{genre}"), titre) for genre, (_, titre, peut) in GENRES.items() if peut(request.user)
    ]
    envoyees = list(request.user.invitations_envoyees.select_related("cpts", "siege", "compte"))
    courriels = invitations.courriels_de(envoyees)
    envoyees = [
        (invitation, invitations.perimetre_lisible(invitation), courriels.get(invitation.pk)) for invitation in envoyees
    ]
    contexte = {"possibles": possibles, "envoyees": envoyees, "duree_jours": settings.INVITATION_DUREE.days}
    return render(request, "comptes/invitations.html", contexte)


@login_required
def inviter(request: HttpRequest, genre: str) -> HttpResponse:
    Formulaire, titre, peut = GENRES[genre]
    if not peut(request.user):
        raise PermissionDenied("Votre rôle ne permet pas cette invitation.")
    formulaire = Formulaire(request.user, request.POST or None)
    if request.method == "POST" and formulaire.is_valid():
        try:
            # L'invitation et son courriel naissent ensemble : le courriel part ensuite par le travailleur.
            with transaction.atomic():
                invitation, jeton = formulaire.inviter(request.user)
                lien = request.build_absolute_uri(reverse("accepter_invitation", args=[jeton]))
                invitations.envoyer(invitation, lien)
        except ValidationError as refus:
            formulaire.add_error(None, refus)
        else:
            messages.success(request, f"Invitation envoyée à {invitation.email}.")
            return redirect("invitations")
    return render(request, "comptes/inviter.html", {"formulaire": formulaire, "titre": titre})


class FormulaireNouveauCompte(DsfrBaseForm):
    identifiant = forms.CharField(label="Identifiant", max_length=150, help_text="Pour vous connecter ensuite.")
    mot_de_passe = forms.CharField(
        label="Mot de passe", widget=forms.PasswordInput, help_text="Au moins 10 caractères."
    )
    confirmation = forms.CharField(label="Confirmation du mot de passe", widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        donnees = super().clean()
        if donnees.get("mot_de_passe") != donnees.get("confirmation"):
            raise ValidationError("Les deux mots de passe ne sont pas identiques.")
        return donnees


def accepter(request: HttpRequest, jeton: str) -> HttpResponse:
    try:
        invitation = invitations.lire(jeton)
    except ValidationError as refus:
        # Comme le lien périmé de « mot de passe oublié » : une page qui explique, pas une erreur du serveur.
        return _refus(request, refus, status=200 if request.method == "GET" else 400)
    connecte = request.user.is_authenticated
    if not connecte:
        request.session[CLE_INVITATION] = jeton
    formulaire = None if connecte else FormulaireNouveauCompte(request.POST or None)
    if request.method == "POST" and (formulaire is None or formulaire.is_valid()):
        try:
            if formulaire is None:
                invitations.accepter_avec_compte(jeton, request.user)
            else:
                donnees = formulaire.cleaned_data
                utilisateur = invitations.accepter_avec_nouveau_compte(
                    jeton, donnees["identifiant"], donnees["mot_de_passe"]
                )
                login(request, utilisateur, backend=MOTEUR)
        except ValidationError as refus:
            if formulaire is None:
                return _refus(request, refus, status=400)
            formulaire.add_error(None, refus)
        else:
            messages.success(request, "Invitation acceptée : votre compte a maintenant ses droits.")
            return redirect("accueil")
    contexte = {
        "invitation": invitation,
        "perimetre": invitations.perimetre_lisible(invitation),
        "formulaire": formulaire,
        "next": request.path,
    }
    return render(request, "comptes/accepter_invitation.html", contexte)


def _refus(request: HttpRequest, refus: ValidationError, status: int) -> HttpResponse:
    return render(request, "comptes/invitation_refusee.html", {"message": " ".join(refus.messages)}, status=status)
