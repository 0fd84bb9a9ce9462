from django.urls import path

from cpts.www.dossiers import rectification, views

app_name = "dossiers"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("export.<str:format>", views.export, name="export"),
    path("nouvelle/", views.creer, name="creer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/decision/", views.decider, name="decider"),
    path("<int:pk>/decisions/<int:decision_pk>/rectifier/", rectification.rectifier, name="rectifier_decision"),
    path("<int:pk>/membres/", views.liste_membres, name="membres"),
    path("<int:pk>/membres/ajouter/", views.membre, name="ajouter_membre"),
    path("<int:pk>/membres/importer/", views.importer_membres, name="importer_membres"),
    path("<int:pk>/membres/<int:membre_pk>/", views.membre, name="membre"),
    path("<int:pk>/membres/<int:membre_pk>/retirer/", views.retirer_membre, name="retirer_membre"),
    path("<int:pk>/documents/nouveau/<str:type_document>/", views.nouveau_document, name="nouveau_document"),
    path("<int:pk>/documents/<int:document_pk>/", views.document, name="document"),
    path("<int:pk>/documents/<int:document_pk>/versions/<int:numero>/", views.version, name="version"),
    path("<int:pk>/documents/<int:document_pk>/versions/<int:numero>.pdf", views.version_pdf, name="version_pdf"),
    path("<int:pk>/notes/", views.ecrire_note, name="ecrire_note"),
    path("<int:pk>/demandes/", views.demander, name="demander"),
    path("<int:pk>/demandes/<int:demande_pk>/repondre/", views.repondre, name="repondre"),
    path("<int:pk>/demandes/<int:demande_pk>/lever/", views.lever, name="lever"),
]
