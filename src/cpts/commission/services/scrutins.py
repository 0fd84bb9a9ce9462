"""Les scrutins d'un point de l'ordre du jour : ouverture, droits de vote des sièges, bulletins, résultat
provisoire puis clôture.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cpts.commission.enums import EtatReunion, EtatScrutin, ExprimePar, PresenceSiege
from cpts.commission.models import Bulletin, Emargement, PointOrdreDuJour, Reunion, Scrutin, Siege, Votant
from cpts.commission.services.deliberations import emargements, etat_deliberation, presences_par_siege, sieges_votants
from cpts.regles import commission as regles


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
