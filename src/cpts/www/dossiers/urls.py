from django.urls import path

from cpts.www.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("<int:pk>/", views.detail, name="detail"),
]
