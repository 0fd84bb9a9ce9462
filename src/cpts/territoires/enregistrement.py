"""Enregistrer la composition d'un territoire : une nouvelle version, ou un refus motivé.

Une commune appartient au plus à une CPTS ([urps-med-aura-guide-2022], « 2.3 ») : un territoire qui reprend une commune
d'une autre CPTS est refusé, sauf arbitrage explicite d'un agent habilité (partage ou fusion), gardé
dans l'historique.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from cpts import bornes
from cpts.comptes.droits import Action, autorise
from cpts.comptes.roles import Role
from cpts.dossiers.ecriture import exiger_ouverte
from cpts.dossiers.enums import Instance, TransitionEtape
from cpts.dossiers.etapes import franchir
from cpts.dossiers.models import Cpts
from cpts.territoires import populations
from cpts.territoires.composition import resumer
from cpts.territoires.models import Arbitrage, Commune, Territoire, UniteTerritoire


def territoire_en_cours(cpts: Cpts) -> Territoire | None:
    return cpts.territoires.en_cours().first()


@transaction.atomic
def enregistrer(
    cpts: Cpts,
    codes: Iterable[str],
    auteur: object,
    date: datetime.date | None = None,
    arbitrages: Mapping[str, Arbitrage.Decision] | None = None,
    motif: str = "",
) -> Territoire:
    """Clôt le territoire en cours de la CPTS et ouvre la nouvelle version, à la date donnée."""
    date = date or timezone.localdate()
    if refus := bornes.date_hors_bornes(date):
        raise ValidationError(f"Date de la nouvelle version : {refus}.")
    arbitrages = arbitrages or {}
    # Verrouiller la CPTS sérialise les enregistrements concurrents de son territoire.
    Cpts.objects.select_for_update().filter(pk=cpts.pk).first()
    exiger_ouverte(cpts)
    resume = resumer(codes, date, cpts.pk)
    erreurs = _erreurs(resume.inconnues, resume.chevauchements, bool(resume.unites))
    non_arbitres = [conflit for conflit in resume.conflits if conflit.commune not in arbitrages]
    erreurs += [
        f"{conflit.nom_commune} ({conflit.commune}) appartient déjà au territoire de la CPTS {conflit.cpts}."
        for conflit in non_arbitres
    ]
    if erreurs:
        raise ValidationError(erreurs)
    codes_retenus = {unite.code for unite in resume.unites}
    for conflit in resume.conflits:
        autre = Cpts.objects.get(pk=conflit.cpts_id)
        if not (autorise(auteur, Action.ARBITRER, cpts) and autorise(auteur, Action.ARBITRER, autre)):
            raise ValidationError(
                "Seul un agent ARS ou CPAM dont le périmètre couvre les deux CPTS peut arbitrer ce conflit."
            )
        if not motif.strip():
            raise ValidationError("Un arbitrage doit être motivé : indiquez le motif de la décision.")
        decision = arbitrages[conflit.commune]
        Arbitrage.objects.create(
            commune_id=conflit.commune,
            cpts_beneficiaire=cpts,
            cpts_cedante=autre,
            decision=decision,
            motif=motif,
            auteur=auteur,
        )
        codes_retenus |= _appliquer(decision, autre, cpts, conflit.commune, auteur, date)
    return _nouvelle_version(cpts, codes_retenus, auteur, date)


def _erreurs(inconnues: list[str], chevauchements: list[str], unites: bool) -> list[str]:
    erreurs = [f"Code INSEE inconnu : {code}." for code in inconnues] + chevauchements
    if not unites and not inconnues:
        erreurs.append("Un territoire compte au moins une commune.")
    return erreurs


def _appliquer(
    decision: str, autre: Cpts, beneficiaire: Cpts, commune: str, auteur: object, date: datetime.date
) -> set[str]:
    """Retire la commune (partage) ou tout le territoire (fusion) à l'autre CPTS ; rend ce qui est absorbé."""
    territoire = territoire_en_cours(autre)
    if territoire is None:
        return set()
    codes = set(territoire.unites.values_list("commune_id", flat=True))
    if decision == Arbitrage.Decision.FUSION:
        # La fusion est une décision d'étape : elle passe par la machine à états des dossiers, qui clôt le
        # territoire absorbé et l'ajoute à celui de la CPTS absorbante (rendre_le_territoire).
        instance = Instance.CPAM if getattr(auteur, "role", "") == Role.AGENT_CPAM else Instance.ARS
        motif = f"Arbitrage de territoire sur la commune {commune} : fusion."
        franchir(
            autre,
            TransitionEtape.FUSIONNER,
            auteur,
            date=date,
            instance=instance,
            motif=motif,
            cpts_absorbante=beneficiaire,
        )
        return codes
    restants = codes - _codes_lies(commune)
    if restants:
        _nouvelle_version(autre, restants, auteur, date)
    else:
        _clore(territoire, date)
    return set()


def _codes_lies(code: str) -> set[str]:
    """La commune, sa commune parente et ses arrondissements : ce qu'un partage retire à l'autre CPTS."""
    parent = Commune.objects.filter(code=code).values_list("commune_parent_id", flat=True).first()
    return {code, *Commune.objects.filter(commune_parent_id=code).values_list("code", flat=True)} | (
        {parent} if parent else set()
    )


def _clore(territoire: Territoire, date: datetime.date) -> None:
    # Une version ouverte et close le même jour n'est jamais en vigueur : l'historique la garde.
    territoire.fin = max(date, territoire.debut)
    territoire.save(update_fields=["fin"])


def _nouvelle_version(cpts: Cpts, codes: set[str], auteur: object, date: datetime.date) -> Territoire:
    en_cours = territoire_en_cours(cpts)
    if en_cours is not None:
        _clore(en_cours, date)
    territoire = Territoire(cpts=cpts, debut=date, cree_par=auteur if getattr(auteur, "pk", None) else None)
    unites = list(Commune.objects.filter(code__in=codes, active=True).only("code", "population"))
    territoire.population = sum(unite.population for unite in unites)
    territoire.save()
    UniteTerritoire.objects.bulk_create([UniteTerritoire(territoire=territoire, commune=unite) for unite in unites])
    populations.recalculer([territoire.pk])
    return territoire


def rendre_le_territoire(
    sender: object, *, cpts: Cpts, date: datetime.date, auteur: object, absorbante: Cpts | None, **kwargs: object
) -> None:
    """Un projet fermé rend son territoire ; fusionné, la CPTS absorbante en reprend les communes.

    Branché sur `cpts.dossiers.etapes.cpts_fermee` (TerritoiresConfig.ready) : c'est le seul endroit qui transfère
    un territoire lors d'une fusion, qu'elle soit décidée au dossier ou par un arbitrage de territoire.
    """
    territoire = territoire_en_cours(cpts)
    if territoire is None:
        return
    codes = set(territoire.unites.values_list("commune_id", flat=True))
    _clore(territoire, date)
    if absorbante is None or not codes:
        return
    territoire_absorbant = territoire_en_cours(absorbante)
    if territoire_absorbant is not None:
        codes |= set(territoire_absorbant.unites.values_list("commune_id", flat=True))
    try:
        enregistrer(absorbante, sorted(codes), auteur, date=date)
    except ValidationError as erreur:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    f"Le territoire de {absorbante} ne peut absorber les communes : {m}" for m in erreur.messages
                ]
            }
        ) from None
