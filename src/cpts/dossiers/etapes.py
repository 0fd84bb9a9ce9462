"""Les étapes d'un projet de CPTS comme machine à états : la table des transitions, leurs gardes, leurs effets.

Chaque transition nomme ses étapes de départ, son étape d'arrivée, les instances qui peuvent la décider
([ars-aura-guide] « LES ÉTAPES » : ECD, CTR, ARS ; l'ARS et la CPAM co-instruisent) et ses conditions. `franchir`
vérifie tout, puis écrit une ligne `DecisionEtape` immuable (qui, quand, quelle instance, quelle version de
document) et change l'étape, dans une seule transaction : un refus n'écrit rien et dit toutes ses raisons.

Une machine écrite ici plutôt que django-fsm-2 : ses conditions ne rendent qu'un booléen, alors qu'un refus
doit nommer chacune de ses raisons en français ; et la table reste une donnée que l'interface, l'API et les
tests parcourent.

Plus de 400 lignes : la machine à états se lit d'un tenant (la table des transitions, leurs gardes, leurs effets) ;
la séparer ferait suivre chaque transition dans trois modules.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from cpts.comptes.droits import Action, autorisations, autorise
from cpts.dossiers import courriels, documents
from cpts.dossiers.enums import ETAPES_OUVERTES, Etape, Instance, MissionAci, TransitionEtape, TypeDocument
from cpts.dossiers.models import Cpts, DecisionEtape, Depot
from cpts.dossiers.parametres import subvention_pre_projet
from cpts.preparees import LecturePreparee, Parametre
from cpts.regles.parametres import referentiel

T = TransitionEtape
INSTANCES_INSTRUCTION = (Instance.ECD, Instance.CTR, Instance.ARS, Instance.CPAM, Instance.ARS_CPAM)

# Envoyé dans la transaction de la décision qui ferme un projet (abandon, fusion), avec `cpts`, `date`, `auteur`
# et `absorbante` (la CPTS qui reprend le projet fusionné, sinon None). Le territoire appartient aux territoires,
# qui dépendent des dossiers : c'est cette application qui écoute et rend ou transfère les communes. Une erreur du
# récepteur annule la décision.
cpts_fermee = Signal()


@dataclass(frozen=True)
class Demande:
    """Ce qu'on demande à la machine : franchir `transition` pour `cpts`, à `date`, par décision de `instance`."""

    cpts: Cpts
    transition: "Transition"
    date: datetime.date
    instance: str
    motif: str
    auteur: Any
    depot: Depot | None = None
    cpts_absorbante: Cpts | None = None
    # Reprise d'un historique tenu hors de la plateforme (import du portefeuille) : voir `franchir`.
    reprise: bool = False
    # Ce que l'appelant a déjà lu du dossier (la fiche, pour ses contrôles) ; None : les gardes lisent la base.
    lu: "Lu | None" = None


@dataclass(frozen=True)
class Lu:
    """Les lectures du dossier qu'une page a déjà faites, reprises par les gardes au lieu d'être refaites : toutes les
    versions déposées de ses documents (chacune avec son document), et la version en cours de son territoire (None :
    aucune). Une décision ne s'en sert pas : `franchir` relit tout dans sa transaction."""

    depots: tuple[Depot, ...]
    territoire: Any


Garde = Callable[[Demande], list[str]]


@dataclass(frozen=True)
class Transition:
    code: TransitionEtape
    depuis: frozenset[str]
    vers: Etape
    instances: tuple[Instance, ...]
    gardes: tuple[Garde, ...] = ()
    motif_obligatoire: bool = False
    # Franchie par le dépôt d'un document par l'équipe projet (droit de modifier), et non par une décision
    # d'instruction (droit d'instruire).
    par_depot: bool = False

    @property
    def libelle(self) -> str:
        return self.code.label

    @property
    def action(self) -> Action:
        return Action.MODIFIER if self.par_depot else Action.INSTRUIRE


# Lectures du dossier utilisées par les gardes


# Le dernier dépôt d'un type de document : le plus récent, départagé par l'ordre d'enregistrement.
RECENCE = ("depose_le", "pk")


