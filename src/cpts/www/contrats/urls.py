from django.urls import path

from cpts.www.contrats.views import contrat, dialogues, echeancier, indicateurs, listes, renouvellement, signature

app_name = "contrats"
urlpatterns = [
    path("", listes.liste, name="liste"),
    path("alertes/", listes.page_alertes, name="alertes"),
    path("versements/", listes.versements_a_venir, name="versements"),
    path("signer/<int:cpts_pk>/", signature.signer, name="signer"),
    path("<int:pk>/", contrat.detail, name="detail"),
    path("<int:pk>/contrat.pdf", contrat.document, name="document"),
    path("<int:pk>/contrat/deposer/", contrat.deposer_document, name="deposer_document"),
    path("<int:pk>/avenant/", contrat.avenant, name="avenant"),
    path("<int:pk>/renouveler/", renouvellement.renouveler, name="renouveler"),
    path("<int:pk>/echeancier/", echeancier.echeancier, name="echeancier"),
    path("<int:pk>/versement/", echeancier.payer, name="payer"),
    path("<int:pk>/indicateurs/", indicateurs.indicateurs, name="indicateurs"),
    path("<int:pk>/indicateurs/ajouter/", indicateurs.ajouter_indicateur, name="ajouter_indicateur"),
    path("<int:pk>/dialogues/", dialogues.dialogues, name="dialogues"),
    path("mission/<int:pk>/", contrat.mission, name="mission"),
    path("avenant/<int:pk>/avenant.pdf", contrat.document_avenant, name="document_avenant"),
    path("avenant/<int:pk>/deposer/", contrat.deposer_document_avenant, name="deposer_document_avenant"),
    path("versement/<int:pk>/annuler/", echeancier.annuler_paiement, name="annuler_paiement"),
    path("indicateur/<int:pk>/", indicateurs.modifier_indicateur, name="indicateur"),
    path("indicateur/<int:pk>/retirer/", indicateurs.supprimer_indicateur, name="supprimer_indicateur"),
    path("indicateur/<int:pk>/valeur/", indicateurs.declarer_valeur, name="declarer_valeur"),
    path("dialogue/<int:pk>/", dialogues.dialogue, name="dialogue"),
    path("dialogue/<int:pk>/compte-rendu.pdf", dialogues.compte_rendu, name="compte_rendu"),
    path("bilan/<int:pk>/retenir/", dialogues.retenir, name="retenir"),
]
