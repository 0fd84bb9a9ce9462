from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cpts.dossiers.models import Cpts


@admin.register(Cpts)
class CptsAdmin(SimpleHistoryAdmin):
    list_display = ("nom", "departement", "region")
    list_filter = ("region", "departement")
    search_fields = ("nom",)
