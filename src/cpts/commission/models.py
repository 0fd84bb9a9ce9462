"""Commission paritaire régionale (CPR) : compositions datées, sièges, présidences, réunions, scrutins.

Les règles (parité, quorum, majorité, délais, présidence) sont dans `cpts.regles.commission` ; les cas
d'usage qui les appliquent et enregistrent les décisions sont dans `cpts.commission.services`.

Plus de 400 lignes : les modèles de la commission restent ensemble, dans l'ordre de leurs relations (commission,
composition et sièges, présidences, réunion, points, scrutins, émargements, votants, bulletins) ; chacun est court,
et Django comme les migrations les cherchent ici.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cpts.commission.enums import (
    CategorieConsultative,
    ChoixVote,
    Demandeur,
    EtatReunion,
    EtatScrutin,
    ExprimePar,
    IssueScrutin,
    ModeReunion,
    PresenceSiege,
    Profession,
    QualiteSociale,
    RegimeSocial,
    SectionSiege,
)
from cpts.comptes.droits import Perimetre, QuerySetPerimetre
from cpts.immuable import Immuable

SECTIONS_DELIBERANTES = [(s.value, s.label) for s in (SectionSiege.PROFESSIONNELLE, SectionSiege.SOCIALE)]

REGIONS = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}


class Commission(models.Model):
    """La CPR CPTS d'une région (article 12.2 de l'ACI)."""

    region = models.CharField("région", max_length=3, unique=True, help_text="Code INSEE de la région (ex. 84).")
    nom = models.CharField("nom", max_length=200)
    date_installation = models.DateField(
        "date d'installation",
        null=True,
        blank=True,
        help_text="Première réunion : la présidence alterne par année civile à partir de cette année-là.",
    )
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(region="region")

    class Meta:
        verbose_name = "commission paritaire régionale"
        verbose_name_plural = "commissions paritaires régionales"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    @property
    def nom_region(self) -> str:
        return REGIONS.get(self.region, self.region)


class Composition(models.Model):
    """La composition de la commission à partir d'une date : elle vaut jusqu'à la suivante."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="compositions")
    date_effet = models.DateField("en vigueur à partir du")
    source = models.CharField(
        "source", max_length=300, blank=True, help_text="Arrêté, courrier ou support de séance qui l'établit."
    )
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(region="commission__region")

    class Meta:
        verbose_name = "composition"
        ordering = ["commission", "-date_effet"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "date_effet"],
                name="composition_une_par_date",
                violation_error_message="Cette commission a déjà une composition à cette date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commission} au {self.date_effet:%d/%m/%Y}"


