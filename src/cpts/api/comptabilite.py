"""L'emploi des fonds en JSON : les comptes d'une CPTS (son équipe et les agents qui l'instruisent) et la vue
régionale ou nationale anonyme (agents et lecteurs nationaux), les mêmes que les pages et les exports."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja import Path as PathEx

from cpts.api.documentation import erreurs
from cpts.api.types import Jour
from cpts.comptabilite import services, sources
from cpts.comptabilite.agregats import emploi_des_fonds
from cpts.comptabilite.exports import lignes_ouvertes
from cpts.comptabilite.models import Exercice
from cpts.comptes.droits import MESSAGES_REFUS, Action, exiger, portee
from cpts.dossiers.models import Cpts
from cpts.regles.comptabilite import plan
from cpts.territoires.models import Region

router = Router(tags=["Emploi des fonds"])


class LigneComptableSortie(Schema):
    poste: str
    mission: str
    montant: Decimal


class BeneficiaireSortie(Schema):
    nom: str
    heures: Decimal
    montant: Decimal
    plafond: Decimal | None = Field(description="plafond annuel par membre ; null avant le décret n° 2022-375")
    au_dela_du_plafond: bool


class RapprochementSortie(Schema):
    mission: str
    comptabilise: Decimal
    verse: Decimal
    ecart: Decimal


class ComptesSortie(Schema):
    cpts: int
    exercice: int
    statut: str
    depose_le: datetime.datetime | None
    produits: Decimal
    charges: Decimal
    resultat: Decimal
    reserves_ouverture: Decimal
    reserves_cloture: Decimal
    lignes: list[LigneComptableSortie]
    rapprochement: list[RapprochementSortie]
    beneficiaires: list[BeneficiaireSortie]


@router.get(
    "/cpts/{cpts_id}/comptes/{annee}",
    response=ComptesSortie,
    summary="Les comptes annuels d'une CPTS",
    openapi_extra=erreurs(403),
)
def lire_comptes(request: HttpRequest, cpts_id: int, annee: int = PathEx(..., ge=2019, le=2100)) -> dict[str, Any]:
    """Les comptes d'un exercice dans le plan normalisé (produits, charges par mission et par nature, résultat,
    réserves), rapprochés des versements de l'ACI, et les indemnités par bénéficiaire. Réservé à l'équipe de la CPTS
    et aux agents qui l'instruisent."""
    cpts = get_object_or_404(Cpts.objects.visibles_par(request.user), pk=cpts_id)
    exiger(request.user, Action.VOIR_COMPTES, cpts)
    exercice = get_object_or_404(Exercice, cpts=cpts, annee=annee)
    comptes = services.comptes_de(exercice)
    return {
        "cpts": cpts.pk,
        "exercice": annee,
        "statut": exercice.statut,
        "depose_le": exercice.depose_le,
        "produits": comptes.produits,
        "charges": comptes.charges,
        "resultat": comptes.resultat,
        "reserves_ouverture": exercice.reserves_ouverture,
        "reserves_cloture": exercice.reserves_cloture,
        "lignes": [{"poste": x.poste, "mission": x.mission, "montant": x.montant} for x in comptes.lignes],
        "rapprochement": [
            {"mission": r.mission, "comptabilise": r.comptabilise, "verse": r.verse, "ecart": r.ecart}
            for r in plan.rapprocher(comptes, sources.versements_de_l_annee(cpts, annee))
        ],
        "beneficiaires": [
            {
                "nom": b.nom,
                "heures": b.heures,
                "montant": b.montant,
                "plafond": b.plafond,
                "au_dela_du_plafond": b.depasse,
            }
            for b in services.beneficiaires(exercice)
        ],
    }


class FiltresEmploiEntree(Schema):
    annee: int | None = Field(None, ge=2019, le=2100, description="exercice ; l'année qui précède la date sinon")
    date: Jour | None = Field(None, description="comptes déposés au plus tard ce jour (AAAA-MM-JJ) ; aujourd'hui sinon")
    region: str | None = Field(None, description="code INSEE de la région ; la France entière sinon")


class StatistiqueSortie(Schema):
    categorie: str
    code: str
    libelle: str
    nombre_cpts: int
    total_euros: Decimal | None
    premier_quartile_euros: Decimal | None
    mediane_euros: Decimal | None
    troisieme_quartile_euros: Decimal | None
    euros_par_habitant: Decimal | None


class EmploiCptsSortie(Schema):
    cpts: int
    nom: str
    region: str
    charges_par_mission: dict[str, Decimal]
    charges: Decimal
    aci: Decimal
    part_aci_depensee: Decimal | None
    reserves_cloture: Decimal
    reserves_au_dessus_du_seuil: bool


class EmploiSortie(Schema):
    exercice: int
    date: datetime.date
    region: str | None
    statistiques: list[StatistiqueSortie]
    cpts: list[EmploiCptsSortie]
    reserves_au_dessus_du_seuil: int
    beneficiaires: int | None = Field(description="nombre de membres indemnisés ; null sous le seuil du secret")
    indemnites: Decimal | None
    au_dessus_du_plafond: int | None
    comptes_manquants: list[str]


@router.get(
    "/emploi-des-fonds",
    response=EmploiSortie,
    summary="L'emploi des fonds des CPTS, région ou France",
    openapi_extra=erreurs(403),
)
def lire_emploi(request: HttpRequest, filtres: Query[FiltresEmploiEntree]) -> dict[str, Any]:
    """Les dépenses des CPTS par mission et par nature (total, quartiles, par habitant), la part de l'ACI dépensée,
    les réserves au-dessus du seuil et les comptes manquants, pour une région ou la France, à une date. Agrégats
    anonymes : rien n'est publié sous le seuil du secret."""
    if portee(request.user, Action.VOIR_EMPLOI_DES_FONDS) is None:
        raise PermissionDenied(MESSAGES_REFUS[Action.VOIR_EMPLOI_DES_FONDS])
    if filtres.region and not Region.objects.filter(code=filtres.region).exists():
        raise Http404("Région inconnue.")
    le = filtres.date or timezone.localdate()
    vue = emploi_des_fonds(filtres.annee or le.year - 1, le, filtres.region)
    return {
        "exercice": vue.annee,
        "date": vue.le,
        "region": vue.region,
        "statistiques": lignes_ouvertes(vue),
        "cpts": [
            {
                "cpts": x.cpts_id,
                "nom": x.nom,
                "region": x.region,
                "charges_par_mission": x.charges_par_mission,
                "charges": x.charges,
                "aci": x.aci,
                "part_aci_depensee": x.part_aci_depensee,
                "reserves_cloture": x.reserves_cloture,
                "reserves_au_dessus_du_seuil": x.reserves_au_dessus_du_seuil,
            }
            for x in vue.lignes
        ],
        "reserves_au_dessus_du_seuil": vue.reserves_au_dessus_du_seuil,
        "beneficiaires": vue.beneficiaires,
        "indemnites": vue.indemnites,
        "au_dessus_du_plafond": vue.au_dessus_du_plafond,
        "comptes_manquants": [m.nom for m in vue.manquants],
    }
