from django.urls import path

from cpts.www.commission import views

app_name = "commission"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("decisions/", views.decisions, name="decisions"),
    path("region/<str:region>/", views.commission, name="commission"),
    path("region/<str:region>/composition/", views.nouvelle_composition, name="nouvelle_composition"),
    path("region/<str:region>/presidence/", views.designer_president, name="designer_president"),
    path("region/<str:region>/reunion/", views.nouvelle_reunion, name="nouvelle_reunion"),
    path("composition/<int:pk>/", views.composition, name="composition"),
    path("composition/<int:pk>/siege/", views.ajouter_siege, name="ajouter_siege"),
    path("composition/<int:pk>/verifier/", views.verifier_siege, name="verifier_siege"),
    path("siege/<int:pk>/", views.modifier_siege, name="modifier_siege"),
    path("siege/<int:pk>/supprimer/", views.supprimer_siege, name="supprimer_siege"),
    path("reunion/<int:pk>/", views.reunion, name="reunion"),
    path("reunion/<int:pk>/convoquer/", views.convoquer, name="convoquer"),
    path("reunion/<int:pk>/ordre-du-jour/", views.envoyer_ordre_du_jour, name="envoyer_ordre_du_jour"),
    path("reunion/<int:pk>/point/", views.ajouter_point, name="ajouter_point"),
    path("reunion/<int:pk>/emargement/", views.emargement, name="emargement"),
    path("reunion/<int:pk>/ouvrir/", views.ouvrir_seance, name="ouvrir_seance"),
    path("reunion/<int:pk>/lever/", views.lever_seance, name="lever_seance"),
    path("reunion/<int:pk>/publier/", views.publier_releve, name="publier_releve"),
    path("reunion/<int:pk>/annuler/", views.annuler, name="annuler"),
    path("reunion/<int:pk>/releve/", views.releve, name="releve"),
    path("reunion/<int:pk>/releve.pdf", views.releve_en_pdf, name="releve_pdf"),
    path("point/<int:pk>/decision/", views.decision, name="decision"),
    path("point/<int:pk>/scrutin/", views.ouvrir_scrutin, name="ouvrir_scrutin"),
    path("scrutin/<int:pk>/", views.scrutin, name="scrutin"),
    path("scrutin/<int:pk>/voter/", views.voter, name="voter"),
    path("scrutin/<int:pk>/clore/", views.clore_scrutin, name="clore_scrutin"),
]
