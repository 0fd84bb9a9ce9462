from django.urls import path

from cpts.www.territoires import views

app_name = "territoires"

urlpatterns = [
    path("composer/", views.composer, name="composer"),
    path("cpts/<int:pk>/composer/", views.composer, name="composer_cpts"),
    path("cpts/<int:pk>/composer/enregistrer/", views.enregistrer, name="enregistrer"),
    path("cpts/<int:pk>/territoire.geojson", views.territoire_geojson, name="territoire_geojson"),
    path("region/<str:code>/", views.carte_region, name="carte_region"),
    path("region/<str:code>/territoires.geojson", views.region_geojson, name="region_geojson"),
    path("couverture/", views.couverture, name="couverture"),
    *(path(f"composer/{route}", vue, name=nom) for nom, (route, vue) in views.ACTIONS.items()),
    *(path(f"cpts/<int:pk>/composer/{route}", vue, name=f"{nom}_cpts") for nom, (route, vue) in views.ACTIONS.items()),
]
