"""Le registre des projets de CPTS : le projet et son association, ses étapes (lignes de décision immuables),
ses membres, ses documents (brouillon puis versions déposées figées) et son instruction (notes, demandes).

Plus de 400 lignes : les modèles du dossier restent ensemble, dans l'ordre de leurs relations (CPTS, départements
couverts, décisions d'étape, membres, documents et dépôts, notes, demandes de complément et réponses) ; chacun est
court, et Django comme les migrations les cherchent ici.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cpts import audit
from cpts.comptes.droits import Perimetre, QuerySetPerimetre
from cpts.concurrence import Revisionne
from cpts.dossiers.enums import (
    DOCUMENTS_UNIQUES,
    CategorieStructure,
    Etape,
    Instance,
    Profession,
    Recours,
    StatutAssociation,
    StatutDemande,
    TransitionEtape,
    TypeDocument,
    TypeMembre,
)
from cpts.dossiers.siret import valider_siret
from cpts.immuable import Immuable
from cpts.regles.dates import ajouter_mois

# Le projet de santé est réputé validé si l'ARS ne s'y oppose pas dans les deux mois de son dépôt
# (code de la santé publique, article L1434-12).
DELAI_VALIDATION_TACITE_MOIS = 2


class Cpts(Revisionne):
    """Un projet de CPTS, de la dynamique au contrat signé."""

    designation, feminin = "Cette fiche", True

    nom = models.CharField("nom", max_length=200)
    departement = models.CharField("département principal", max_length=3)
    autres_departements = models.JSONField(
        "autres départements",
        default=list,
        blank=True,
        help_text=(
            "Une CPTS peut s'étendre sur plusieurs départements (guide URPS Médecins libéraux Auvergne-Rhône-Alpes,"
            " « 2.3 »)."
        ),
    )
    region = models.CharField("région", max_length=3)
    # L'étape ne change que par une décision enregistrée (cpts.dossiers.etapes.franchir).
    etape = models.CharField("étape", max_length=30, choices=Etape.choices, default=Etape.DYNAMIQUE)
    etape_depuis = models.DateField("à cette étape depuis le", null=True, blank=True)
    # Le début de la dynamique : les tableaux « à une date » ne comptent pas un projet qui n'existait pas encore.
    dynamique_depuis = models.DateField("dynamique engagée le", null=True, blank=True)

    association_statut = models.CharField(
        "association loi 1901", max_length=10, choices=StatutAssociation.choices, default=StatutAssociation.NON
    )
    association_nom = models.CharField("nom de l'association", max_length=200, blank=True)
    siret = models.CharField(
        "SIRET de l'association",
        max_length=14,
        blank=True,
        validators=[valider_siret],
        help_text="14 chiffres, contrôlés par leur clé.",
    )
    adresse = models.CharField("adresse postale", max_length=250, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    commune_siege = models.CharField("commune du siège", max_length=150, blank=True)
    representant_nom = models.CharField("représentant légal", max_length=150, blank=True)
    representant_qualite = models.CharField(
        "qualité du représentant légal", max_length=100, blank=True, help_text="Président, présidente…"
    )
    contact_nom = models.CharField("personne contact", max_length=150, blank=True)
    contact_profession = models.CharField("profession de la personne contact", max_length=100, blank=True)
    contact_courriel = models.EmailField("courriel de contact", blank=True)
    contact_telephone = models.CharField("téléphone de contact", max_length=20, blank=True)

    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    # Un agent d'un des départements couverts voit la CPTS, pas seulement celui du département principal.
    perimetre = Perimetre(region="region", departement="departements_couverts__code", cpts="pk")

    class Meta:
        verbose_name = "CPTS"
        verbose_name_plural = "CPTS"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(fields=["nom", "departement"], name="cpts_nom_unique_par_departement"),
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="cpts_siret_unique",
                violation_error_message="Ce SIRET est déjà celui de l'association d'une autre CPTS.",
            ),
        ]

    def __str__(self) -> str:
        return self.nom

    def clean(self) -> None:
        # Aussi depuis l'administration de Django : région et départements pris au référentiel, et concordants.
        from cpts.territoires.localisation import verifier_localisation

        super().clean()
        try:
            verifier_localisation(self.region, self.departement, list(self.autres_departements))
        except ValidationError as erreur:
            # Sans clé de champ : un formulaire qui ne montre pas la région (celui du coordinateur) l'affiche en tête
            # au lieu d'échouer ; chaque message nomme déjà son champ.
            raise ValidationError(erreur.messages) from None

    def save(self, *args: object, **kwargs: object) -> None:
        if self.dynamique_depuis is None:
            # Sans date dite, la dynamique a commencé au plus tard à l'inscription (ou à l'étape déjà atteinte) : un
            # projet inscrit aujourd'hui n'apparaît pas dans les tableaux d'hier.
            from django.utils import timezone

            self.dynamique_depuis = min(filter(None, (self.etape_depuis, timezone.localdate())))
        super().save(*args, **kwargs)
        champs = kwargs.get("update_fields")
        # Une décision d'étape n'écrit que l'étape : les départements couverts n'ont pas bougé (une requête de moins
        # par décision, des centaines à l'import d'un portefeuille).
        if champs is None or {"departement", "autres_departements"} & set(champs):
            self._synchroniser_departements()

    def _synchroniser_departements(self) -> None:
        """Les départements couverts (principal et autres) en lignes : le périmètre des agents passe par elles."""
        voulus = {self.departement, *self.autres_departements} - {""}
        presents = set(self.departements_couverts.values_list("code", flat=True))
        if presents - voulus:
            self.departements_couverts.filter(code__in=presents - voulus).delete()
        DepartementCouvert.objects.bulk_create(
            [DepartementCouvert(cpts=self, code=code) for code in sorted(voulus - presents)]
        )

    @property
    def departements(self) -> list[str]:
        return [self.departement, *(code for code in self.autres_departements if code != self.departement)]

    @property
    def fermee(self) -> bool:
        from cpts.dossiers.enums import ETAPES_FERMEES

        return self.etape in ETAPES_FERMEES

    @property
    def reputee_validee_le(self) -> datetime.date | None:
        """Projet de santé déposé : la date où il sera réputé validé sans opposition de l'ARS (CSP, L1434-12)."""
        if self.etape != Etape.PROJET_SANTE_DEPOSE or self.etape_depuis is None:
            return None
        return ajouter_mois(self.etape_depuis, DELAI_VALIDATION_TACITE_MOIS)


