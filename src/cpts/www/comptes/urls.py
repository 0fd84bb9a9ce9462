from django.urls import path

from cpts.www.comptes import invitations, oidc

urlpatterns = [
    # Remplace la déconnexion de Django : elle se termine chez le fournisseur d'identité s'il y en a un.
    path("logout/", oidc.deconnexion, name="logout"),
    path("oidc/<slug:fournisseur>/", oidc.demarrer, name="oidc_demarrer"),
    path("oidc/<slug:fournisseur>/retour/", oidc.retour, name="oidc_retour"),
]

urlpatterns += [
    path("invitations/", invitations.liste, name="invitations"),
    path("invitations/coordinateur/", invitations.inviter, {"genre": "coordinateur"}, name="inviter_coordinateur"),
    path("invitations/membre-cpr/", invitations.inviter, {"genre": "membre_cpr"}, name="inviter_membre_cpr"),
    path("invitations/agent/", invitations.inviter, {"genre": "agent"}, name="inviter_agent"),
    path("invitation/<str:jeton>/", invitations.accepter, name="accepter_invitation"),
]