class Siege(models.Model):
    """Un siège : son organisation et sa fonction, ses voix, si titulaire et suppléant sont désignés.

    Les personnes ne sont pas nommées : un siège se lit par son organisation et sa fonction. Un compte de
    la plateforme peut y être rattaché pour que son titulaire ou son suppléant vote en ligne.
    """

    composition = models.ForeignKey(Composition, on_delete=models.CASCADE, related_name="sieges")
    section = models.CharField("section", max_length=20, choices=SectionSiege.choices)
    profession = models.CharField("profession", max_length=40, choices=Profession.choices, blank=True)
    organisation = models.CharField(
        "organisation", max_length=200, blank=True, help_text="Syndicat, caisse ou organisme (ex. CSMF, CPAM 69)."
    )
    regime = models.CharField("régime", max_length=3, choices=RegimeSocial.choices, blank=True)
    qualite = models.CharField("qualité", max_length=20, choices=QualiteSociale.choices, blank=True)
    categorie = models.CharField(
        "catégorie de membre consultatif", max_length=30, choices=CategorieConsultative.choices, blank=True
    )
    voix = models.PositiveSmallIntegerField("voix", default=1)
    titulaire_designe = models.BooleanField("titulaire désigné", default=False)
    suppleant_designe = models.BooleanField("suppléant désigné", default=False)
    compte_titulaire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte du titulaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sieges_titulaire",
    )
    compte_suppleant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte du suppléant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sieges_suppleant",
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(region="composition__commission__region")

    class Meta:
        verbose_name = "siège"
        ordering = ["composition", "ordre", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(section=SectionSiege.CONSULTATIVE) & Q(voix=0))
                | (~Q(section=SectionSiege.CONSULTATIVE) & Q(voix__gte=1)),
                name="siege_voix_selon_section",
                violation_error_message=(
                    "Un membre consultatif n'a pas de voix ; un siège des sections professionnelle et sociale "
                    "en a au moins une."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(section=SectionSiege.SOCIALE) & ~Q(regime=""))
                | (~Q(section=SectionSiege.SOCIALE) & Q(regime="")),
                name="siege_regime_en_section_sociale",
                violation_error_message="Un siège de la section sociale, et lui seul, relève d'un régime (RG ou MSA).",
            ),
            models.CheckConstraint(
                condition=~Q(section=SectionSiege.PROFESSIONNELLE) | ~Q(profession=""),
                name="siege_profession_en_section_professionnelle",
                violation_error_message="Un siège de la section professionnelle a une profession.",
            ),
            models.CheckConstraint(
                condition=(Q(section=SectionSiege.CONSULTATIVE) & ~Q(categorie=""))
                | (~Q(section=SectionSiege.CONSULTATIVE) & Q(categorie="")),
                name="siege_categorie_des_consultatifs",
                violation_error_message="Un membre consultatif, et lui seul, a une catégorie (ARS, URPS…).",
            ),
            models.CheckConstraint(
                condition=Q(compte_titulaire__isnull=True) | Q(titulaire_designe=True),
                name="siege_compte_titulaire_designe",
                violation_error_message="Un compte ne se rattache qu'à un titulaire désigné.",
            ),
            models.CheckConstraint(
                condition=Q(compte_suppleant__isnull=True) | Q(suppleant_designe=True),
                name="siege_compte_suppleant_designe",
                violation_error_message="Un compte ne se rattache qu'à un suppléant désigné.",
            ),
        ]

    def __str__(self) -> str:
        return self.libelle

    @property
    def votant(self) -> bool:
        return self.section != SectionSiege.CONSULTATIVE

    @property
    def fonction(self) -> str:
        """Ce qui distingue le siège dans sa section : profession, qualité ou catégorie."""
        if self.section == SectionSiege.PROFESSIONNELLE:
            return self.get_profession_display()
        if self.section == SectionSiege.SOCIALE:
            morceaux = [self.get_regime_display()]
            if self.qualite:
                morceaux.append(self.get_qualite_display().lower())
            return ", ".join(morceaux)
        fonction = self.get_categorie_display()
        return f"{fonction} ({self.get_profession_display().lower()})" if self.profession else fonction

    @property
    def libelle(self) -> str:
        organisation = self.organisation or "organisation non précisée"
        return f"{organisation} — {self.fonction}"

    def clean(self) -> None:
        super().clean()
        if self.section == SectionSiege.CONSULTATIVE:
            self.voix = 0
        if self.section != SectionSiege.SOCIALE:
            self.regime = ""
            self.qualite = ""
        if self.section != SectionSiege.CONSULTATIVE:
            self.categorie = ""
        erreurs = {}
        if self.section == SectionSiege.PROFESSIONNELLE and not self.profession:
            erreurs["profession"] = "Indiquez la profession de l'organisation."
        if self.section == SectionSiege.SOCIALE and not self.regime:
            erreurs["regime"] = "Indiquez le régime : général ou agricole."
        if self.section == SectionSiege.CONSULTATIVE and not self.categorie:
            erreurs["categorie"] = "Indiquez la catégorie du membre consultatif."
        if self.compte_titulaire_id and not self.titulaire_designe:
            erreurs["compte_titulaire"] = "Un compte ne se rattache qu'à un titulaire désigné."
        if self.compte_suppleant_id and not self.suppleant_designe:
            erreurs["compte_suppleant"] = "Un compte ne se rattache qu'à un suppléant désigné."
        if erreurs:
            raise ValidationError(erreurs)


