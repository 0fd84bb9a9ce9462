"""Les lectures de la fiche d'une CPTS, préparées (`cpts.preparees`) : chacune rend les objets que sa requête de l'ORM
rendait, sans la recompiler à chaque affichage. La compilation par l'ORM (jointures des décisions, tris, filtres)
coûtait plus que leur exécution : le tiers de la page.

Les notes et les contrats ne passent plus par le filtre du périmètre : leur périmètre est celui de leur CPTS
(`Perimetre.de_la_cpts`), que la vue vient de contrôler pour la même action (voir la CPTS, l'instruire).
"""

from collections import defaultdict
from functools import lru_cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import reverse

from cpts.contrats.models import Contrat
from cpts.dossiers.models import (
    Cpts,
    DecisionEtape,
    DemandeComplement,
    Depot,
    Document,
    Membre,
    NoteInstruction,
    ReponseDemande,
)
from cpts.notifications.models import Courriel
from cpts.preparees import LecturePreparee, Parametre
from cpts.territoires.models import Territoire

# Ce que la liste des décisions montre, et ce que la rectification en lit : les lignes jointes (auteur, dépôt et son
# contenu, CPTS absorbante, décision rectifiée) lues entières coûtaient plus que la requête.
DECISIONS = (
    "cpts_id",
    "transition",
    "etape_avant",
    "etape_apres",
    "date",
    "instance",
    "motif",
    "subvention",
    "enregistre_le",
    "enregistre_par__username",
    "enregistre_par__first_name",
    "enregistre_par__last_name",
    "depot__numero",
    "depot__document__type",
    "depot__document__titre",
    "cpts_absorbante__nom",
    "rectifie__transition",
    "rectifie__date",
)


def _la_cpts() -> Parametre:
    """Le numéro de la CPTS, donné à chaque exécution."""
    return Parametre("cpts", Cpts._meta.pk)  # type: ignore[arg-type]


_MEMBRES = LecturePreparee(lambda: Membre.objects.filter(cpts_id=_la_cpts()))
_DOCUMENTS = LecturePreparee(lambda: Document.objects.filter(cpts_id=_la_cpts()).order_by("type", "titre", "pk"))
_DEPOTS = LecturePreparee(lambda: Depot.objects.filter(document__cpts_id=_la_cpts()))
# Au plus une version en cours par CPTS (contrainte de la table).
_TERRITOIRE = LecturePreparee(lambda: Territoire.objects.filter(cpts_id=_la_cpts()).en_cours().order_by("-debut")[:1])
# De la plus ancienne à la plus récente : la dernière, celle qui peut se rectifier, ferme la liste.
_DECISIONS = LecturePreparee(
    lambda: (
        DecisionEtape.objects.filter(cpts_id=_la_cpts())
        .select_related("enregistre_par", "depot__document", "cpts_absorbante", "rectifie")
        .only(*DECISIONS)
        .order_by("date", "enregistre_le", "pk")
    )
)
_DEMANDES = LecturePreparee(
    lambda: DemandeComplement.objects.filter(cpts_id=_la_cpts()).select_related("demandee_par", "document")
)
_REPONSES = LecturePreparee(lambda: ReponseDemande.objects.filter(demande__cpts_id=_la_cpts()).select_related("auteur"))
_NOTES = LecturePreparee(lambda: NoteInstruction.objects.filter(cpts_id=_la_cpts()).select_related("auteur"))
_CONTRATS = LecturePreparee(
    lambda: Contrat.objects.filter(cpts_id=_la_cpts()).only("cpts_id", "signature", "fin").order_by("-signature")
)
_COURRIELS = LecturePreparee(
    lambda: Courriel.objects.filter(
        objet_type=Parametre("type", Courriel._meta.get_field("objet_type")),
        objet_id=Parametre("objet", Courriel._meta.get_field("objet_id")),
    ).order_by("-cree_le", "-pk")
)


def _connus(objets: list[Any], champ: str, objet: Model) -> list[Any]:
    """Chaque objet lu avec l'objet qui l'a fait lire (sa CPTS, sa demande) : ce que pose un gestionnaire de relation,
    aucune requête pour le relire."""
    for lu in objets:
        setattr(lu, champ, objet)
    return objets


