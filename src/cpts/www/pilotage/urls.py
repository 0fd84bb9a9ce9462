from django.urls import path

from cpts.www.pilotage import views

app_name = "pilotage"
urlpatterns = [
    path("", views.index, name="index"),
    path("region/<str:code>/", views.tableau_de_bord, name="region"),
    path("tableau/<str:code>/", views.tableau, name="tableau"),
]
