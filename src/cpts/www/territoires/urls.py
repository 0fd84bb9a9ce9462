from django.urls import path

from cpts.www.territoires import views

app_name = "territoires"

# Chaque action du compositeur existe en composition libre (simulation) et pour une CPTS.
ACTIONS = [
    ("recherche/", views.recherche, "recherche"),
    ("ajouter/", views.ajouter, "ajouter"),
    ("ajouter-epci/", views.ajouter_epci, "ajouter_epci"),
    ("retirer/", views.retirer, "retirer"),
    ("vider/", views.vider, "vider"),
    ("importer/", views.importer_fichier, "importer"),
    ("carte/", views.carte_composition, "carte"),
    ("export.<str:format>", views.export, "export"),
]

urlpatterns = [
    path("composer/", views.composer, name="composer"),
    path("cpts/<int:pk>/composer/", views.composer, name="composer_cpts"),
    path("cpts/<int:pk>/composer/enregistrer/", views.enregistrer, name="enregistrer"),
    path("cpts/<int:pk>/territoire.geojson", views.territoire_geojson, name="territoire_geojson"),
    path("region/<str:code>/", views.carte_region, name="carte_region"),
    path("region/<str:code>/territoires.geojson", views.region_geojson, name="region_geojson"),
    path("couverture/", views.couverture, name="couverture"),
    *(path(f"composer/{route}", vue, name=nom) for route, vue, nom in ACTIONS),
    *(path(f"cpts/<int:pk>/composer/{route}", vue, name=f"{nom}_cpts") for route, vue, nom in ACTIONS),
]
