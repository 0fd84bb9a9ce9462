"""Cas d'usage de la commission paritaire régionale : chacun valide, décide et écrit dans une transaction.

Les refus sont des `ValidationError` qui nomment leurs raisons en français. Les règles chiffrées viennent de
`cpts.regles.commission` ; ce module les applique aux données enregistrées.

Plus de 400 lignes : ses sections suivent celles des règles (`cpts.regles.commission`) et partagent le journal et
les transitions de la réunion (`_journaliser`, `_franchir`) qu'ouvrent, tiennent et closent présences et scrutins ;
à découper en paquet le long de ces sections une fois les écritures des pages toutes rassemblées ici.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cpts.commission import courriels
from cpts.commission.enums import (
    ETATS_TENUE,
    EtatReunion,
    EtatScrutin,
    ExprimePar,
    PresenceSiege,
    SectionSiege,
)
from cpts.commission.models import (
    Bulletin,
    Commission,
    Composition,
    Emargement,
    EvenementReunion,
    PointOrdreDuJour,
    Presence,
    PresidenceSection,
    Reunion,
    Scrutin,
    Siege,
    Votant,
)
from cpts.regles import commission as regles

# Composition


def composition_en_vigueur(commission: Commission, le: date) -> Composition | None:
    return commission.compositions.filter(date_effet__lte=le).order_by("-date_effet").first()


def sieges_ranges(composition: Composition) -> QuerySet[Siege]:
    return composition.sieges.select_related("compte_titulaire", "compte_suppleant").order_by("ordre", "pk")


def en_regles(sieges: Iterable[Siege]) -> tuple[list[regles.SiegeVotant], list[regles.SiegeConsultatif]]:
    votants, consultatifs = [], []
    for siege in sieges:
        if siege.section == SectionSiege.CONSULTATIVE:
            consultatifs.append(
                regles.SiegeConsultatif(
                    categorie=siege.categorie,
                    titulaire_designe=siege.titulaire_designe,
                    profession=siege.get_profession_display() if siege.profession else "",
                )
            )
        else:
            votants.append(
                regles.SiegeVotant(
                    section=regles.Section(siege.section),
                    voix=siege.voix,
                    titulaire_designe=siege.titulaire_designe,
                    profession=siege.get_profession_display() if siege.profession else "",
                    centre_de_sante=siege.profession == "centres_de_sante",
                    regime=regles.Regime(siege.regime) if siege.regime else None,
                    libelle=siege.libelle,
                )
            )
    return votants, consultatifs


def bilan(
    composition: Composition, sieges: Iterable[Siege] | None = None, le: date | None = None
) -> regles.BilanComposition:
    """Totaux et contrôles de la composition, aux règles en vigueur le jour `le` (par défaut sa date d'effet) ;
    `sieges` permet de vérifier une modification avant de l'enregistrer."""
    votants, consultatifs = en_regles(sieges if sieges is not None else sieges_ranges(composition))
    return regles.bilan_composition(votants, consultatifs, le or composition.date_effet)


@transaction.atomic
def nouvelle_composition(commission: Commission, date_effet: date, source: str = "") -> Composition:
    """Une composition à une nouvelle date, reprenant les sièges de celle qui était en vigueur."""
    if commission.compositions.filter(date_effet=date_effet).exists():
        raise ValidationError("Cette commission a déjà une composition à cette date.")
    precedente = composition_en_vigueur(commission, date_effet)
    composition = Composition.objects.create(commission=commission, date_effet=date_effet, source=source)
    if precedente is not None:
        for siege in sieges_ranges(precedente):
            siege.pk = None
            siege.id = None
            siege.composition = composition
            siege._state.adding = True
            siege.save()
    return composition


# Présidence


@dataclass(frozen=True)
class AnneePresidence:
    annee: int
    section: regles.Section
    president: PresidenceSection | None
    vice_president: PresidenceSection | None

    @property
    def libelle_section(self) -> str:
        return self.section.libelle


def president_de_section(commission: Commission, section: str, le: date) -> PresidenceSection | None:
    return (
        commission.presidences.filter(section=section, designe_le__lte=le)
        .select_related("siege")
        .order_by("-designe_le")
        .first()
    )


def presidence(commission: Commission, annee: int) -> AnneePresidence | None:
    """Qui préside la commission l'année civile `annee` : la section que désigne l'alternance, et son président
    (celui en fonction le 31 décembre, ou à défaut le premier désigné de l'année)."""
    if commission.date_installation is None:
        return None
    section = regles.section_presidente(annee, commission.date_installation.year)
    if section is None:
        return None
    fin = date(annee, 12, 31)
    return AnneePresidence(
        annee=annee,
        section=section,
        president=president_de_section(commission, section.value, fin),
        vice_president=president_de_section(commission, section.autre.value, fin),
    )


def presidences(commission: Commission, jusqu_a: int) -> list[AnneePresidence]:
    if commission.date_installation is None:
        return []
    annees = range(commission.date_installation.year, jusqu_a + 1)
    return [annee for annee in (presidence(commission, a) for a in annees) if annee is not None]


@transaction.atomic
def designer_president(commission: Commission, section: str, siege: Siege, le: date) -> PresidenceSection:
    if siege.composition.commission_id != commission.pk or siege.section != section:
        raise ValidationError("Le président d'une section est choisi parmi les membres de cette section.")
    if not siege.titulaire_designe:
        raise ValidationError("Ce siège n'a pas de titulaire désigné : il ne peut pas présider.")
    if commission.presidences.filter(section=section, designe_le=le).exists():
        raise ValidationError("Cette section a déjà un président désigné à cette date.")
    return PresidenceSection.objects.create(commission=commission, section=section, siege=siege, designe_le=le)


# Réunions : machine à états


def sieges_convoques(reunion: Reunion) -> list[Siege]:
    """Les sièges de la composition en vigueur à la date de la réunion : leurs titulaires et suppléants reçoivent
    convocation, ordre du jour et relevé."""
    composition = composition_en_vigueur(reunion.commission, reunion.date)
    return list(sieges_ranges(composition)) if composition is not None else []


@dataclass(frozen=True)
class Transition:
    code: str
    libelle: str
    depuis: tuple[str, ...]
    vers: str


CONVOQUER = Transition("convoquer", "Convocation envoyée", (EtatReunion.PREPARATION,), EtatReunion.CONVOQUEE)
OUVRIR = Transition("ouvrir_seance", "Séance ouverte", (EtatReunion.CONVOQUEE,), EtatReunion.EN_SEANCE)
LEVER = Transition("lever_seance", "Séance levée", (EtatReunion.EN_SEANCE,), EtatReunion.TENUE)
PUBLIER = Transition("publier_releve", "Relevé de décisions publié", (EtatReunion.TENUE,), EtatReunion.RELEVE_PUBLIE)
ANNULER = Transition(
    "annuler", "Réunion annulée", (EtatReunion.PREPARATION, EtatReunion.CONVOQUEE), EtatReunion.ANNULEE
)
TRANSITIONS = (CONVOQUER, OUVRIR, LEVER, PUBLIER, ANNULER)
ENVOI_ORDRE_DU_JOUR = "envoyer_ordre_du_jour"


def _journaliser(reunion: Reunion, code: str, libelle: str, avant: str, par: object, motif: str = "") -> None:
    EvenementReunion.objects.create(
        reunion=reunion,
        transition=code,
        libelle=libelle,
        etat_avant=avant,
        etat_apres=reunion.etat,
        par=par if getattr(par, "is_authenticated", False) else None,
        motif=motif,
    )


def _franchir(
    reunion: Reunion, transition: Transition, par: object, motif: str = "", raisons: Iterable[str] = ()
) -> None:
    raisons = list(raisons)
    if reunion.etat not in transition.depuis:
        raisons.insert(
            0,
            f"« {transition.libelle} » n'est pas possible : la réunion est à l'état « {reunion.get_etat_display()} ».",
        )
    if raisons:
        raise ValidationError(raisons)
    avant = reunion.etat
    reunion.etat = transition.vers
    reunion.save()
    _journaliser(reunion, transition.code, transition.libelle, avant, par, motif)


def transitions_possibles(reunion: Reunion) -> list[Transition]:
    return [t for t in TRANSITIONS if reunion.etat in t.depuis]


@transaction.atomic
def creer_reunion(commission: Commission, par: object, **champs: object) -> Reunion:
    reunion = Reunion(commission=commission, **champs)
    reunion.full_clean()
    reunion.save()
    _journaliser(reunion, "creer", "Réunion créée", EtatReunion.PREPARATION, par)
    return reunion


@transaction.atomic
def convoquer(reunion: Reunion, envoyee_le: date, par: object) -> None:
    """Enregistre l'envoi de la convocation ; refusé s'il est tardif, sauf réunion urgente motivée."""
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    raisons = regles.refus_convocation(reunion.date, envoyee_le, reunion.urgente, reunion.motif_urgence)
    reunion.convocation_envoyee_le = envoyee_le
    motif = f"Envoyée le {envoyee_le:%d/%m/%Y}"
    if reunion.urgente and envoyee_le > regles.date_limite_convocation(reunion.date):
        motif += f", hors délai pour urgence : {reunion.motif_urgence}"
    _franchir(reunion, CONVOQUER, par, motif, raisons)
    courriels.convocation(reunion, sieges_convoques(reunion))


@transaction.atomic
def envoyer_ordre_du_jour(reunion: Reunion, envoye_le: date, par: object) -> None:
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    raisons = []
    if reunion.etat not in (EtatReunion.PREPARATION, EtatReunion.CONVOQUEE):
        raisons.append("L'ordre du jour s'envoie avant la séance.")
    if not reunion.points.exists():
        raisons.append("L'ordre du jour n'a aucun point.")
    raisons += regles.refus_ordre_du_jour(reunion.date, envoye_le, reunion.urgente, reunion.motif_urgence)
    if raisons:
        raise ValidationError(raisons)
    reunion.ordre_du_jour_envoye_le = envoye_le
    reunion.save()
    motif = f"Envoyé le {envoye_le:%d/%m/%Y}"
    if reunion.urgente and envoye_le > regles.date_limite_ordre_du_jour(reunion.date):
        motif += f", hors délai pour urgence : {reunion.motif_urgence}"
    _journaliser(reunion, ENVOI_ORDRE_DU_JOUR, "Ordre du jour envoyé", reunion.etat, par, motif)
    courriels.ordre_du_jour(reunion, sieges_convoques(reunion))


@transaction.atomic
def ouvrir_seance(reunion: Reunion, par: object) -> None:
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    raisons = []
    if reunion.ordre_du_jour_envoye_le is None:
        raisons.append("L'ordre du jour n'a pas été envoyé.")
    if composition_en_vigueur(reunion.commission, reunion.date) is None:
        raisons.append("La commission n'a pas de composition en vigueur à la date de la réunion.")
    _franchir(reunion, OUVRIR, par, raisons=raisons)
    commission = reunion.commission
    if commission.date_installation is None:
        commission.date_installation = reunion.date
        commission.save()


@transaction.atomic
def lever_seance(reunion: Reunion, par: object) -> None:
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    ouverts = Scrutin.objects.filter(point__reunion=reunion, etat=EtatScrutin.OUVERT).count()
    raisons = [f"{ouverts} scrutin(s) encore ouvert(s) : closez-les avant de lever la séance."] if ouverts else []
    _franchir(reunion, LEVER, par, raisons=raisons)


@transaction.atomic
def publier_releve(reunion: Reunion, le: date, par: object) -> None:
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    raisons = []
    for point in reunion.points.prefetch_related("scrutins"):
        dernier = point.dernier_scrutin
        if point.deliberation and (dernier is None or dernier.etat != EtatScrutin.CLOS) and not point.decision:
            raisons.append(f"Le point {point.numero} est soumis au vote : ni scrutin clos ni décision écrite.")
        if dernier is not None and dernier.issue == regles.Issue.PARTAGE and not point.decision:
            raisons.append(f"Le point {point.numero} attend son second tour (partage égal des voix).")
    if le < reunion.date:
        raisons.append("Le relevé se publie après la réunion.")
    reunion.releve_publie_le = le
    motif = ""
    limite = regles.date_limite_releve(reunion.date)
    if le > limite:
        motif = f"Publié après le {limite:%d/%m/%Y}, date limite de {(limite - reunion.date).days} jours (par analogie)"
    _franchir(reunion, PUBLIER, par, motif, raisons)
    courriels.releve(reunion, sieges_convoques(reunion))


@transaction.atomic
def annuler(reunion: Reunion, motif: str, par: object) -> None:
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    raisons = [] if motif.strip() else ["Indiquez le motif de l'annulation."]
    _franchir(reunion, ANNULER, par, motif, raisons)


def alerte_reunions(commission: Commission, aujourdhui: date) -> regles.AlerteReunions | None:
    if commission.date_installation is None:
        return None
    dates = commission.reunions.exclude(etat=EtatReunion.ANNULEE).values_list("date", flat=True)
    return regles.alerte_reunions(commission.date_installation.year, dates, aujourdhui)


# Présences et délibération


def sieges_votants(reunion: Reunion) -> list[Siege]:
    composition = composition_en_vigueur(reunion.commission, reunion.date)
    if composition is None:
        return []
    return [s for s in sieges_ranges(composition) if s.votant]


# Un siège vacant n'a personne pour siéger : ni titulaire présent sans titulaire désigné, ni suppléant sans
# suppléant désigné, ni délégation d'un siège sans titulaire ni suppléant.
PRESENCES_D_UN_SIEGE_VACANT = (
    Q(presence=PresenceSiege.TITULAIRE, siege__titulaire_designe=False)
    | Q(presence=PresenceSiege.SUPPLEANT, siege__suppleant_designe=False)
    | Q(delegue_a__isnull=False, siege__titulaire_designe=False, siege__suppleant_designe=False)
)


def presences_par_siege(reunion: Reunion) -> dict[int, Presence]:
    """Les présences qui comptent : celle d'un siège vacant, posée hors du service, n'en est pas une (ni droit de
    vote ni quorum)."""
    return {p.siege_id: p for p in reunion.presences.exclude(PRESENCES_D_UN_SIEGE_VACANT)}


def _raisons_sieges_vacants(sieges: list[Siege], saisies: Mapping[int, tuple[str, int | None]]) -> list[str]:
    raisons = []
    for siege in sieges:
        presence, delegataire = saisies.get(siege.pk, (PresenceSiege.ABSENT, None))
        if presence == PresenceSiege.TITULAIRE and not siege.titulaire_designe:
            raisons.append(f"{siege.libelle} : le siège est vacant (aucun titulaire désigné), il ne siège pas.")
        elif presence == PresenceSiege.SUPPLEANT and not siege.suppleant_designe:
            raisons.append(f"{siege.libelle} : le siège est vacant (aucun suppléant désigné), il ne siège pas.")
        elif delegataire is not None and not (siege.titulaire_designe or siege.suppleant_designe):
            raisons.append(f"{siege.libelle} : le siège est vacant, personne ne peut déléguer son vote.")
    return raisons


def emargements(reunion: Reunion, sieges: list[Siege] | None = None) -> list[regles.Emargement]:
    sieges = sieges if sieges is not None else sieges_votants(reunion)
    presences = presences_par_siege(reunion)
    resultat = []
    for siege in sieges:
        presence = presences.get(siege.pk)
        resultat.append(
            regles.Emargement(
                siege=siege.pk,
                section=regles.Section(siege.section),
                voix=siege.voix,
                presence=regles.Presence(presence.presence) if presence else regles.Presence.ABSENT,
                delegue_a=presence.delegue_a_id if presence else None,
                libelle=siege.libelle,
            )
        )
    return resultat


def etat_deliberation(reunion: Reunion) -> regles.EtatDeliberation:
    return regles.etat_deliberation(emargements(reunion), reunion.date)


@transaction.atomic
def enregistrer_presences(reunion: Reunion, saisies: Mapping[int, tuple[str, int | None]], par: object) -> None:
    """`saisies` : siège → (présence, siège délégataire ou None). Refusé pendant un scrutin ouvert (les droits
    de vote ne changent pas pendant un vote) et si une délégation sort des règles."""
    reunion = Reunion.objects.select_for_update().get(pk=reunion.pk)
    raisons = []
    if reunion.etat not in (EtatReunion.CONVOQUEE, EtatReunion.EN_SEANCE):
        raisons.append("Les présences s'enregistrent pour une réunion convoquée ou en séance.")
    if Scrutin.objects.filter(point__reunion=reunion, etat=EtatScrutin.OUVERT).exists():
        raisons.append("Un scrutin est ouvert : les présences ne changent pas pendant un vote.")
    sieges = sieges_votants(reunion)
    ids = {s.pk for s in sieges}
    inconnus = set(saisies) - ids
    if inconnus:
        raisons.append("Un siège ne fait pas partie de la composition en vigueur à la date de la réunion.")
    raisons += _raisons_sieges_vacants(sieges, saisies)
    if raisons:
        raise ValidationError(raisons)
    proposes = [
        regles.Emargement(
            siege=s.pk,
            section=regles.Section(s.section),
            voix=s.voix,
            presence=regles.Presence(saisies.get(s.pk, (PresenceSiege.ABSENT, None))[0]),
            delegue_a=saisies.get(s.pk, (PresenceSiege.ABSENT, None))[1],
            libelle=s.libelle,
        )
        for s in sieges
    ]
    refus = regles.refus_delegations(proposes, reunion.date)
    if refus:
        raise ValidationError(refus)
    for emargement in proposes:
        Presence.objects.update_or_create(
            reunion=reunion,
            siege_id=emargement.siege,
            defaults={"presence": emargement.presence.value, "delegue_a_id": emargement.delegue_a},
        )


# Scrutins


def _raisons_ouverture(point: PointOrdreDuJour, tour: int) -> list[str]:
    raisons = []
    reunion = point.reunion
    if reunion.etat != EtatReunion.EN_SEANCE:
        raisons.append("Un scrutin s'ouvre pendant la séance.")
    if not point.deliberation:
        raisons.append("Ce point n'est pas soumis au vote.")
    if Scrutin.objects.filter(point__reunion=reunion, etat=EtatScrutin.OUVERT).exists():
        raisons.append("Un autre scrutin est ouvert : closez-le d'abord.")
    precedents = list(point.scrutins.order_by("tour"))
    if tour == 1 and precedents:
        raisons.append("Le premier tour a déjà eu lieu.")
    premier_partage = bool(precedents) and precedents[-1].issue == regles.Issue.PARTAGE
    if tour == 2 and not premier_partage:
        raisons.append("Un second tour ne suit qu'un partage égal des voix au premier tour.")
    raisons += list(etat_deliberation(reunion).raisons)
    return raisons


@transaction.atomic
def ouvrir_scrutin(point: PointOrdreDuJour, par: object) -> Scrutin:
    point = PointOrdreDuJour.objects.select_related("reunion__commission").get(pk=point.pk)
    Reunion.objects.select_for_update().get(pk=point.reunion_id)
    dernier = point.scrutins.order_by("-tour").first()
    tour = 1 if dernier is None else dernier.tour + 1
    raisons = _raisons_ouverture(point, tour)
    if raisons:
        raise ValidationError(raisons)
    return Scrutin.objects.create(
        point=point, tour=tour, secret=tour == 2, ouvert_par=par if getattr(par, "is_authenticated", False) else None
    )


@dataclass(frozen=True)
class DroitDeVote:
    """Un siège qui peut voter à un scrutin, et par qui son vote s'exprime."""

    siege: Siege
    exprime_par: str
    representant: Siege  # le siège de celui qui vote (lui-même, ou le délégataire)

    @property
    def compte(self) -> object:
        """Le compte qui vote : titulaire ou suppléant du siège qui siège (le délégataire pour une délégation)."""
        if self.exprime_par == ExprimePar.DELEGATAIRE:
            return None
        return self.siege.compte_titulaire if self.exprime_par == ExprimePar.TITULAIRE else self.siege.compte_suppleant


def droits_de_vote(reunion: Reunion) -> dict[int, DroitDeVote]:
    sieges = {s.pk: s for s in sieges_votants(reunion)}
    presences = presences_par_siege(reunion)
    droits = {}
    for pk, siege in sieges.items():
        presence = presences.get(pk)
        if presence is None:
            continue
        if presence.presence == PresenceSiege.TITULAIRE:
            droits[pk] = DroitDeVote(siege, ExprimePar.TITULAIRE, siege)
        elif presence.presence == PresenceSiege.SUPPLEANT:
            droits[pk] = DroitDeVote(siege, ExprimePar.SUPPLEANT, siege)
        elif presence.delegue_a_id in sieges:
            droits[pk] = DroitDeVote(siege, ExprimePar.DELEGATAIRE, sieges[presence.delegue_a_id])
    return droits


def compte_qui_siege(reunion: Reunion, siege: Siege) -> object:
    presence = presences_par_siege(reunion).get(siege.pk)
    if presence is None:
        return None
    if presence.presence == PresenceSiege.TITULAIRE:
        return siege.compte_titulaire
    if presence.presence == PresenceSiege.SUPPLEANT:
        return siege.compte_suppleant
    return None


def sieges_du_membre(reunion: Reunion, utilisateur: object) -> list[DroitDeVote]:
    """Les votes qu'un membre exprime lui-même : son siège s'il y siège, et les délégations qu'il a reçues."""
    droits = droits_de_vote(reunion)
    siens = []
    for droit in droits.values():
        qui_siege = compte_qui_siege(reunion, droit.representant)
        if qui_siege is not None and qui_siege == utilisateur:
            siens.append(droit)
    return siens


@transaction.atomic
def voter(scrutin: Scrutin, siege: Siege, choix: str, par: object, pour_le_secretariat: bool = False) -> None:
    """Un bulletin pour `siege`, pesant ses voix. Le secrétariat enregistre pour tout siège qui a le droit de
    voter ; un membre vote pour lui-même ou pour l'absent qui lui a délégué son vote."""
    scrutin = Scrutin.objects.select_for_update().select_related("point__reunion__commission").get(pk=scrutin.pk)
    reunion = scrutin.point.reunion
    raisons = []
    if scrutin.etat != EtatScrutin.OUVERT:
        raisons.append("Ce scrutin est clos.")
    if choix not in {c.value for c in regles.Choix}:
        raisons.append("Choix de vote inconnu.")
    droit = droits_de_vote(reunion).get(siege.pk)
    if droit is None:
        raisons.append(f"{siege.libelle} n'a pas de droit de vote à cette séance (absent sans délégation).")
    elif not pour_le_secretariat and droit not in sieges_du_membre(reunion, par):
        raisons.append("Vous ne votez que pour votre siège ou pour l'absent qui vous a délégué son vote.")
    if Votant.objects.filter(scrutin=scrutin, siege=siege).exists():
        raisons.append(f"{siege.libelle} a déjà voté à ce tour.")
    if raisons:
        raise ValidationError(raisons)
    auteur = par if getattr(par, "is_authenticated", False) else None
    Votant.objects.create(scrutin=scrutin, siege=siege, exprime_par=droit.exprime_par, enregistre_par=auteur)
    Bulletin.objects.create(
        scrutin=scrutin,
        siege=None if scrutin.secret else siege,
        section=siege.section,
        poids=siege.voix,
        exprime_par=droit.exprime_par,
        choix=choix,
    )


def bulletins_visibles(scrutin: Scrutin) -> QuerySet[Bulletin]:
    """Le détail des bulletins d'un scrutin clos. Au scrutin secret, aucun : seuls les totaux par section se
    publient (un poids ou l'ordre des bulletins suffirait à reconnaître le vote d'une organisation)."""
    if scrutin.etat != EtatScrutin.CLOS or scrutin.secret:
        return Bulletin.objects.none()
    return scrutin.bulletins.select_related("siege").order_by("section", "siege__ordre", "pk")


def resultat_provisoire(scrutin: Scrutin) -> regles.Resultat:
    bulletins = [
        regles.Bulletin(regles.Section(b.section), b.poids, regles.Choix(b.choix)) for b in scrutin.bulletins.all()
    ]
    return regles.resultat_scrutin(bulletins, scrutin.tour, scrutin.point.reunion.date)


@transaction.atomic
def clore_scrutin(scrutin: Scrutin, par: object) -> regles.Resultat:
    """Fige les droits de vote et les présences (émargements) et écrit le décompte et l'issue."""
    scrutin = Scrutin.objects.select_for_update().select_related("point__reunion__commission").get(pk=scrutin.pk)
    if scrutin.etat != EtatScrutin.OUVERT:
        raise ValidationError("Ce scrutin est déjà clos.")
    reunion = scrutin.point.reunion
    sieges = sieges_votants(reunion)
    presences = presences_par_siege(reunion)
    Emargement.objects.bulk_create(
        Emargement(
            scrutin=scrutin,
            siege=siege,
            section=siege.section,
            voix=siege.voix,
            presence=presences[siege.pk].presence if siege.pk in presences else PresenceSiege.ABSENT,
            delegue_a_id=presences[siege.pk].delegue_a_id if siege.pk in presences else None,
        )
        for siege in sieges
    )
    etat = regles.etat_deliberation(emargements(reunion, sieges), reunion.date)
    resultat = resultat_provisoire(scrutin)
    for section, decompte in (("professionnelle", resultat.professionnelle), ("sociale", resultat.sociale)):
        etat_section = etat.professionnelle if section == "professionnelle" else etat.sociale
        setattr(scrutin, f"quorum_requis_{section}", etat_section.quorum_requis)
        setattr(scrutin, f"membres_presents_{section}", etat_section.membres_presents)
        setattr(scrutin, f"voix_representees_{section}", etat_section.voix_representees)
        setattr(scrutin, f"pour_{section}", decompte.pour)
        setattr(scrutin, f"contre_{section}", decompte.contre)
        setattr(scrutin, f"abstention_{section}", decompte.abstention)
        setattr(scrutin, f"blanc_{section}", decompte.blanc)
    scrutin.issue = resultat.issue.value
    scrutin.etat = EtatScrutin.CLOS
    scrutin.clos_le = timezone.now()
    scrutin.clos_par = par if getattr(par, "is_authenticated", False) else None
    scrutin.save()
    return resultat


# Relevé de décisions


def reunion_complete(reunion_pk: int) -> Reunion:
    return (
        Reunion.objects.select_related("commission")
        .prefetch_related(Prefetch("points", queryset=PointOrdreDuJour.objects.prefetch_related("scrutins")))
        .get(pk=reunion_pk)
    )


def decisions_visibles(utilisateur: object, recherche: str = "") -> QuerySet[PointOrdreDuJour]:
    """Les décisions des relevés publiés, dans le périmètre de l'utilisateur, filtrées par un texte."""
    points = (
        PointOrdreDuJour.objects.visibles_par(utilisateur)
        .filter(reunion__etat=EtatReunion.RELEVE_PUBLIE)
        .select_related("reunion__commission")
        .prefetch_related("scrutins")
        .order_by("-reunion__date", "numero")
    )
    for mot in recherche.split():
        points = points.filter(Q(intitule__icontains=mot) | Q(decision__icontains=mot))
    return points


def reunions_tenues(commission: Commission) -> QuerySet[Reunion]:
    return commission.reunions.filter(etat__in=ETATS_TENUE)
