from django.urls import path

from cpts.www.comptes import oidc

urlpatterns = [
    # Remplace la déconnexion de Django : elle se termine chez le fournisseur d'identité s'il y en a un.
    path("logout/", oidc.deconnexion, name="logout"),
    path("oidc/<slug:fournisseur>/", oidc.demarrer, name="oidc_demarrer"),
    path("oidc/<slug:fournisseur>/retour/", oidc.retour, name="oidc_retour"),
]
