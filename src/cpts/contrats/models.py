"""Le contrat tripartite ACI d'une CPTS et son suivi : missions datées, avenants, indicateurs (cibles et valeurs),
dialogues de gestion (atteinte retenue par mission) et versements effectués.

Les montants ne sont jamais saisis ni recalculés ici : l'échéancier vient de `cpts.regles.echeancier`, appliqué
aux termes du contrat (`cpts.contrats.echeancier`). Les modèles gardent ce qui a été décidé et payé, avec les
invariants que la base peut tenir elle-même (montants positifs, référence de paiement unique, taux dans [0, 1]).

Plus de 400 lignes : les modèles des contrats restent ensemble, dans l'ordre de leurs relations (contrat, avenants,
missions, options, indicateurs, cibles et valeurs, dialogues et bilans, versements et annulations) ; chacun est
court, et Django comme les migrations les cherchent ici.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cpts.audit import Enregistre
from cpts.comptes.droits import Perimetre, QuerySetPerimetre
from cpts.concurrence import Revisionne
from cpts.contrats import fichiers
from cpts.contrats.enums import NatureVersement, OptionContrat, Sens
from cpts.contrats.missions import libelle_mission, libelle_volet
from cpts.immuable import Immuable

ANNEE_MAX = 10  # borne de sûreté des années de contrat (5 ans selon les textes : contrôlé par les services)


def _annee_valide(nom: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(annee__gte=1) & Q(annee__lte=ANNEE_MAX),
        name=f"{nom}_annee_du_contrat",
        violation_error_message="L'année est une année du contrat (1 à 5).",
    )


class Contrat(Enregistre):
    """Le contrat ACI tripartite (CPAM, ARS, CPTS), signé pour cinq ans."""

    cpts = models.ForeignKey("dossiers.Cpts", on_delete=models.PROTECT, related_name="contrats", verbose_name="CPTS")
    signature = models.DateField("signé le")
    fin = models.DateField("prend fin le", help_text="Cinq ans après la signature (durée fixée par le texte).")
    texte = models.CharField("texte en vigueur à la signature", max_length=30)
    population = models.PositiveIntegerField(
        "population couverte à la signature",
        null=True,
        blank=True,
        help_text="Inconnue pour un contrat repris d'un tableau publié, dont seule la taille est connue.",
    )
    territoire = models.ForeignKey(
        "territoires.Territoire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="territoire à la signature",
    )
    taille = models.PositiveSmallIntegerField("taille à la signature")
    membres = models.PositiveIntegerField(
        "membres adhérents à la signature", help_text="Compte pour la majoration des communautés de taille 4."
    )
    document = models.FileField("contrat signé (PDF)", upload_to=fichiers.chemin_contrat, blank=True, max_length=200)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("cpts")

    class Meta:
        verbose_name = "contrat ACI"
        verbose_name_plural = "contrats ACI"
        ordering = ["-signature", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cpts", "signature"],
                name="contrat_unique_par_cpts_et_date",
                violation_error_message="Cette CPTS a déjà un contrat signé à cette date.",
            ),
            models.CheckConstraint(
                condition=Q(fin__gt=F("signature")),
                name="contrat_fin_apres_signature",
                violation_error_message="La fin du contrat vient après sa signature.",
            ),
            models.CheckConstraint(
                condition=Q(taille__gte=1),
                name="contrat_taille_positive",
                violation_error_message="La taille d'une CPTS va de 1 à 4.",
            ),
        ]

    def __str__(self) -> str:
        return f"Contrat ACI de {self.cpts} signé le {self.signature:%d/%m/%Y}"


class Avenant(Enregistre):
    """Un avenant au contrat : un changement daté (missions, taille, territoire, membres), signé des trois parties."""

    contrat = models.ForeignKey(Contrat, on_delete=models.PROTECT, related_name="avenants")
    numero = models.PositiveSmallIntegerField("numéro")
    signe_le = models.DateField("signé le")
    effet_le = models.DateField("prend effet le")
    objet = models.TextField("objet")
    taille = models.PositiveSmallIntegerField("nouvelle taille", null=True, blank=True)
    population = models.PositiveIntegerField("population couverte retenue", null=True, blank=True)
    territoire = models.ForeignKey(
        "territoires.Territoire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="territoire retenu",
    )
    membres = models.PositiveIntegerField("nouveau nombre de membres adhérents", null=True, blank=True)
    document = models.FileField("avenant signé (PDF)", upload_to=fichiers.chemin_avenant, blank=True, max_length=200)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("contrat__cpts")

    class Meta:
        verbose_name = "avenant au contrat"
        verbose_name_plural = "avenants au contrat"
        ordering = ["contrat", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["contrat", "numero"], name="avenant_numero_unique"),
            models.CheckConstraint(
                condition=Q(numero__gte=1),
                name="avenant_numero_positif",
                violation_error_message="Les avenants se numérotent à partir de 1.",
            ),
            models.CheckConstraint(
                condition=Q(taille__isnull=True) | Q(taille__gte=1),
                name="avenant_taille_positive",
                violation_error_message="La taille d'une CPTS va de 1 à 4.",
            ),
        ]

    def __str__(self) -> str:
        return f"Avenant n° {self.numero} du {self.signe_le:%d/%m/%Y}"


class MissionContrat(models.Model):
    """Une mission choisie au contrat (ou ajoutée par avenant) et ses dates de démarrage et de déploiement complet."""

    contrat = models.ForeignKey(Contrat, on_delete=models.PROTECT, related_name="missions")
    mission = models.CharField("mission", max_length=30)
    demarrage = models.DateField(
        "démarrage", null=True, blank=True, help_text="Vide tant que la date de démarrage n'est pas connue."
    )
    deploiement = models.DateField("déploiement complet", null=True, blank=True)
    ajoutee_par = models.ForeignKey(
        Avenant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions_ajoutees",
        verbose_name="ajoutée par l'avenant",
    )
    retiree_par = models.ForeignKey(
        Avenant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions_retirees",
        verbose_name="retirée par l'avenant",
    )
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("contrat__cpts")

    class Meta:
        verbose_name = "mission du contrat"
        verbose_name_plural = "missions du contrat"
        ordering = ["contrat", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contrat", "mission"],
                name="mission_unique_par_contrat",
                violation_error_message="Cette mission figure déjà au contrat.",
            ),
            models.CheckConstraint(
                condition=Q(deploiement__isnull=True)
                | (Q(demarrage__isnull=False) & Q(deploiement__gte=F("demarrage"))),
                name="mission_deploiement_apres_demarrage",
                violation_error_message="Le déploiement complet d'une mission vient après son démarrage.",
            ),
        ]

    def __str__(self) -> str:
        return self.libelle

    @property
    def libelle(self) -> str:
        return libelle_mission(self.mission)


class OptionChoisie(models.Model):
    """Une enveloppe conditionnelle choisie au contrat et la date d'où elle est due : sans elle, rien n'est versé."""

    contrat = models.ForeignKey(Contrat, on_delete=models.PROTECT, related_name="options")
    option = models.CharField("option", max_length=30, choices=OptionContrat.choices)
    depuis = models.DateField("due à partir du")
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("contrat__cpts")

    class Meta:
        verbose_name = "option du contrat"
        verbose_name_plural = "options du contrat"
        ordering = ["contrat", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contrat", "option"],
                name="option_unique_par_contrat",
                violation_error_message="Cette option figure déjà au contrat.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_option_display()} depuis le {self.depuis:%d/%m/%Y}"


class Indicateur(Revisionne):
    """Un indicateur d'une mission du contrat : national (mission accès aux soins) ou local."""

    designation = "Cet indicateur"

    contrat = models.ForeignKey(Contrat, on_delete=models.CASCADE, related_name="indicateurs")
    mission = models.CharField("mission", max_length=30)
    code = models.CharField("code national", max_length=50, blank=True, editable=False)
    libelle = models.CharField("intitulé", max_length=250)
    definition = models.TextField("définition")
    source = models.CharField("source des données", max_length=250)
    sens = models.CharField("sens", max_length=12, choices=Sens.choices, default=Sens.CROISSANT)
    unite = models.CharField("unité", max_length=50, blank=True, help_text="%, nombre de patients…")
    reference = models.DecimalField(
        "valeur de référence", max_digits=14, decimal_places=4, null=True, blank=True, help_text="Situation de départ."
    )
    poids = models.DecimalField(
        "poids dans la mission",
        max_digits=6,
        decimal_places=2,
        default=1,
        help_text="0 : indicateur de suivi seulement, sans effet sur la part variable.",
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("contrat__cpts")

    class Meta:
        verbose_name = "indicateur"
        ordering = ["contrat", "mission", "-code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(poids__gte=0),
                name="indicateur_poids_positif",
                violation_error_message="Le poids d'un indicateur ne peut pas être négatif.",
            ),
            models.UniqueConstraint(
                fields=["contrat", "code"],
                condition=~Q(code=""),
                name="indicateur_national_unique_par_contrat",
                violation_error_message="Cet indicateur national figure déjà au contrat.",
            ),
        ]

    def __str__(self) -> str:
        return self.libelle

    @property
    def national(self) -> bool:
        return bool(self.code)

    @property
    def de_resultat(self) -> bool:
        return self.poids > 0

    @property
    def libelle_mission(self) -> str:
        return libelle_mission(self.mission)


