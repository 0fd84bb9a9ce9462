from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cpts.commission.models import Commission, Composition, Reunion, Siege


class SiegeEnLigne(admin.TabularInline):
    model = Siege
    extra = 0
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
        "ordre",
    ]


@admin.register(Commission)
class CommissionAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "region", "date_installation"]


@admin.register(Composition)
class CompositionAdmin(SimpleHistoryAdmin):
    list_display = ["commission", "date_effet", "source"]
    list_filter = ["commission"]
    inlines = [SiegeEnLigne]


@admin.register(Reunion)
class ReunionAdmin(SimpleHistoryAdmin):
    list_display = ["commission", "date", "etat"]
    list_filter = ["commission", "etat"]
    # Les états et leurs dates passent par la machine à états (services) : pas de modification directe ici.
    readonly_fields = ["etat", "convocation_envoyee_le", "ordre_du_jour_envoye_le", "releve_publie_le"]
