from django.urls import path

from cpts.www.simulation import views

app_name = "simulation"
urlpatterns = [
    path("", views.libre, name="libre"),
    path("export.<str:format>", views.export_libre, name="export"),
    path("cpts/<int:pk>/", views.pour_cpts, name="cpts"),
    path("cpts/<int:pk>/export.<str:format>", views.export_cpts, name="export_cpts"),
]