def precharger(objet: Model, nom: str, objets: list[Any]) -> None:
    """Ce que `prefetch_related_objects([objet], nom)` aurait posé, `objets` lus par ailleurs : `objet.<nom>.all()`
    les rend sans requête."""
    queryset = getattr(objet, nom).all()
    queryset._result_cache = objets
    queryset._prefetch_done = True
    if not hasattr(objet, "_prefetched_objects_cache"):
        objet._prefetched_objects_cache = {}
    objet._prefetched_objects_cache[nom] = queryset


def membres(cpts: Cpts) -> None:
    """Les membres, lus une fois pour les contrôles et le décompte."""
    precharger(cpts, "membres", _connus(_MEMBRES.objets(cpts=cpts.pk), "cpts", cpts))


def documents(cpts: Cpts) -> tuple[list[Document], tuple[Depot, ...]]:
    """Les documents (chacun avec sa dernière version déposée, `derniere_version`) et toutes leurs versions déposées,
    chacune avec son document, dans l'ordre des documents puis des numéros."""
    documents_ = _connus(_DOCUMENTS.objets(cpts=cpts.pk), "cpts", cpts)
    par_document: dict[int, list[Depot]] = defaultdict(list)
    if documents_:
        for depot in _DEPOTS.objets(cpts=cpts.pk):
            par_document[depot.document_id].append(depot)
    depots: list[Depot] = []
    for document_ in documents_:
        versions = _connus(sorted(par_document[document_.pk], key=lambda depot: depot.numero), "document", document_)
        document_.derniere_version = versions[-1] if versions else None
        depots.extend(versions)
    return documents_, tuple(depots)


def territoire(cpts: Cpts) -> Territoire | None:
    lu = _TERRITOIRE.objets(cpts=cpts.pk)
    return _connus(lu, "cpts", cpts)[0] if lu else None


def decisions(cpts: Cpts) -> list[DecisionEtape]:
    return _connus(_DECISIONS.objets(cpts=cpts.pk), "cpts", cpts)


def demandes(cpts: Cpts) -> list[DemandeComplement]:
    """Les demandes, les plus récentes d'abord, chacune avec ses réponses (et leurs auteurs), les plus anciennes
    d'abord."""
    demandes_ = _connus(_DEMANDES.objets(cpts=cpts.pk), "cpts", cpts)
    if demandes_:
        par_demande: dict[int, list[ReponseDemande]] = defaultdict(list)
        for reponse in _REPONSES.objets(cpts=cpts.pk):
            par_demande[reponse.demande_id].append(reponse)
        for demande in demandes_:
            precharger(demande, "reponses", _connus(par_demande[demande.pk], "demande", demande))
    return demandes_


def notes(cpts: Cpts) -> list[NoteInstruction]:
    """Toutes les notes de la CPTS : à n'appeler que pour qui l'instruit (le périmètre des notes est le sien)."""
    return _connus(_NOTES.objets(cpts=cpts.pk), "cpts", cpts)


def contrats(cpts: Cpts) -> list[Contrat]:
    """Tous les contrats de la CPTS, du plus récent au plus ancien, chacun avec l'adresse de sa page (`adresse`) ;
    `cpts.contrats` les rend ensuite sans requête. À n'appeler que pour qui voit la CPTS."""
    contrats_ = _connus(_CONTRATS.objets(cpts=cpts.pk), "cpts", cpts)
    for contrat in contrats_:
        contrat.adresse = _adresse_du_contrat(contrat.pk)
    precharger(cpts, "contrats", contrats_)
    return contrats_


@lru_cache(maxsize=4096)
def _adresse_du_contrat(pk: int) -> str:
    # Une adresse ne change pas pendant la vie du processus.
    return reverse("contrats:detail", args=[pk])


def courriels(objet: Model) -> list[Courriel]:
    """Les courriels qui parlent de l'objet, les plus récents d'abord (`Courriel.objects.de`)."""
    return _COURRIELS.objets(type=ContentType.objects.get_for_model(objet).pk, objet=objet.pk)
