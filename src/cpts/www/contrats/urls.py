from django.urls import path

from cpts.www.contrats import renouvellement, views

app_name = "contrats"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("alertes/", views.page_alertes, name="alertes"),
    path("versements/", views.versements_a_venir, name="versements"),
    path("signer/<int:cpts_pk>/", views.signer, name="signer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/contrat.pdf", views.document, name="document"),
    path("<int:pk>/contrat/deposer/", views.deposer_document, name="deposer_document"),
    path("<int:pk>/avenant/", views.avenant, name="avenant"),
    path("<int:pk>/renouveler/", renouvellement.renouveler, name="renouveler"),
    path("<int:pk>/echeancier/", views.echeancier, name="echeancier"),
    path("<int:pk>/versement/", views.payer, name="payer"),
    path("<int:pk>/indicateurs/", views.indicateurs, name="indicateurs"),
    path("<int:pk>/indicateurs/ajouter/", views.ajouter_indicateur, name="ajouter_indicateur"),
    path("<int:pk>/dialogues/", views.dialogues, name="dialogues"),
    path("mission/<int:pk>/", views.mission, name="mission"),
    path("avenant/<int:pk>/avenant.pdf", views.document_avenant, name="document_avenant"),
    path("avenant/<int:pk>/deposer/", views.deposer_document_avenant, name="deposer_document_avenant"),
    path("versement/<int:pk>/annuler/", views.annuler_paiement, name="annuler_paiement"),
    path("indicateur/<int:pk>/", views.modifier_indicateur, name="indicateur"),
    path("indicateur/<int:pk>/retirer/", views.supprimer_indicateur, name="supprimer_indicateur"),
    path("indicateur/<int:pk>/valeur/", views.declarer_valeur, name="declarer_valeur"),
    path("dialogue/<int:pk>/", views.dialogue, name="dialogue"),
    path("dialogue/<int:pk>/compte-rendu.pdf", views.compte_rendu, name="compte_rendu"),
    path("bilan/<int:pk>/retenir/", views.retenir, name="retenir"),
]