class Cible(models.Model):
    """La valeur visée par un indicateur pour une année du contrat."""

    indicateur = models.ForeignKey(Indicateur, on_delete=models.CASCADE, related_name="cibles")
    annee = models.PositiveSmallIntegerField("année du contrat")
    valeur = models.DecimalField("cible", max_digits=14, decimal_places=4)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("indicateur__contrat__cpts")

    class Meta:
        verbose_name = "cible d'indicateur"
        ordering = ["indicateur", "annee"]
        constraints = [
            models.UniqueConstraint(fields=["indicateur", "annee"], name="cible_unique_par_annee"),
            _annee_valide("cible"),
        ]

    def __str__(self) -> str:
        return f"Cible de l'année {self.annee} : {self.valeur}"


class Valeur(models.Model):
    """La valeur constatée d'un indicateur pour une année du contrat, avec qui l'a déclarée et quand."""

    indicateur = models.ForeignKey(Indicateur, on_delete=models.CASCADE, related_name="valeurs")
    annee = models.PositiveSmallIntegerField("année du contrat")
    valeur = models.DecimalField("valeur constatée", max_digits=14, decimal_places=4)
    commentaire = models.TextField("commentaire", blank=True)
    declaree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déclarée par"
    )
    declaree_le = models.DateTimeField("déclarée le")
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("indicateur__contrat__cpts")

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        ordering = ["indicateur", "annee"]
        constraints = [
            models.UniqueConstraint(fields=["indicateur", "annee"], name="valeur_unique_par_annee"),
            _annee_valide("valeur"),
        ]

    def __str__(self) -> str:
        return f"Valeur de l'année {self.annee} : {self.valeur}"


