"""Tenir les comptes annuels d'une CPTS : ouvrir l'exercice (ACI pré-remplie depuis le registre des versements),
saisir les lignes et les indemnités, importer un FEC, déposer. Chaque écriture est entière ou n'a pas lieu."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpts.comptabilite import sources
from cpts.comptabilite.enums import Source, Statut
from cpts.comptabilite.models import Correspondance, Exercice, Indemnite, LigneExercice
from cpts.comptes.droits import Action, exiger
from cpts.concurrence import verrouiller
from cpts.dossiers.models import Cpts
from cpts.regles.comptabilite import fec, plan
from cpts.regles.comptabilite.indemnites import Indemnisation, par_beneficiaire
from cpts.regles.comptabilite.parametres import parametre

ZERO = plan.ZERO


def comptes_de(exercice: Exercice) -> plan.Comptes:
    lignes = tuple(plan.Ligne(x.poste, x.mission, x.montant) for x in exercice.lignes.all())
    return plan.Comptes(lignes, exercice.reserves_ouverture)


def indemnisations_de(exercice: Exercice) -> list[Indemnisation]:
    return [Indemnisation(i.beneficiaire, i.mission, i.heures, i.montant) for i in exercice.indemnites.all()]


def plafond(annee: int) -> Decimal | None:
    """Le plafond annuel par membre en vigueur au 31 décembre de l'exercice ; None avant le décret."""
    valeur = parametre("indemnites.plafond_annuel_par_membre").en_vigueur(date(annee, 12, 31))
    return None if valeur is None else Decimal(valeur.valeur)


def beneficiaires(exercice: Exercice) -> list[Any]:
    return par_beneficiaire(indemnisations_de(exercice), plafond(exercice.annee))


def _brouillon(exercice: Exercice, auteur: Any, revision: int | None = None) -> Exercice:
    exercice = Exercice.objects.select_for_update().get(pk=exercice.pk)
    exiger(auteur, Action.TENIR_COMPTES, exercice)
    if revision is not None:
        verrouiller(exercice, revision)
    if exercice.depose:
        raise ValidationError(f"Les comptes {exercice.annee} sont déposés : ils ne se modifient plus.")
    return exercice


@transaction.atomic
def ouvrir(cpts: Cpts, annee: int, auteur: Any) -> Exercice:
    """Les comptes de l'exercice, créés au besoin avec l'ACI de l'année pré-remplie par mission depuis le registre
    des versements, et les réserves reportées des comptes déposés de l'année précédente."""
    exiger(auteur, Action.TENIR_COMPTES, cpts)
    if isinstance(annee, bool) or not isinstance(annee, int) or not 2019 <= annee <= timezone.localdate().year:
        raise ValidationError({"annee": f"Exercice « {annee} » : une année de 2019 à l'année en cours."})
    existant = Exercice.objects.filter(cpts=cpts, annee=annee).first()
    if existant is not None:
        return existant
    precedent = Exercice.objects.filter(cpts=cpts, annee=annee - 1, statut=Statut.DEPOSE).first()
    ouverture = precedent.reserves_cloture if precedent else ZERO
    exercice = Exercice(cpts=cpts, annee=annee, reserves_ouverture=ouverture, reserves_cloture=ouverture)
    exercice._history_user = auteur
    exercice.save()
    LigneExercice.objects.bulk_create(
        LigneExercice(exercice=exercice, poste="aci", mission=mission, montant=montant)
        for mission, montant in sources.versements_de_l_annee(cpts, annee).items()
    )
    return exercice


def _lire_montant(brut: object, champ: str, erreurs: dict[str, list[str]], signe: bool = False) -> Decimal:
    texte = str(brut if brut is not None else "").strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        montant = Decimal(texte or "0")
    except ArithmeticError:
        erreurs.setdefault(champ, []).append(f"« {brut} » n'est pas un montant (12 500,00).")
        return ZERO
    if not montant.is_finite() or (not signe and montant < 0):
        erreurs.setdefault(champ, []).append(f"Montant négatif refusé : {brut}.")
        return ZERO
    if montant != montant.quantize(Decimal("0.01")):
        erreurs.setdefault(champ, []).append(f"« {brut} » : deux décimales au plus.")
    return montant


@transaction.atomic
def enregistrer(
    exercice: Exercice,
    auteur: Any,
    *,
    montants: dict[tuple[str, str], object],
    reserves_ouverture: object,
    reserves_cloture: object,
    revision: int | None,
) -> Exercice:
    """Remplace les lignes des comptes par celles saisies ((poste, mission) → montant) ; rien n'est écrit si une
    seule est refusée. Les réserves peuvent être négatives (report à nouveau débiteur)."""
    exercice = _brouillon(exercice, auteur, revision)
    erreurs: dict[str, list[str]] = {}
    lignes = [
        plan.Ligne(poste, mission, _lire_montant(brut, f"{poste}-{mission}", erreurs))
        for (poste, mission), brut in montants.items()
    ]
    ouverture = _lire_montant(reserves_ouverture, "reserves_ouverture", erreurs, signe=True)
    cloture = _lire_montant(reserves_cloture, "reserves_cloture", erreurs, signe=True)
    if problemes := plan.erreurs_lignes(lignes, sources.missions()):
        erreurs.setdefault("__all__", []).extend(problemes)
    if erreurs:
        raise ValidationError(erreurs)
    _remplacer(exercice, [x for x in lignes if x.montant])
    exercice.reserves_ouverture, exercice.reserves_cloture = ouverture, cloture
    exercice.source = Source.SAISIE
    exercice._history_user = auteur
    exercice.save()
    return exercice