class DepartementCouvert(models.Model):
    """Un département couvert par une CPTS, tenu à jour depuis `Cpts.departement` et `Cpts.autres_departements`."""

    cpts = models.ForeignKey(Cpts, on_delete=models.CASCADE, related_name="departements_couverts")
    code = models.CharField("code du département", max_length=3)

    class Meta:
        verbose_name = "département couvert"
        constraints = [models.UniqueConstraint(fields=["cpts", "code"], name="departement_couvert_unique")]

    def __str__(self) -> str:
        return f"{self.cpts} — {self.code}"


class DecisionEtape(Immuable, audit.Enregistre):
    """Un changement d'étape : qui l'a décidé (instance), quand, qui l'a enregistré, sur quelle version de document."""

    cpts = models.ForeignKey(Cpts, on_delete=models.PROTECT, related_name="decisions")
    transition = models.CharField("décision", max_length=40, choices=TransitionEtape.choices)
    etape_avant = models.CharField("étape avant", max_length=30, choices=Etape.choices)
    etape_apres = models.CharField("étape après", max_length=30, choices=Etape.choices)
    date = models.DateField("date de la décision")
    instance = models.CharField("instance", max_length=20, choices=Instance.choices)
    motif = models.TextField("motif", blank=True)
    depot = models.ForeignKey(
        "Depot", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions", verbose_name="version"
    )
    subvention = models.DecimalField("subvention FIR accordée", max_digits=12, decimal_places=2, null=True, blank=True)
    cpts_absorbante = models.ForeignKey(
        Cpts, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="fusionnée dans"
    )
    # Une décision : libellés au féminin.
    enregistre_par = audit.auteur("enregistrée par")
    enregistre_le = audit.instant("enregistrée le")
    # Une rectification nomme la décision dont elle annule l'effet ; une décision n'est rectifiée qu'une fois.
    rectifie = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification",
        verbose_name="décision rectifiée",
    )

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("cpts")

    class Meta:
        verbose_name = "décision d'étape"
        verbose_name_plural = "décisions d'étape"
        ordering = ["date", "enregistre_le", "pk"]
        # L'étape de chaque projet à une date (tableaux « à une date ») : sa dernière décision jusqu'à la date, lue
        # dans l'index seul, sans trier ses décisions ni lire leurs lignes.
        indexes = [models.Index(fields=["cpts", "date", "id", "etape_apres"], name="decision_etape_a_la_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(subvention__isnull=True) | Q(subvention__gte=0),
                name="decision_subvention_positive",
                violation_error_message="La subvention accordée ne peut pas être négative.",
            ),
            models.CheckConstraint(
                condition=~Q(etape_avant=F("etape_apres")),
                name="decision_change_d_etape",
                violation_error_message="Une décision d'étape change l'étape.",
            ),
            models.CheckConstraint(
                condition=~Q(transition=TransitionEtape.FUSIONNER) | Q(cpts_absorbante__isnull=False),
                name="decision_fusion_avec_cpts_absorbante",
                violation_error_message="Une fusion nomme la CPTS qui absorbe le projet.",
            ),
            models.CheckConstraint(
                condition=~Q(cpts_absorbante=F("cpts")),
                name="decision_fusion_dans_une_autre_cpts",
                violation_error_message="Une CPTS ne fusionne pas dans elle-même.",
            ),
            models.CheckConstraint(
                condition=Q(transition=TransitionEtape.RECTIFIER, rectifie__isnull=False)
                | (~Q(transition=TransitionEtape.RECTIFIER) & Q(rectifie__isnull=True)),
                name="decision_rectification_nomme_la_decision",
                violation_error_message="Une rectification nomme la décision qu'elle rectifie, et elle seule.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_transition_display()} le {self.date:%d/%m/%Y} ({self.cpts})"


class Membre(Revisionne):
    """Un professionnel de santé ou une structure impliqué dans la CPTS ([ars-aura-guide], annexe 3 items 4 et 5)."""

    designation = "Ce membre"

    cpts = models.ForeignKey(Cpts, on_delete=models.CASCADE, related_name="membres")
    type = models.CharField("type", max_length=15, choices=TypeMembre.choices)
    profession = models.CharField("profession", max_length=30, choices=Profession.choices, blank=True)
    recours = models.CharField("recours", max_length=10, choices=Recours.choices, blank=True)
    categorie = models.CharField(
        "catégorie de structure", max_length=25, choices=CategorieStructure.choices, blank=True
    )
    nom = models.CharField("nom", max_length=150, help_text="Nom de la personne, ou de la structure.")
    prenom = models.CharField("prénom", max_length=100, blank=True)
    rpps = models.CharField(
        "numéro RPPS", max_length=11, blank=True, help_text="11 chiffres ; sert à reconnaître un professionnel."
    )
    lieu_exercice = models.CharField("lieu d'exercice ou localisation", max_length=150, blank=True)
    structure = models.CharField("structure d'appartenance ou personne contact", max_length=150, blank=True)
    gouvernance = models.BooleanField("participe à la gouvernance", default=False)
    adherent = models.BooleanField(
        "a expressément adhéré",
        default=True,
        help_text="Compte pour la majoration des communautés de taille 4 d'au moins cent membres.",
    )
    participation_incertaine = models.BooleanField("participation encore incertaine", default=False)
    ajoute_le = models.DateTimeField("ajouté le", auto_now_add=True)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("cpts")

    class Meta:
        verbose_name = "membre"
        ordering = ["type", "profession", "categorie", "nom", "prenom", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(type=TypeMembre.PROFESSIONNEL) & ~Q(profession="") & ~Q(recours=""))
                | (Q(type=TypeMembre.STRUCTURE) & ~Q(categorie="")),
                name="membre_profession_ou_categorie",
                violation_error_message=(
                    "Un professionnel a une profession et un recours ; une structure a une catégorie."
                ),
            ),
            models.CheckConstraint(
                condition=~(Q(adherent=True) & Q(participation_incertaine=True)),
                name="membre_adherent_certain",
                violation_error_message="Un membre qui a adhéré n'a pas une participation incertaine.",
            ),
            models.UniqueConstraint(
                fields=["cpts", "rpps"],
                condition=~Q(rpps=""),
                name="membre_rpps_unique_par_cpts",
                violation_error_message="Ce numéro RPPS est déjà celui d'un membre de la CPTS.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom}".strip()

    def clean(self) -> None:
        super().clean()
        erreurs = {}
        if self.type == TypeMembre.PROFESSIONNEL:
            if not self.profession:
                erreurs["profession"] = "Profession : à choisir dans la liste."
            if not self.recours:
                erreurs["recours"] = "Recours : premier ou second recours."
        elif self.type == TypeMembre.STRUCTURE and not self.categorie:
            erreurs["categorie"] = "Catégorie de structure : à choisir dans la liste."
        if self.rpps and not (len(self.rpps) == 11 and self.rpps.isdigit()):
            erreurs["rpps"] = "Numéro RPPS : 11 chiffres."
        if self.adherent and self.participation_incertaine:
            erreurs["participation_incertaine"] = "Un membre qui a adhéré n'a pas une participation incertaine."
        if erreurs:
            raise ValidationError(erreurs)


class Document(Revisionne):
    """Un document du dossier, en brouillon : formulaire structuré enregistré tel quel (JSON), puis déposé."""

    designation = "Ce brouillon"

    cpts = models.ForeignKey(Cpts, on_delete=models.CASCADE, related_name="documents")
    type = models.CharField("type", max_length=20, choices=TypeDocument.choices)
    titre = models.CharField("intitulé", max_length=200, blank=True)
    brouillon = models.JSONField("brouillon", default=dict, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("cpts")

    class Meta:
        verbose_name = "document"
        ordering = ["type", "titre", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cpts", "type"],
                condition=Q(type__in=sorted(DOCUMENTS_UNIQUES)),
                name="document_unique_par_cpts",
                violation_error_message="Une CPTS a un seul pré-projet et un seul projet de santé.",
            )
        ]

    def __str__(self) -> str:
        libelle = self.get_type_display()
        return f"{libelle} « {self.titre} »" if self.titre else libelle


class Depot(Immuable):
    """Une version déposée d'un document : numérotée, datée, figée (contenu et annexes copiés au dépôt)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="depots")
    numero = models.PositiveIntegerField("version")
    contenu = models.JSONField("contenu déposé")
    depose_le = models.DateTimeField("déposée le")
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déposée par"
    )

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("document__cpts")

    class Meta:
        verbose_name = "version déposée"
        verbose_name_plural = "versions déposées"
        ordering = ["document", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["document", "numero"], name="depot_numero_unique"),
            models.CheckConstraint(
                condition=Q(numero__gte=1),
                name="depot_numero_positif",
                violation_error_message="Les versions se numérotent à partir de 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document}, version {self.numero} du {self.depose_le:%d/%m/%Y}"


class NoteInstruction(Immuable):
    """Une note privée des agents qui instruisent : jamais montrée à l'équipe projet."""

    cpts = models.ForeignKey(Cpts, on_delete=models.CASCADE, related_name="notes")
    texte = models.TextField("note")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ecrite_le = models.DateTimeField("écrite le", auto_now_add=True)

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("cpts")

    class Meta:
        verbose_name = "note d'instruction"
        verbose_name_plural = "notes d'instruction"
        ordering = ["-ecrite_le", "-pk"]

    def __str__(self) -> str:
        return f"Note du {self.ecrite_le:%d/%m/%Y} sur {self.cpts}"


class DemandeComplement(models.Model):
    """Une demande de complément d'un agent à l'équipe projet, ses réponses, puis sa levée."""

    cpts = models.ForeignKey(Cpts, on_delete=models.CASCADE, related_name="demandes")
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="demandes", verbose_name="document"
    )
    objet = models.CharField("objet", max_length=200)
    texte = models.TextField("demande")
    echeance = models.DateField("réponse attendue avant le", null=True, blank=True)
    statut = models.CharField("statut", max_length=10, choices=StatutDemande.choices, default=StatutDemande.OUVERTE)
    demandee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    demandee_le = models.DateTimeField("demandée le", auto_now_add=True)
    levee_le = models.DateTimeField("levée le", null=True, blank=True)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("cpts")

    class Meta:
        verbose_name = "demande de complément"
        verbose_name_plural = "demandes de complément"
        ordering = ["-demandee_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(statut=StatutDemande.LEVEE) | Q(levee_le__isnull=False),
                name="demande_levee_datee",
                violation_error_message="Une demande levée porte sa date de levée.",
            )
        ]

    def __str__(self) -> str:
        return self.objet

    @property
    def en_retard(self) -> bool:
        from django.utils import timezone

        return (
            self.statut == StatutDemande.OUVERTE and self.echeance is not None and self.echeance < timezone.localdate()
        )


class ReponseDemande(Immuable):
    demande = models.ForeignKey(DemandeComplement, on_delete=models.CASCADE, related_name="reponses")
    texte = models.TextField("réponse")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ecrite_le = models.DateTimeField("écrite le", auto_now_add=True)

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("demande__cpts")

    class Meta:
        verbose_name = "réponse à une demande"
        verbose_name_plural = "réponses aux demandes"
        ordering = ["ecrite_le", "pk"]

    def __str__(self) -> str:
        return f"Réponse du {self.ecrite_le:%d/%m/%Y}"