def dernier_depot(cpts: Cpts, type_document: str) -> Depot | None:
    return (
        Depot.objects.filter(document__cpts=cpts, document__type=type_document)
        .select_related("document")
        .order_by(*(f"-{champ}" for champ in RECENCE))
        .first()
    )


def _par_document(depots: Iterable[Depot]) -> list[Depot]:
    """La dernière version de chaque document parmi `depots`, par document."""
    derniers: dict[int, Depot] = {}
    for depot in sorted(depots, key=attrgetter("numero")):
        derniers[depot.document_id] = depot
    return sorted(derniers.values(), key=attrgetter("document_id"))


def derniers_depots(cpts: Cpts, type_document: str) -> list[Depot]:
    """La dernière version déposée de chaque document du type (chaque fiche action, chaque budget)."""
    return _par_document(Depot.objects.filter(document__cpts=cpts, document__type=type_document))


def _du_type(lu: Lu, type_document: str) -> list[Depot]:
    return [depot for depot in lu.depots if depot.document.type == type_document]


def _dernier_depot(demande: Demande, type_document: str) -> Depot | None:
    if demande.lu is None:
        return dernier_depot(demande.cpts, type_document)
    return max(_du_type(demande.lu, type_document), key=attrgetter(*RECENCE), default=None)


def _derniers_depots(demande: Demande, type_document: str) -> list[Depot]:
    if demande.lu is None:
        return derniers_depots(demande.cpts, type_document)
    return _par_document(_du_type(demande.lu, type_document))


def missions_socles(le: datetime.date) -> list[str]:
    """Les missions socles du texte en vigueur (avenant 2 : accès aux soins, parcours, prévention, crises)."""
    return [code for code, mission in referentiel().bareme_au(le).missions.items() if mission.categorie == "socle"]


def _incomplet(depot: Depot, nom: str) -> list[str]:
    modele = documents.modele(depot.document.type)
    manques = documents.manquants(modele, depot.contenu.get("valeurs", {}), depot.contenu.get("annexes", {}))
    if not manques:
        return []
    return [f"{nom} déposé (version {depot.numero}) est incomplet : " + " ".join(manques)]


# Gardes : chacune rend la liste de ses raisons de refuser (vide : la condition est remplie).


def pre_projet_depose(demande: Demande) -> list[str]:
    if _dernier_depot(demande, TypeDocument.PRE_PROJET) is None:
        return ["Aucun pré-projet n'a été déposé."]
    return []


def pre_projet_complet(demande: Demande) -> list[str]:
    depot = _dernier_depot(demande, TypeDocument.PRE_PROJET)
    if depot is None:
        return ["Aucun pré-projet n'a été déposé : il n'y a rien à valider."]
    return _incomplet(depot, "Le pré-projet")


def projet_sante_depose(demande: Demande) -> list[str]:
    if _dernier_depot(demande, TypeDocument.PROJET_SANTE) is None:
        return ["Aucun projet de santé n'a été déposé."]
    return []


def projet_sante_complet(demande: Demande) -> list[str]:
    depot = _dernier_depot(demande, TypeDocument.PROJET_SANTE)
    if depot is None:
        return ["Aucun projet de santé n'a été déposé : il n'y a rien à valider."]
    return _incomplet(depot, "Le projet de santé")


def missions_socles_couvertes(demande: Demande) -> list[str]:
    """Chaque mission socle a au moins une fiche action déposée ([ars-aura-guide] annexe 4, 2.2 ; avenant 2 :
    quatre)."""
    couvertes = {depot.contenu.get("valeurs", {}).get("mission") for depot in _derniers_depots(demande, "fiche_action")}
    absentes = [MissionAci(code).label for code in missions_socles(demande.date) if code not in couvertes]
    if absentes:
        return [
            "Mission socle sans fiche action déposée : " + ", ".join(absentes) + ". Sans toutes les missions "
            "socles, le projet ne peut être reconnu comme CPTS ni financé au titre de l'ACI (guide ARS"
            " Auvergne-Rhône-Alpes, annexe 4)."
        ]
    return []


def budget_depose(demande: Demande) -> list[str]:
    if not _derniers_depots(demande, TypeDocument.BUDGET):
        return ["Aucun budget prévisionnel n'a été déposé (annexe 4, 3.1)."]
    return []


