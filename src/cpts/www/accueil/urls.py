from django.urls import path

from cpts.www.accueil import views

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
]
