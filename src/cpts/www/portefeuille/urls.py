from django.urls import path

from cpts.www.portefeuille import suivi, views

app_name = "portefeuille"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("confirmer/", views.confirmer, name="confirmer"),
    path("import/<int:pk>/", suivi.suivi, name="suivi"),
    path("modele.<str:format>", views.modele, name="modele"),
    path("export.<str:format>", views.exporter, name="export"),
]