def _remplacer(exercice: Exercice, lignes: Iterable[plan.Ligne]) -> None:
    exercice.lignes.all().delete()
    LigneExercice.objects.bulk_create(
        LigneExercice(exercice=exercice, poste=x.poste, mission=x.mission, montant=x.montant) for x in lignes
    )


@transaction.atomic
def enregistrer_indemnites(exercice: Exercice, auteur: Any, lignes: list[dict[str, object]]) -> Exercice:
    """Remplace les indemnités de l'exercice (bénéficiaire, profession, mission, heures, montant). Un dépassement
    du plafond est permis ici et signalé partout : l'assemblée générale en répond."""
    exercice = _brouillon(exercice, auteur)
    connues = set(sources.missions())
    erreurs: dict[str, list[str]] = {}
    retenues: dict[tuple[str, str], Indemnite] = {}
    for rang, ligne in enumerate(lignes, 1):
        nom = str(ligne.get("beneficiaire") or "").strip()
        mission = str(ligne.get("mission") or "").strip()
        champ = f"ligne-{rang}"
        if not nom:
            erreurs.setdefault(champ, []).append(f"Ligne {rang} : le nom du bénéficiaire est obligatoire.")
        if mission not in connues:
            erreurs.setdefault(champ, []).append(f"Ligne {rang} : mission inconnue « {mission} ».")
        heures = _lire_montant(ligne.get("heures"), champ, erreurs)
        montant = _lire_montant(ligne.get("montant"), champ, erreurs)
        if (nom.casefold(), mission) in retenues:
            erreurs.setdefault(champ, []).append(f"Ligne {rang} : {nom} a déjà une ligne pour cette mission.")
        retenues[(nom.casefold(), mission)] = Indemnite(
            exercice=exercice,
            beneficiaire=nom,
            profession=str(ligne.get("profession") or "").strip()[:100],
            mission=mission,
            heures=heures,
            montant=montant,
        )
    if erreurs:
        raise ValidationError(erreurs)
    exercice.indemnites.all().delete()
    Indemnite.objects.bulk_create(retenues.values())
    exercice._history_user = auteur
    exercice.save(update_fields=["modifie_le"])
    return exercice


@transaction.atomic
def importer_fec(exercice: Exercice, auteur: Any, contenu: bytes) -> Exercice:
    """Remplace les lignes et les réserves par celles du FEC ; refusé en entier à la moindre erreur
    (`ValidationError` portant le rapport ligne par ligne)."""
    exercice = _brouillon(exercice, auteur)
    try:
        lu = fec.lire(contenu, exercice.annee, sources.prefixes_de(exercice.cpts), sources.missions())
    except fec.FecRefuse as refus:
        raise ValidationError({"fichier": refus.erreurs}) from None
    _remplacer(exercice, lu.lignes)
    comptes = plan.Comptes(lu.lignes, lu.reserves_ouverture)
    exercice.reserves_ouverture, exercice.reserves_cloture = lu.reserves_ouverture, comptes.reserves_cloture
    exercice.source, exercice.rapport_import = Source.FEC, "\n".join(lu.rapport)
    exercice._history_user = auteur
    exercice.save()
    return exercice


@transaction.atomic
def deposer(exercice: Exercice, auteur: Any, revision: int | None = None) -> Exercice:
    """Dépose des comptes équilibrés : ils se figent et deviennent visibles dans les vues régionales et nationales."""
    exercice = _brouillon(exercice, auteur, revision)
    indemnites = sum((i.montant for i in exercice.indemnites.all()), ZERO)
    if erreurs := plan.desequilibres(comptes_de(exercice), exercice.reserves_cloture, indemnites):
        raise ValidationError(erreurs)
    exercice.statut, exercice.depose_le, exercice.depose_par = Statut.DEPOSE, timezone.now(), auteur
    exercice.population = sources.population(exercice.cpts)
    exercice._history_user = auteur
    exercice.save()
    return exercice


@transaction.atomic
def enregistrer_correspondance(cpts: Cpts, auteur: Any, lignes: list[tuple[str, str]]) -> None:
    """Remplace la correspondance propre de la CPTS (préfixe → poste)."""
    exiger(auteur, Action.TENIR_COMPTES, cpts)
    erreurs = []
    vus: set[str] = set()
    for prefixe, poste in lignes:
        if not prefixe.isdigit() or len(prefixe) > 10:
            erreurs.append(f"Préfixe « {prefixe} » : des chiffres attendus (641, 7061).")
        elif prefixe in vus:
            erreurs.append(f"Préfixe « {prefixe} » donné deux fois.")
        if poste not in plan.CODES_POSTES:
            erreurs.append(f"Préfixe « {prefixe} » : poste inconnu « {poste} ».")
        elif prefixe[:1] in "67" and (plan.PAR_CODE[poste].sens == plan.Sens.CHARGE) != (prefixe[:1] == "6"):
            erreurs.append(f"Préfixe « {prefixe} » : un compte de classe {prefixe[:1]} ne va pas au poste « {poste} ».")
        vus.add(prefixe)
    if erreurs:
        raise ValidationError(erreurs)
    Correspondance.objects.filter(cpts=cpts).delete()
    Correspondance.objects.bulk_create(Correspondance(cpts=cpts, prefixe=p, poste=q) for p, q in lignes)
