"""Les colonnes du registre des dossiers, déclarées une fois pour le CSV, le XLSX, la commande et l'API.

Les notes d'instruction n'entrent que dans l'export des agents (ceux qui ont le droit d'instruire).
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from cpts.comptes.droits import Action, filtrer
from cpts.dossiers.enums import Etape, StatutDemande, TransitionEtape
from cpts.dossiers.models import Cpts, DecisionEtape, NoteInstruction
from cpts.dossiers.suivi import attendu
from cpts.exports import Colonne


def _territoire(cpts: Cpts) -> Any:
    territoires = [territoire for territoire in cpts.territoires.all() if territoire.fin is None]
    return territoires[0] if territoires else None


def _subvention(cpts: Cpts) -> object:
    rectifiees = {decision.rectifie_id for decision in cpts.decisions.all() if decision.rectifie_id}
    for decision in cpts.decisions.all():
        if decision.pk in rectifiees:
            continue
        if decision.transition == TransitionEtape.VALIDER_PRE_PROJET and decision.subvention is not None:
            return decision.subvention
    return None


def _derniere_decision(cpts: Cpts) -> DecisionEtape | None:
    decisions = list(cpts.decisions.all())
    return decisions[-1] if decisions else None


COLONNES = [
    Colonne("Identifiant", lambda c: c.pk),
    Colonne("Nom", lambda c: c.nom),
    Colonne("Région", lambda c: c.region),
    Colonne("Département principal", lambda c: c.departement),
    Colonne("Autres départements", lambda c: ", ".join(c.autres_departements)),
    Colonne("Étape", lambda c: c.get_etape_display()),
    Colonne("À cette étape depuis le", lambda c: c.etape_depuis),
    Colonne("Dernière décision", lambda c: d.get_transition_display() if (d := _derniere_decision(c)) else ""),
    Colonne("Instance", lambda c: d.get_instance_display() if (d := _derniere_decision(c)) else ""),
    Colonne("Réputé validé le", lambda c: c.reputee_validee_le),
    Colonne("Attendu ensuite", lambda c: attendu(c).texte),
    Colonne("Échéance", lambda c: attendu(c).echeance),
    Colonne("Association", lambda c: c.association_nom),
    Colonne("SIRET", lambda c: c.siret),
    Colonne("Représentant légal", lambda c: c.representant_nom),
    Colonne("Population du territoire", lambda c: t.population if (t := _territoire(c)) else ""),
    Colonne("Communes", lambda c: t.nombre_communes if (t := _territoire(c)) else ""),
    Colonne("Membres", lambda c: c.nombre_membres),
    Colonne("Membres adhérents", lambda c: c.nombre_adherents),
    Colonne("Subvention FIR accordée", _subvention, "montant"),
    Colonne("Demandes de complément ouvertes", lambda c: c.demandes_ouvertes),
]
COLONNE_NOTES = Colonne(
    "Notes d'instruction",
    lambda c: "\n".join(
        f"{note.ecrite_le:%d/%m/%Y} {note.auteur.get_full_name() or note.auteur.username} : {note.texte}"
        for note in c.notes_visibles
    ),
)


def colonnes(dossiers: Iterable[Cpts]) -> list[Colonne]:
    """Les colonnes de l'export ; celle des notes quand l'utilisateur instruit au moins un des dossiers."""
    return [*COLONNES, COLONNE_NOTES] if any(c.notes_visibles is not None for c in dossiers) else list(COLONNES)


ECHEANCES = {
    "validation_proche": "Projet de santé réputé validé dans les 15 jours",
    "validation_echue": "Délai de deux mois écoulé, validation à constater",
    "demandes_en_retard": "Demande de complément sans réponse après son échéance",
}


def selection(queryset: QuerySet[Cpts], etape: str = "", departement: str = "", echeance: str = "") -> QuerySet[Cpts]:
    """Les filtres du registre (page, export, commande) : étape, département couvert, échéance."""
    if etape:
        queryset = queryset.filter(etape=etape)
    if departement:
        queryset = queryset.filter(departements_couverts__code=departement)
    if echeance == "demandes_en_retard":
        queryset = queryset.filter(demandes__statut=StatutDemande.OUVERTE, demandes__echeance__lt=timezone.localdate())
    elif echeance in ("validation_proche", "validation_echue"):
        niveau = "avertissement" if echeance == "validation_proche" else "alerte"
        candidats = queryset.filter(etape=Etape.PROJET_SANTE_DEPOSE)
        queryset = queryset.filter(pk__in=[c.pk for c in candidats if attendu(c).niveau == niveau])
    return queryset.distinct()


def registre(utilisateur: Any, queryset: QuerySet[Cpts]) -> list[Cpts]:
    """Les dossiers prêts pour l'export : décisions, territoire, décomptes et notes chargés en quelques requêtes."""
    from cpts.territoires.models import Territoire

    dossiers = list(
        queryset.annotate(
            nombre_membres=Count("membres", distinct=True),
            nombre_adherents=Count("membres", filter=Q(membres__adherent=True), distinct=True),
            demandes_ouvertes=Count("demandes", filter=Q(demandes__statut=StatutDemande.OUVERTE), distinct=True),
        ).prefetch_related(
            Prefetch("decisions", queryset=DecisionEtape.objects.order_by("date", "enregistre_le", "pk")),
            Prefetch(
                "territoires",
                queryset=Territoire.objects.filter(fin__isnull=True).annotate(nombre_communes=Count("unites")),
            ),
        )
    )
    instruits = set(
        filtrer(utilisateur, Cpts.objects.filter(pk__in=[c.pk for c in dossiers]), Action.INSTRUIRE).values_list(
            "pk", flat=True
        )
    )
    notes: dict[int, list[NoteInstruction]] = {}
    for note in NoteInstruction.objects.filter(cpts_id__in=instruits).select_related("auteur").order_by("ecrite_le"):
        notes.setdefault(note.cpts_id, []).append(note)
    for cpts in dossiers:
        cpts.notes_visibles = notes.get(cpts.pk, []) if cpts.pk in instruits else None
    return dossiers
