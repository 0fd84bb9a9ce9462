"""Présences et délibération : émargements d'une réunion, sièges votants, quorum ; l'enregistrement des
présences refuse les sièges vacants.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from cpts.commission.enums import EtatReunion, EtatScrutin, PresenceSiege
from cpts.commission.models import Presence, Reunion, Scrutin, Siege
from cpts.commission.services.compositions import composition_en_vigueur, sieges_ranges
from cpts.regles import commission as regles


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
