from django.urls import path

from cpts.www.portefeuille import progression, views

app_name = "portefeuille"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("confirmer/", views.confirmer, name="confirmer"),
    path("import/<str:jeton>/", progression.progression, name="progression"),
    path("import/<str:jeton>/rapport/", progression.rapport, name="rapport"),
    path("modele.<str:format>", views.modele, name="modele"),
    path("export.<str:format>", views.exporter, name="export"),
]