def _unites() -> Any:
    from cpts.territoires.models import UniteTerritoire

    champ = UniteTerritoire._meta.get_field("territoire")
    return UniteTerritoire.objects.filter(territoire_id=Parametre("territoire", champ)).values_list("commune_id")


# Les communes du territoire, lues par la fiche à chaque affichage : une lecture préparée.
_UNITES = LecturePreparee(_unites)


def territoire_sans_conflit(demande: Demande) -> list[str]:
    from cpts.territoires.composition import conflits

    territoire = demande.cpts.territoires.en_cours().first() if demande.lu is None else demande.lu.territoire
    codes = [code for (code,) in _UNITES.lignes(territoire=territoire.pk)] if territoire else []
    if not codes:
        return ["La CPTS n'a pas de territoire enregistré : composez-le avant cette décision."]
    # Les seuls conflits, sans le reste du résumé (contiguïté, départements) que la garde ne lit pas.
    return [
        f"Territoire en conflit : {conflit.nom_commune} ({conflit.commune}) appartient aussi à la CPTS {conflit.cpts}."
        for conflit in conflits(codes, demande.date, demande.cpts.pk)
    ]


def pluriprofessionnelle(demande: Demande) -> list[str]:
    from cpts.dossiers.membres import refus_pluriprofessionnalite

    refus = refus_pluriprofessionnalite(demande.cpts)
    return [refus] if refus else []


def association_creee(demande: Demande) -> list[str]:
    cpts = demande.cpts
    raisons = []
    if cpts.association_statut != "creee" or not cpts.association_nom:
        raisons.append("Le contrat se signe avec l'association porteuse : elle doit être créée et nommée.")
    if not cpts.siret:
        raisons.append("SIRET de l'association : à renseigner avant la signature du contrat.")
    return raisons


def dans_le_delai_d_opposition(demande: Demande) -> list[str]:
    echeance = demande.cpts.reputee_validee_le
    if echeance is not None and demande.date >= echeance:
        return [
            f"Le projet de santé est réputé validé le {echeance:%d/%m/%Y}, deux mois après son dépôt : l'ARS ne "
            "peut plus s'y opposer (code de la santé publique, article L1434-12)."
        ]
    return []


def delai_d_opposition_ecoule(demande: Demande) -> list[str]:
    echeance = demande.cpts.reputee_validee_le
    if echeance is None or echeance > timezone.localdate():
        quand = f" le {echeance:%d/%m/%Y}" if echeance else ""
        return [f"Le délai de deux mois de l'ARS court encore : le projet de santé sera réputé validé{quand}."]
    return []


def cpts_absorbante_valide(demande: Demande) -> list[str]:
    cible = demande.cpts_absorbante
    if cible is None:
        return []  # l'absence est signalée sur le champ lui-même
    if cible.pk == demande.cpts.pk:
        return ["Une CPTS ne fusionne pas dans elle-même."]
    if not autorise(demande.auteur, Action.VOIR, cible):
        return ["CPTS absorbante : identifiant inconnu."]  # hors du périmètre : comme une CPTS qui n'existe pas
    if cible.etape not in ETAPES_OUVERTES:
        return [
            f"La CPTS « {cible} » est close ({cible.get_etape_display().lower()}) : elle ne peut absorber un projet."
        ]
    if not autorise(demande.auteur, Action.INSTRUIRE, cible):
        return [f"La CPTS « {cible} » est hors de votre périmètre : vous ne pouvez décider de la fusion."]
    return []


