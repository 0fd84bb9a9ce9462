from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("cpts.www.accueil.urls")),
    path("comptes/", include("django.contrib.auth.urls")),
    path("cpts/", include("cpts.www.dossiers.urls")),
    path("territoires/", include("cpts.www.territoires.urls")),
    path("commission/", include("cpts.www.commission.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "cpts.www.erreurs.interdit"
handler404 = "cpts.www.erreurs.introuvable"
handler500 = "cpts.www.erreurs.erreur_serveur"