class PresidenceSection(models.Model):
    """Le président d'une section, désigné parmi ses membres (annexe 5, art. 1.3) : le titulaire d'un siège."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="presidences")
    section = models.CharField("section", max_length=20, choices=SECTIONS_DELIBERANTES)
    siege = models.ForeignKey(Siege, verbose_name="siège du président", on_delete=models.PROTECT, related_name="+")
    designe_le = models.DateField("désigné le")
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(region="commission__region")

    class Meta:
        verbose_name = "présidence de section"
        verbose_name_plural = "présidences de section"
        ordering = ["commission", "section", "-designe_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "section", "designe_le"],
                name="presidence_une_par_section_et_date",
                violation_error_message="Cette section a déjà un président désigné à cette date.",
            )
        ]

    def __str__(self) -> str:
        return f"Président de la {self.get_section_display().lower()} : {self.siege.libelle}"


class Reunion(models.Model):
    """Une réunion de la CPR, de sa préparation au relevé de décisions (voir services.TRANSITIONS)."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="reunions")
    date = models.DateField("date de la réunion")
    heure = models.TimeField("heure", null=True, blank=True)
    mode = models.CharField("mode", max_length=20, choices=ModeReunion.choices, blank=True)
    lieu = models.CharField("lieu ou lien de connexion", max_length=300, blank=True)
    demandee_par = models.CharField("à la demande de", max_length=30, choices=Demandeur.choices, blank=True)
    urgente = models.BooleanField("réunion urgente", default=False)
    motif_urgence = models.TextField("motif de l'urgence", blank=True)
    etat = models.CharField("état", max_length=20, choices=EtatReunion.choices, default=EtatReunion.PREPARATION)
    convocation_envoyee_le = models.DateField("convocation envoyée le", null=True, blank=True)
    ordre_du_jour_envoye_le = models.DateField("ordre du jour envoyé le", null=True, blank=True)
    releve_publie_le = models.DateField("relevé de décisions publié le", null=True, blank=True)
    observations = models.TextField("observations", blank=True)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(region="commission__region")

    class Meta:
        verbose_name = "réunion"
        ordering = ["commission", "-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(urgente=False) | ~Q(motif_urgence=""),
                name="reunion_urgence_motivee",
                violation_error_message="Une réunion urgente doit en donner le motif.",
            ),
            models.CheckConstraint(
                condition=Q(convocation_envoyee_le__isnull=True) | Q(convocation_envoyee_le__lte=models.F("date")),
                name="reunion_convocation_avant_la_date",
                violation_error_message="La convocation part avant la réunion.",
            ),
            models.CheckConstraint(
                condition=Q(ordre_du_jour_envoye_le__isnull=True) | Q(ordre_du_jour_envoye_le__lte=models.F("date")),
                name="reunion_ordre_du_jour_avant_la_date",
                violation_error_message="L'ordre du jour part avant la réunion.",
            ),
            models.CheckConstraint(
                condition=Q(releve_publie_le__isnull=True) | Q(releve_publie_le__gte=models.F("date")),
                name="reunion_releve_apres_la_date",
                violation_error_message="Le relevé de décisions se publie après la réunion.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commission.nom}, réunion du {self.date:%d/%m/%Y}"


class EvenementReunion(Immuable):
    """Une transition de la réunion : ligne immuable (qui, quand, de quel état à quel état, pourquoi)."""

    reunion = models.ForeignKey(Reunion, on_delete=models.CASCADE, related_name="evenements")
    transition = models.CharField("transition", max_length=40)
    libelle = models.CharField("libellé", max_length=200)
    etat_avant = models.CharField("état avant", max_length=20, choices=EtatReunion.choices)
    etat_apres = models.CharField("état après", max_length=20, choices=EtatReunion.choices)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    le = models.DateTimeField("le", auto_now_add=True)
    motif = models.TextField("motif ou précision", blank=True)

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(region="reunion__commission__region")

    class Meta:
        verbose_name = "événement de réunion"
        ordering = ["reunion", "le", "pk"]

    def __str__(self) -> str:
        return self.libelle


class PointOrdreDuJour(models.Model):
    reunion = models.ForeignKey(Reunion, on_delete=models.CASCADE, related_name="points")
    numero = models.PositiveSmallIntegerField("numéro")
    intitule = models.CharField("intitulé", max_length=300)
    description = models.TextField("précisions", blank=True)
    deliberation = models.BooleanField("soumis au vote", default=False)
    decision = models.TextField(
        "décision au relevé", blank=True, help_text="Ce que la commission a décidé ou acté, tel que le relevé le dira."
    )
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(region="reunion__commission__region")

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["reunion", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["reunion", "numero"],
                name="point_numero_unique",
                violation_error_message="Ce numéro est déjà pris dans l'ordre du jour.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.numero}. {self.intitule}"

    @property
    def dernier_scrutin(self) -> "Scrutin | None":
        scrutins = sorted(self.scrutins.all(), key=lambda s: s.tour)
        return scrutins[-1] if scrutins else None


class Presence(models.Model):
    """Qui siège pour un siège votant à une réunion ; un absent peut déléguer à un présent de sa section."""

    reunion = models.ForeignKey(Reunion, on_delete=models.CASCADE, related_name="presences")
    siege = models.ForeignKey(Siege, on_delete=models.PROTECT, related_name="presences")
    presence = models.CharField("présence", max_length=20, choices=PresenceSiege.choices)
    delegue_a = models.ForeignKey(
        Siege,
        verbose_name="délégation de vote à",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_recues",
    )
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(region="reunion__commission__region")

    class Meta:
        verbose_name = "présence"
        ordering = ["reunion", "siege__ordre", "siege__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reunion", "siege"],
                name="presence_une_par_siege",
                violation_error_message="La présence de ce siège est déjà enregistrée.",
            ),
            models.CheckConstraint(
                condition=Q(delegue_a__isnull=True) | Q(presence=PresenceSiege.ABSENT),
                name="presence_delegation_d_un_absent",
                violation_error_message="Seul un absent délègue son vote.",
            ),
            models.CheckConstraint(
                condition=Q(delegue_a__isnull=True) | ~Q(delegue_a=models.F("siege")),
                name="presence_pas_de_delegation_a_soi",
                violation_error_message="Un siège ne se délègue pas à lui-même.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.siege.libelle} : {self.get_presence_display().lower()}"


class Scrutin(models.Model):
    """Le vote d'un point : premier tour par section, second tour plénier et secret en cas de partage.

    À la clôture, les droits de vote et les présences sont figés (`emargements`) et le décompte est écrit
    ici : une présence ou une composition changée ensuite ne modifie plus le résultat.
    """

    point = models.ForeignKey(PointOrdreDuJour, on_delete=models.CASCADE, related_name="scrutins")
    tour = models.PositiveSmallIntegerField("tour", default=1)
    secret = models.BooleanField("à bulletin secret", default=False)
    etat = models.CharField("état", max_length=10, choices=EtatScrutin.choices, default=EtatScrutin.OUVERT)
    ouvert_le = models.DateTimeField("ouvert le", auto_now_add=True)
    ouvert_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    clos_le = models.DateTimeField("clos le", null=True, blank=True)
    clos_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quorum_requis_professionnelle = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_requis_sociale = models.PositiveSmallIntegerField(null=True, blank=True)
    membres_presents_professionnelle = models.PositiveSmallIntegerField(null=True, blank=True)
    membres_presents_sociale = models.PositiveSmallIntegerField(null=True, blank=True)
    voix_representees_professionnelle = models.PositiveSmallIntegerField(null=True, blank=True)
    voix_representees_sociale = models.PositiveSmallIntegerField(null=True, blank=True)
    pour_professionnelle = models.PositiveSmallIntegerField(default=0)
    contre_professionnelle = models.PositiveSmallIntegerField(default=0)
    abstention_professionnelle = models.PositiveSmallIntegerField(default=0)
    blanc_professionnelle = models.PositiveSmallIntegerField(default=0)
    pour_sociale = models.PositiveSmallIntegerField(default=0)
    contre_sociale = models.PositiveSmallIntegerField(default=0)
    abstention_sociale = models.PositiveSmallIntegerField(default=0)
    blanc_sociale = models.PositiveSmallIntegerField(default=0)
    issue = models.CharField("issue", max_length=20, choices=IssueScrutin.choices, blank=True)

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(region="point__reunion__commission__region")

    class Meta:
        verbose_name = "scrutin"
        ordering = ["point", "tour"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "tour"],
                name="scrutin_un_par_tour",
                violation_error_message="Ce tour de scrutin existe déjà pour ce point.",
            ),
            models.CheckConstraint(
                condition=Q(tour__in=[1, 2]),
                name="scrutin_un_ou_deux_tours",
                violation_error_message="Un ou deux tours.",
            ),
            models.CheckConstraint(
                condition=Q(etat=EtatScrutin.OUVERT, issue="", clos_le__isnull=True)
                | (Q(etat=EtatScrutin.CLOS, clos_le__isnull=False) & ~Q(issue="")),
                name="scrutin_clos_avec_issue",
                violation_error_message=(
                    "Un scrutin clos a une date de clôture et une issue ; un scrutin ouvert, aucune."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.point}, tour {self.tour}"

    @property
    def pour(self) -> int:
        return self.pour_professionnelle + self.pour_sociale

    @property
    def contre(self) -> int:
        return self.contre_professionnelle + self.contre_sociale

    @property
    def abstention(self) -> int:
        return self.abstention_professionnelle + self.abstention_sociale

    @property
    def blanc(self) -> int:
        return self.blanc_professionnelle + self.blanc_sociale


class Emargement(models.Model):
    """Droit de vote figé à la clôture d'un scrutin : siège, voix, présence, délégation."""

    scrutin = models.ForeignKey(Scrutin, on_delete=models.CASCADE, related_name="emargements")
    siege = models.ForeignKey(Siege, on_delete=models.PROTECT, related_name="+")
    section = models.CharField("section", max_length=20, choices=SECTIONS_DELIBERANTES)
    voix = models.PositiveSmallIntegerField("voix")
    presence = models.CharField("présence", max_length=20, choices=PresenceSiege.choices)
    delegue_a = models.ForeignKey(Siege, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "émargement"
        ordering = ["scrutin", "siege__ordre", "siege__pk"]
        constraints = [
            models.UniqueConstraint(fields=["scrutin", "siege"], name="emargement_un_par_siege"),
        ]

    def __str__(self) -> str:
        return f"{self.siege.libelle} : {self.get_presence_display().lower()}, {self.voix} voix"


class Votant(models.Model):
    """Qui a voté (pour empêcher un double vote), séparé du bulletin quand le scrutin est secret."""

    scrutin = models.ForeignKey(Scrutin, on_delete=models.CASCADE, related_name="votants")
    siege = models.ForeignKey(Siege, on_delete=models.PROTECT, related_name="+")
    exprime_par = models.CharField("exprimé par", max_length=20, choices=ExprimePar.choices)
    enregistre_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    le = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "votant"
        ordering = ["scrutin", "siege__ordre", "siege__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scrutin", "siege"],
                name="votant_un_vote_par_siege",
                violation_error_message="Ce siège a déjà voté à ce tour.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.siege.libelle} a voté ({self.get_exprime_par_display().lower()})"


class Bulletin(models.Model):
    """Un bulletin : son poids (les voix du siège, même pour un suppléant ou un délégataire), qui l'a exprimé,
    son choix. Au scrutin secret, il n'est pas relié au siège."""

    scrutin = models.ForeignKey(Scrutin, on_delete=models.CASCADE, related_name="bulletins")
    siege = models.ForeignKey(Siege, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    section = models.CharField("section", max_length=20, choices=SECTIONS_DELIBERANTES)
    poids = models.PositiveSmallIntegerField("poids (voix)")
    exprime_par = models.CharField("exprimé par", max_length=20, choices=ExprimePar.choices)
    choix = models.CharField("choix", max_length=20, choices=ChoixVote.choices)

    class Meta:
        verbose_name = "bulletin"
        ordering = ["scrutin", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(poids__gte=1),
                name="bulletin_poids_positif",
                violation_error_message="Un bulletin pèse au moins une voix.",
            ),
            models.UniqueConstraint(
                fields=["scrutin", "siege"],
                condition=Q(siege__isnull=False),
                name="bulletin_un_par_siege",
                violation_error_message="Ce siège a déjà un bulletin à ce tour.",
            ),
        ]

    def __str__(self) -> str:
        return f"Bulletin {self.get_choix_display().lower()} ({self.poids} voix)"
