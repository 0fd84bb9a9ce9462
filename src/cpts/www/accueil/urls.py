from django.urls import path

from cpts.www.accueil import views

urlpatterns = [path("", views.accueil, name="accueil")]
