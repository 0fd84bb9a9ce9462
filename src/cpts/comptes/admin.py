from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from cpts.comptes.models import IdentiteExterne, Invitation, Utilisateur


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "role", "region", "is_active")
    list_filter = ("role", "region", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Rôle et périmètre", {"fields": ("role", "region", "departements", "cpts")}),
    )
    filter_horizontal = ("cpts",)


@admin.register(IdentiteExterne)
class IdentiteExterneAdmin(admin.ModelAdmin):
    """Un administrateur voit les identités liées et peut en délier une (la personne se reliera par son adresse)."""

    list_display = ("utilisateur", "fournisseur", "email", "liee_le", "derniere_connexion")
    list_filter = ("fournisseur",)
    readonly_fields = ("utilisateur", "fournisseur", "sujet", "email", "liee_le", "derniere_connexion")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Les invitations se créent depuis leurs pages (contrôle du périmètre) ; ici on les consulte ou les retire."""

    list_display = ("email", "role", "invite_par", "cree_le", "expire_le", "acceptee_le")
    list_filter = ("role",)
    readonly_fields = [champ.name for champ in Invitation._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