class DialogueGestion(Revisionne, Enregistre):
    """La réunion annuelle des trois parties ([urps-med-aura-guide-2022], « 5.2 ») : constats, atteinte retenue,
    décisions."""

    designation = "Ce dialogue de gestion"

    contrat = models.ForeignKey(Contrat, on_delete=models.PROTECT, related_name="dialogues")
    annee = models.PositiveSmallIntegerField("année du contrat examinée")
    date = models.DateField("tenu le")
    participants = models.TextField("participants")
    decisions = models.TextField("décisions", blank=True)
    avenant_necessaire = models.BooleanField("un avenant est nécessaire", default=False)
    crise_survenue = models.BooleanField(
        "crise sanitaire grave survenue dans l'année",
        default=False,
        help_text="Ouvre le volet variable de la mission crises sanitaires (avenant 2), sans lien avec l'atteinte.",
    )
    crise_le = models.DateField("crise déclarée le", null=True, blank=True)
    taux_crise = models.DecimalField(
        "taux retenu pour le volet variable crise",
        max_digits=5,
        decimal_places=4,
        default=Decimal(1),
        help_text="De 0 à 1 ; 1 (100 %) sauf décision contraire du dialogue.",
    )
    compte_rendu = models.FileField(
        "compte rendu (PDF)", upload_to=fichiers.chemin_compte_rendu, blank=True, max_length=200
    )
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("contrat__cpts")

    class Meta:
        verbose_name = "dialogue de gestion"
        verbose_name_plural = "dialogues de gestion"
        ordering = ["contrat", "annee"]
        constraints = [
            models.UniqueConstraint(
                fields=["contrat", "annee"],
                name="dialogue_unique_par_annee",
                violation_error_message="Un dialogue de gestion a déjà été enregistré pour cette année du contrat.",
            ),
            _annee_valide("dialogue"),
            models.CheckConstraint(
                condition=Q(taux_crise__gte=0) & Q(taux_crise__lte=1),
                name="dialogue_taux_crise_de_0_a_1",
                violation_error_message="Le taux retenu pour la crise va de 0 à 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"Dialogue de gestion de l'année {self.annee} (tenu le {self.date:%d/%m/%Y})"


class BilanMission(models.Model):
    """Ce que le dialogue de gestion constate pour une mission, et le taux d'atteinte qu'il retient."""

    dialogue = models.ForeignKey(DialogueGestion, on_delete=models.CASCADE, related_name="bilans")
    mission = models.CharField("mission", max_length=30)
    constat = models.TextField("constats", blank=True)
    taux_calcule = models.DecimalField(
        "atteinte calculée", max_digits=5, decimal_places=4, null=True, blank=True, editable=False
    )
    taux_retenu = models.DecimalField("atteinte retenue", max_digits=5, decimal_places=4, null=True, blank=True)
    motif = models.TextField("motif", blank=True, help_text="Obligatoire si l'atteinte retenue diffère du calcul.")
    retenu_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="retenue par",
    )
    retenu_le = models.DateTimeField("retenue le", null=True, blank=True)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("dialogue__contrat__cpts")

    class Meta:
        verbose_name = "bilan d'une mission"
        verbose_name_plural = "bilans des missions"
        ordering = ["dialogue", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "mission"], name="bilan_unique_par_mission"),
            models.CheckConstraint(
                condition=Q(taux_retenu__isnull=True) | (Q(taux_retenu__gte=0) & Q(taux_retenu__lte=1)),
                name="bilan_taux_retenu_entre_0_et_1",
                violation_error_message="L'atteinte retenue est un taux entre 0 et 1 (0 % à 100 %).",
            ),
            models.CheckConstraint(
                condition=Q(taux_calcule__isnull=True) | (Q(taux_calcule__gte=0) & Q(taux_calcule__lte=1)),
                name="bilan_taux_calcule_entre_0_et_1",
                violation_error_message="L'atteinte calculée est un taux entre 0 et 1.",
            ),
            models.CheckConstraint(
                condition=Q(taux_retenu__isnull=True) | Q(taux_retenu=F("taux_calcule")) | ~Q(motif=""),
                name="bilan_ecart_motive",
                violation_error_message="Une atteinte retenue différente de l'atteinte calculée doit être motivée.",
            ),
            models.CheckConstraint(
                condition=Q(taux_retenu__isnull=True) | Q(retenu_le__isnull=False),
                name="bilan_retenue_datee",
                violation_error_message="Une atteinte retenue porte sa date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{libelle_mission(self.mission)}, année {self.dialogue.annee}"

    @property
    def libelle_mission(self) -> str:
        return libelle_mission(self.mission)


class Paiement(Immuable, Enregistre):
    """Un versement effectué par la CPAM sur une ligne de l'échéancier : il fait foi, il ne se modifie pas.

    Une erreur se corrige en l'annulant (`Annulation`), jamais en le changeant."""

    contrat = models.ForeignKey(Contrat, on_delete=models.PROTECT, related_name="paiements")
    annee = models.PositiveSmallIntegerField("année du contrat")
    mission = models.CharField("mission", max_length=30)
    volet = models.CharField("volet", max_length=30)
    nature = models.CharField("nature", max_length=10, choices=NatureVersement.choices)
    montant = models.DecimalField("montant versé", max_digits=12, decimal_places=2)
    date = models.DateField("versé le")
    reference = models.CharField(
        "référence du paiement", max_length=60, help_text="Référence du virement ou de l'ordre de paiement."
    )
    motif_anticipation = models.TextField(
        "motif d'un versement anticipé", blank=True, help_text="Obligatoire si le versement précède son échéance."
    )
    du_a_l_enregistrement = models.DecimalField(
        "restant dû à l'enregistrement", max_digits=12, decimal_places=2, editable=False
    )

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("contrat__cpts")

    class Meta:
        verbose_name = "versement effectué"
        verbose_name_plural = "versements effectués"
        ordering = ["contrat", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                name="paiement_reference_unique",
                violation_error_message="Cette référence de paiement a déjà été enregistrée.",
            ),
            models.CheckConstraint(
                condition=Q(montant__gt=0),
                name="paiement_montant_positif",
                violation_error_message="Un versement a un montant strictement positif.",
            ),
            models.CheckConstraint(
                condition=Q(du_a_l_enregistrement__gte=0),
                name="paiement_du_positif",
                violation_error_message="Le montant dû ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                condition=Q(montant__lte=F("du_a_l_enregistrement")),
                name="paiement_dans_la_limite_du_du",
                violation_error_message="Un versement ne peut pas dépasser le montant dû.",
            ),
            models.CheckConstraint(
                condition=Q(nature__in=NatureVersement.values),
                name="paiement_nature_connue",
                violation_error_message="Nature de versement inconnue.",
            ),
            models.CheckConstraint(
                condition=~Q(reference=""),
                name="paiement_reference_renseignee",
                violation_error_message="La référence du paiement est obligatoire.",
            ),
            _annee_valide("paiement"),
        ]

    def __str__(self) -> str:
        return f"Versement {self.reference} du {self.date:%d/%m/%Y}"

    @property
    def libelle_mission(self) -> str:
        return libelle_mission(self.mission)

    @property
    def libelle_volet(self) -> str:
        return libelle_volet(self.mission, self.volet)