TRANSITIONS: dict[TransitionEtape, Transition] = {
    transition.code: transition
    for transition in (
        Transition(
            T.DEPOSER_PRE_PROJET,
            frozenset({Etape.DYNAMIQUE}),
            Etape.LETTRE_INTENTION,
            (Instance.EQUIPE_PROJET,),
            gardes=(pre_projet_depose,),
            par_depot=True,
        ),
        Transition(
            T.RENVOYER_PRE_PROJET,
            frozenset({Etape.LETTRE_INTENTION}),
            Etape.DYNAMIQUE,
            INSTANCES_INSTRUCTION,
            motif_obligatoire=True,
        ),
        Transition(
            T.VALIDER_PRE_PROJET,
            frozenset({Etape.LETTRE_INTENTION}),
            Etape.PRE_PROJET_VALIDE,
            (Instance.ECD, Instance.CTR, Instance.ARS),
            gardes=(pre_projet_complet, territoire_sans_conflit, pluriprofessionnelle),
        ),
        Transition(
            T.DEPOSER_PROJET_SANTE,
            frozenset({Etape.PRE_PROJET_VALIDE}),
            Etape.PROJET_SANTE_DEPOSE,
            (Instance.EQUIPE_PROJET,),
            gardes=(projet_sante_depose,),
            par_depot=True,
        ),
        Transition(
            T.S_OPPOSER_PROJET_SANTE,
            frozenset({Etape.PROJET_SANTE_DEPOSE}),
            Etape.PRE_PROJET_VALIDE,
            (Instance.ARS,),
            gardes=(dans_le_delai_d_opposition,),
            motif_obligatoire=True,
        ),
        Transition(
            T.VALIDER_PROJET_SANTE,
            frozenset({Etape.PROJET_SANTE_DEPOSE}),
            Etape.PROJET_SANTE_VALIDE,
            (Instance.ECD, Instance.ARS, Instance.CPAM, Instance.ARS_CPAM),
            gardes=(
                projet_sante_complet,
                missions_socles_couvertes,
                budget_depose,
                territoire_sans_conflit,
                pluriprofessionnelle,
            ),
        ),
        Transition(
            T.CONSTATER_VALIDATION_TACITE,
            frozenset({Etape.PROJET_SANTE_DEPOSE}),
            Etape.PROJET_SANTE_VALIDE,
            (Instance.ARS,),
            gardes=(delai_d_opposition_ecoule,),
        ),
        Transition(
            T.SIGNER_CONTRAT,
            frozenset({Etape.PROJET_SANTE_VALIDE}),
            Etape.CONTRAT_SIGNE,
            (Instance.ARS_CPAM,),
            gardes=(association_creee, territoire_sans_conflit),
        ),
        Transition(
            T.ABANDONNER,
            ETAPES_OUVERTES,
            Etape.ABANDONNE,
            (Instance.EQUIPE_PROJET, *INSTANCES_INSTRUCTION),
            motif_obligatoire=True,
        ),
        Transition(
            T.FUSIONNER,
            ETAPES_OUVERTES,
            Etape.FUSIONNE,
            INSTANCES_INSTRUCTION,
            gardes=(cpts_absorbante_valide,),
            motif_obligatoire=True,
        ),
    )
}


def possibles(cpts: Cpts, utilisateur: Any = None, acquises: Iterable[Action] = ()) -> list[Transition]:
    """Les transitions qui partent de l'étape de la CPTS (et que l'utilisateur a le droit de demander) ; `acquises` :
    les actions déjà exigées sur la CPTS (`autorisations`)."""
    depuis = [transition for transition in TRANSITIONS.values() if cpts.etape in transition.depuis]
    if utilisateur is None:
        return depuis
    accordees = autorisations(utilisateur, cpts, {transition.action for transition in depuis}, acquises)
    return [transition for transition in depuis if accordees[transition.action]]


def _erreurs(demande: Demande) -> dict[str, list[str]]:
    transition, cpts = demande.transition, demande.cpts
    erreurs: dict[str, list[str]] = {}

    def ajouter(champ: str, message: str) -> None:
        erreurs.setdefault(champ, []).append(message)

    if cpts.etape not in transition.depuis:
        depuis = ", ".join(sorted(Etape(etape).label for etape in transition.depuis))
        ajouter(
            "transition",
            f"« {transition.libelle} » est impossible à l'étape « {cpts.get_etape_display()} » (possible depuis : "
            f"{depuis}).",
        )
    if demande.instance not in transition.instances:
        permises = ", ".join(Instance(instance).label for instance in transition.instances)
        ajouter("instance", f"Instance : « {transition.libelle} » se décide par : {permises}.")
    aujourd_hui = timezone.localdate()
    if demande.date > aujourd_hui:
        ajouter(
            "date",
            f"Date de la décision : le {demande.date:%d/%m/%Y} est dans le futur ; on enregistre une décision prise.",
        )
    precedente = cpts.decisions.order_by("-date").values_list("date", flat=True).first()
    if precedente and demande.date < precedente:
        ajouter(
            "date",
            f"Date de la décision : elle ne peut précéder la décision précédente, du {precedente:%d/%m/%Y}.",
        )
    if transition.motif_obligatoire and not demande.motif.strip():
        ajouter("motif", "Motif : obligatoire pour cette décision.")
    if transition.code == T.FUSIONNER and demande.cpts_absorbante is None:
        ajouter("cpts_absorbante", "CPTS absorbante : choisissez la CPTS dans laquelle le projet fusionne.")
    if "transition" not in erreurs and not demande.reprise:
        for garde in transition.gardes:
            for raison in garde(demande):
                ajouter(NON_FIELD_ERRORS, raison)
    return erreurs


