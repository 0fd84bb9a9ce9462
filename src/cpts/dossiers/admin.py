from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cpts.dossiers.models import Cpts, DecisionEtape, DemandeComplement, Depot, Document, Membre


@admin.register(Cpts)
class CptsAdmin(SimpleHistoryAdmin):
    list_display = ("nom", "departement", "region", "etape")
    list_filter = ("region", "departement", "etape")
    search_fields = ("nom", "association_nom", "siret")
    # L'étape ne change que par une décision enregistrée (page de la CPTS) : jamais à la main.
    readonly_fields = ("etape", "etape_depuis")

    def has_change_permission(self, request: object, obj: Cpts | None = None) -> bool:
        # Un projet abandonné ou fusionné est clos : lecture seule, ici comme partout.
        return super().has_change_permission(request, obj) and not (obj is not None and obj.fermee)


@admin.register(Membre)
class MembreAdmin(SimpleHistoryAdmin):
    list_display = ("nom", "prenom", "type", "profession", "cpts")
    list_filter = ("type", "profession")
    search_fields = ("nom", "prenom", "rpps")


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ("cpts", "type", "titre", "modifie_le")
    list_filter = ("type",)


class LectureSeule(admin.ModelAdmin):
    """Les décisions et versions déposées font foi : lecture seule, même pour l'administrateur."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(DecisionEtape)
class DecisionEtapeAdmin(LectureSeule):
    list_display = ("cpts", "transition", "date", "instance", "enregistre_par")
    list_filter = ("transition", "instance")


@admin.register(Depot)
class DepotAdmin(LectureSeule):
    list_display = ("document", "numero", "depose_le", "depose_par")


@admin.register(DemandeComplement)
class DemandeComplementAdmin(SimpleHistoryAdmin):
    list_display = ("objet", "cpts", "statut", "echeance")
    list_filter = ("statut",)