class Annulation(Immuable):
    """L'annulation motivée d'un versement enregistré par erreur : le versement ne compte plus comme payé."""

    paiement = models.OneToOneField(Paiement, on_delete=models.PROTECT, related_name="annulation")
    motif = models.TextField("motif")
    annule_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="annulé par"
    )
    annule_le = models.DateTimeField("annulé le", auto_now_add=True)

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre.de_la_cpts("paiement__contrat__cpts")

    class Meta:
        verbose_name = "annulation d'un versement"
        verbose_name_plural = "annulations de versements"
        ordering = ["-annule_le", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(motif=""),
                name="annulation_motivee",
                violation_error_message="Une annulation est motivée.",
            )
        ]

    def __str__(self) -> str:
        return f"Annulation du versement {self.paiement.reference}"


class EtatContrat(models.Model):
    """L'état calculé d'un contrat (lignes de l'échéancier, alertes datées) est à jour : la ligne existe.

    Toute écriture qui peut le changer supprime cette ligne dans sa transaction (`cpts.contrats.etat`) : un état
    sans elle, ou calculé par d'autres règles (`version`), est périmé et se recalcule avant d'être lu."""

    contrat = models.OneToOneField(Contrat, on_delete=models.CASCADE, primary_key=True, related_name="etat")
    calcule_le = models.DateTimeField("calculé le", auto_now=True)
    version = models.CharField(
        "version du calcul", max_length=16, help_text="Empreinte des règles et des paramètres qui l'ont calculé."
    )
    avertissements = models.JSONField(
        "avertissements de l'échéancier",
        default=list,
        help_text="Les phrases à lire avec les montants : elles ne dépendent que des termes du contrat, pas du jour.",
    )

    class Meta:
        verbose_name = "état calculé d'un contrat"
        verbose_name_plural = "états calculés des contrats"

    def __str__(self) -> str:
        return f"État du contrat {self.contrat_id}"


