from django.urls import path

from cpts.www.courriels import views

app_name = "courriels"
urlpatterns = [
    path("desabonnement/<str:jeton>/", views.desabonnement, name="desabonnement"),
]
