from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from cpts.comptes.models import Utilisateur


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "role", "region", "is_active")
    list_filter = ("role", "region", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Rôle et périmètre", {"fields": ("role", "region", "departements", "cpts")}),
    )
    filter_horizontal = ("cpts",)