class LigneEtat(models.Model):
    """Une ligne de l'échéancier d'un contrat, gardée avec ce qui en est versé : son statut se déduit du jour."""

    contrat = models.ForeignKey(Contrat, on_delete=models.CASCADE, related_name="lignes_etat")
    rang = models.PositiveSmallIntegerField("rang dans l'échéancier")
    annee = models.PositiveSmallIntegerField("année du contrat")
    mission = models.CharField("mission", max_length=30)
    volet = models.CharField("volet", max_length=30)
    nature = models.CharField("nature", max_length=10, choices=NatureVersement.choices)
    montant = models.DecimalField("montant dû", max_digits=12, decimal_places=2)
    paye = models.DecimalField("versé", max_digits=12, decimal_places=2)
    restant = models.DecimalField("restant", max_digits=12, decimal_places=2)
    du_le = models.DateField("dû le", null=True)
    au_plus_tard = models.DateField("à payer au plus tard le", null=True)
    base = models.DecimalField("base", max_digits=12, decimal_places=2)
    definitif = models.BooleanField("montant arrêté")
    texte = models.CharField("texte appliqué", max_length=30, blank=True)
    lecture = models.TextField("notre lecture", blank=True)
    references = models.TextField("références des versements", blank=True)

    class Meta:
        verbose_name = "ligne gardée d'un échéancier"
        verbose_name_plural = "lignes gardées des échéanciers"
        ordering = ["contrat", "rang"]
        # Les versements à venir (nombre et total, puis la page) filtrent les lignes de chaque contrat par ces deux
        # colonnes : lues dans l'index, sans lire chaque ligne (la moitié du temps de la somme d'une région).
        indexes = [models.Index(fields=["contrat", "du_le", "restant"], name="ligneetat_a_venir")]

    def __str__(self) -> str:
        return f"Contrat {self.contrat_id}, année {self.annee}, {self.mission}, {self.volet}, {self.nature}"


