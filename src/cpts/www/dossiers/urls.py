from django.urls import path

from cpts.www.dossiers import rectification
from cpts.www.dossiers.views import documents, fiche, instruction, membres, registre

app_name = "dossiers"
urlpatterns = [
    path("", registre.liste, name="liste"),
    path("export.<str:format>", registre.export, name="export"),
    path("nouvelle/", registre.creer, name="creer"),
    path("<int:pk>/", fiche.detail, name="detail"),
    path("<int:pk>/modifier/", fiche.modifier, name="modifier"),
    path("<int:pk>/decision/", fiche.decider, name="decider"),
    path("<int:pk>/decisions/<int:decision_pk>/rectifier/", rectification.rectifier, name="rectifier_decision"),
    path("<int:pk>/membres/", membres.liste_membres, name="membres"),
    path("<int:pk>/membres/ajouter/", membres.membre, name="ajouter_membre"),
    path("<int:pk>/membres/importer/", membres.importer_membres, name="importer_membres"),
    path("<int:pk>/membres/<int:membre_pk>/", membres.membre, name="membre"),
    path("<int:pk>/membres/<int:membre_pk>/retirer/", membres.retirer_membre, name="retirer_membre"),
    path("<int:pk>/documents/nouveau/<str:type_document>/", documents.nouveau_document, name="nouveau_document"),
    path("<int:pk>/documents/<int:document_pk>/", documents.document, name="document"),
    path("<int:pk>/documents/<int:document_pk>/versions/<int:numero>/", documents.version, name="version"),
    path("<int:pk>/documents/<int:document_pk>/versions/<int:numero>.pdf", documents.version_pdf, name="version_pdf"),
    path("<int:pk>/notes/", instruction.ecrire_note, name="ecrire_note"),
    path("<int:pk>/demandes/", instruction.demander, name="demander"),
    path("<int:pk>/demandes/<int:demande_pk>/repondre/", instruction.repondre, name="repondre"),
    path("<int:pk>/demandes/<int:demande_pk>/lever/", instruction.lever, name="lever"),
]
