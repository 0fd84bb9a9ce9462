from django.urls import path

from cpts.www.portefeuille import views

app_name = "portefeuille"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("confirmer/", views.confirmer, name="confirmer"),
    path("modele.<str:format>", views.modele, name="modele"),
    path("export.<str:format>", views.exporter, name="export"),
]