class AlerteEtat(models.Model):
    """Une alerte d'un contrat telle qu'elle se lit du jour `depuis` (compris) au jour `jusqu_au` (exclu, vide :
    jusqu'à la prochaine écriture qui la change). `echeance` vide : l'échéance est le jour demandé (trop-perçu sur
    une ligne que les termes ne prévoient plus)."""

    contrat = models.ForeignKey(Contrat, on_delete=models.CASCADE, related_name="alertes_etat")
    rang = models.PositiveSmallIntegerField("rang dans les alertes du contrat")
    depuis = models.DateField("depuis le")
    jusqu_au = models.DateField("jusqu'au (exclu)", null=True)
    type = models.CharField("objet", max_length=20)
    niveau = models.CharField("niveau", max_length=20)
    echeance = models.DateField("échéance", null=True)
    message = models.TextField("message")

    class Meta:
        verbose_name = "alerte datée d'un contrat"
        verbose_name_plural = "alertes datées des contrats"
        ordering = ["contrat", "rang", "depuis"]
        # Les alertes d'un jour se choisissent par ces dates dans chaque contrat, comptées et triées dans l'index seul
        # (niveau, échéance, rang : le tri des listes) ; seules celles de la page sont lues dans la table. Après une
        # écriture d'un autre processus, SQLite relit chaque page de la table qu'il touche : 0,88 → 0,63 ms le nombre et
        # la première page des alertes d'une région.
        indexes = [
            models.Index(
                fields=["contrat", "depuis", "jusqu_au", "niveau", "echeance", "rang"], name="alerteetat_triees"
            )
        ]

    def __str__(self) -> str:
        return self.message
