from django.urls import path

from cpts.www.commission.views import compositions, releves, reunions, scrutins

app_name = "commission"
urlpatterns = [
    path("", compositions.liste, name="liste"),
    path("decisions/", releves.decisions, name="decisions"),
    path("region/<str:region>/", compositions.commission, name="commission"),
    path("region/<str:region>/composition/", compositions.nouvelle_composition, name="nouvelle_composition"),
    path("region/<str:region>/presidence/", compositions.designer_president, name="designer_president"),
    path("region/<str:region>/reunion/", reunions.nouvelle_reunion, name="nouvelle_reunion"),
    path("composition/<int:pk>/", compositions.composition, name="composition"),
    path("composition/<int:pk>/siege/", compositions.ajouter_siege, name="ajouter_siege"),
    path("composition/<int:pk>/verifier/", compositions.verifier_siege, name="verifier_siege"),
    path("siege/<int:pk>/", compositions.modifier_siege, name="modifier_siege"),
    path("siege/<int:pk>/supprimer/", compositions.supprimer_siege, name="supprimer_siege"),
    path("reunion/<int:pk>/", reunions.reunion, name="reunion"),
    path("reunion/<int:pk>/convoquer/", reunions.convoquer, name="convoquer"),
    path("reunion/<int:pk>/ordre-du-jour/", reunions.envoyer_ordre_du_jour, name="envoyer_ordre_du_jour"),
    path("reunion/<int:pk>/point/", reunions.ajouter_point, name="ajouter_point"),
    path("reunion/<int:pk>/emargement/", reunions.emargement, name="emargement"),
    path("reunion/<int:pk>/ouvrir/", reunions.ouvrir_seance, name="ouvrir_seance"),
    path("reunion/<int:pk>/lever/", reunions.lever_seance, name="lever_seance"),
    path("reunion/<int:pk>/publier/", reunions.publier_releve, name="publier_releve"),
    path("reunion/<int:pk>/annuler/", reunions.annuler, name="annuler"),
    path("reunion/<int:pk>/releve/", releves.releve, name="releve"),
    path("reunion/<int:pk>/releve.pdf", releves.releve_en_pdf, name="releve_pdf"),
    path("point/<int:pk>/decision/", reunions.decision, name="decision"),
    path("point/<int:pk>/scrutin/", scrutins.ouvrir_scrutin, name="ouvrir_scrutin"),
    path("scrutin/<int:pk>/", scrutins.scrutin, name="scrutin"),
    path("scrutin/<int:pk>/voter/", scrutins.voter, name="voter"),
    path("scrutin/<int:pk>/clore/", scrutins.clore_scrutin, name="clore_scrutin"),
]
