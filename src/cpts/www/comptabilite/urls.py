from django.urls import path

from cpts.www.comptabilite import national, views

app_name = "comptabilite"
urlpatterns = [
    path("cpts/<int:cpts_pk>/", views.exercices, name="exercices"),
    path("cpts/<int:cpts_pk>/correspondance/", views.correspondance, name="correspondance"),
    path("cpts/<int:cpts_pk>/<int:annee>/", views.exercice, name="exercice"),
    path("cpts/<int:cpts_pk>/<int:annee>/saisie/", views.saisie, name="saisie"),
    path("cpts/<int:cpts_pk>/<int:annee>/fec/", views.importer, name="fec"),
    path("cpts/<int:cpts_pk>/<int:annee>/indemnites/", views.indemnites, name="indemnites"),
    path("cpts/<int:cpts_pk>/<int:annee>/deposer/", views.deposer, name="deposer"),
    path("cpts/<int:cpts_pk>/<int:annee>/beneficiaires/", views.beneficiaires, name="beneficiaires"),
    path("dialogue/<int:pk>/conclusions/", views.conclusions, name="conclusions"),
    path("emploi-des-fonds/", national.vue, name="national"),
    path("donnees-ouvertes/emploi-des-fonds.csv", national.donnees_ouvertes, name="donnees_ouvertes"),
]
