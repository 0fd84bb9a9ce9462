from django.urls import path

from cpts.www.diagnostic import views

app_name = "diagnostic"

urlpatterns = [
    path("cpts/<int:pk>/", views.profil_cpts, name="cpts"),
    path("composition/", views.profil_composition, name="composition"),
    path("composition/cpts/<int:pk>/", views.profil_composition, name="composition_cpts"),
    path("indicateurs/", views.indicateurs, name="indicateurs"),
]