def verifier(demande: Demande) -> None:
    if not autorise(demande.auteur, demande.transition.action, demande.cpts):
        raise PermissionDenied(
            "Seul un agent ARS ou CPAM dont le périmètre couvre la CPTS enregistre les décisions d'étape."
            if demande.transition.action == Action.INSTRUIRE
            else "Vous ne pouvez pas modifier ce dossier : il est hors de votre périmètre ou de votre rôle."
        )
    erreurs = _erreurs(demande)
    if erreurs:
        raise ValidationError(erreurs)


@transaction.atomic
def franchir(
    cpts: Cpts,
    transition: TransitionEtape | str,
    auteur: Any,
    *,
    date: datetime.date | None = None,
    instance: str,
    motif: str = "",
    depot: Depot | None = None,
    cpts_absorbante: Cpts | None = None,
    reprise: bool = False,
    subvention: Decimal | None = None,
) -> DecisionEtape:
    """Fait franchir une étape à la CPTS, ou refuse (ValidationError par champ, PermissionDenied) sans rien écrire.

    `reprise` : la décision a été prise avant la plateforme et ses pièces (pré-projet, projet de santé, fiches
    action, membres) sont restées dans l'outil d'origine ; les gardes qui lisent ces pièces ne s'appliquent pas, tout
    le reste (droits, étape de départ, instance, ordre des dates, pas de date future, motif) oui. La subvention FIR
    est alors celle que la région a réellement accordée, et non le paramètre régional."""
    if transition not in TRANSITIONS:
        raise ValidationError({"transition": f"Décision inconnue : « {transition} »."})
    # Verrouiller la CPTS sérialise deux décisions concurrentes sur le même dossier.
    cpts = Cpts.objects.select_for_update().get(pk=cpts.pk)
    regle = TRANSITIONS[TransitionEtape(transition)]
    echeance = cpts.reputee_validee_le
    if regle.code == T.CONSTATER_VALIDATION_TACITE and echeance and echeance <= timezone.localdate():
        # Le projet est validé le jour où le délai s'achève, quel que soit le jour où on le constate.
        date = echeance
    demande = Demande(
        cpts=cpts,
        transition=regle,
        date=date or timezone.localdate(),
        instance=instance,
        motif=motif,
        auteur=auteur,
        depot=depot,
        cpts_absorbante=cpts_absorbante,
        reprise=reprise,
    )
    verifier(demande)
    decision = DecisionEtape.objects.create(
        cpts=cpts,
        transition=regle.code,
        etape_avant=cpts.etape,
        etape_apres=regle.vers,
        date=demande.date,
        instance=instance,
        motif=motif.strip(),
        depot=depot,
        subvention=subvention if reprise else _subvention(cpts, regle, demande.date),
        cpts_absorbante=cpts_absorbante,
        enregistre_par=auteur,
    )
    cpts.etape = regle.vers
    cpts.etape_depuis = demande.date
    cpts._history_user = auteur
    cpts.save(update_fields=["etape", "etape_depuis"])
    if regle.vers in (Etape.ABANDONNE, Etape.FUSIONNE):
        cpts_fermee.send(sender=Cpts, cpts=cpts, date=demande.date, auteur=auteur, absorbante=cpts_absorbante)
    courriels.decision_enregistree(decision)
    return decision


def _subvention(cpts: Cpts, regle: Transition, date: datetime.date) -> Decimal | None:
    """La subvention FIR de la région, enregistrée à la validation du pré-projet (paramètre régional)."""
    if regle.code != T.VALIDER_PRE_PROJET:
        return None
    valeur = subvention_pre_projet(cpts.region, date)
    return valeur.valeur if valeur else None
