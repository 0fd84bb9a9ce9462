from django.urls import path

from cpts.www.diagnostic import projet, views

app_name = "diagnostic"

urlpatterns = [
    path("cpts/<int:pk>/", views.profil_cpts, name="cpts"),
    path("composition/", views.profil_composition, name="composition"),
    path("composition/cpts/<int:pk>/", views.profil_composition, name="composition_cpts"),
    path("indicateurs/", views.indicateurs, name="indicateurs"),
    path("cpts/<int:pk>/projet-de-sante/", projet.projet_de_sante, name="projet_de_sante"),
    path(
        "cpts/<int:pk>/documents/<int:document_pk>/versions/<int:numero>/profil/",
        projet.profil_fige,
        name="profil_fige",
    ),
]
