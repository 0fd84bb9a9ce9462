"""L'emploi des fonds au-dessus de la CPTS (région, France), à une date : les comptes déposés ce jour-là, pour un
exercice. Un nombre constant de requêtes, quel que soit le nombre de CPTS (les lignes et les indemnités sont lues
en une fois chacune) ; toute case sur moins de trois unités est tue (`cpts.regles.comptabilite.agregats`).

Les lignes par CPTS donnent ses charges par mission, toutes natures confondues : jamais le poste des indemnités
d'une CPTS, qui dirait ce qu'ont reçu ses quelques membres."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from cpts.comptabilite import sources
from cpts.comptabilite.models import Exercice, Indemnite
from cpts.comptabilite.services import plafond
from cpts.contrats.missions import libelle_mission
from cpts.contrats.models import Contrat
from cpts.regles.comptabilite import plan
from cpts.regles.comptabilite.agregats import Statistique, compte_publiable, statistique
from cpts.regles.comptabilite.parametres import reglage
from cpts.regles.dates import ajouter_mois

ZERO = plan.ZERO


@dataclass(frozen=True)
class LigneCpts:
    cpts_id: int
    nom: str
    region: str
    population: int | None
    charges_par_mission: dict[str, Decimal]
    charges: Decimal
    aci: Decimal
    part_aci_depensee: Decimal | None
    reserves_cloture: Decimal
    reserves_au_dessus_du_seuil: bool


@dataclass(frozen=True)
class Manquant:
    nom: str
    region: str
    en_retard: bool


@dataclass(frozen=True)
class EmploiDesFonds:
    annee: int
    le: date
    region: str | None
    seuil_reserves: Decimal
    effectif_minimum: int
    lignes: list[LigneCpts]
    par_mission: dict[str, Statistique]
    par_nature: dict[str, Decimal | None]
    part_aci_depensee: Statistique
    manquants: list[Manquant]
    beneficiaires: int | None
    indemnites: Decimal | None
    au_dessus_du_plafond: int | None
    missions: list[str] = field(default_factory=list)

    @property
    def reserves_au_dessus_du_seuil(self) -> int:
        return sum(1 for ligne in self.lignes if ligne.reserves_au_dessus_du_seuil)

    def libelle(self, mission: str) -> str:
        return libelle_mission(mission)

    @property
    def par_nature_libelles(self) -> list[tuple[str, Decimal | None]]:
        return [(nature.libelle, self.par_nature[nature.code]) for nature in plan.NATURES]


def emploi_des_fonds(annee: int, le: date, region: str | None = None) -> EmploiDesFonds:
    seuil = Decimal(reglage("comptes.seuil_reserves", le))
    minimum = int(reglage("anonymat.effectif_minimum", le))
    exercices = list(
        Exercice.objects.deposes_au(le)
        .filter(annee=annee, **({"cpts__region": region} if region else {}))
        .select_related("cpts")
        .prefetch_related("lignes")
        .order_by("cpts__nom", "pk")
    )
    missions = sources.missions()
    lignes: list[LigneCpts] = []
    par_nature: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for exercice in exercices:
        comptes = plan.Comptes(
            tuple(plan.Ligne(x.poste, x.mission, x.montant) for x in exercice.lignes.all()),
            exercice.reserves_ouverture,
        )
        for nature in plan.NATURES:
            par_nature[nature.code] += comptes.par_poste.get(nature.code, ZERO)
        lignes.append(
            LigneCpts(
                cpts_id=exercice.cpts_id,
                nom=exercice.cpts.nom,
                region=exercice.cpts.region,
                population=exercice.population,
                charges_par_mission={m: comptes.charges_par_mission.get(m, ZERO) for m in missions},
                charges=comptes.charges,
                aci=comptes.aci,
                part_aci_depensee=comptes.part_aci_depensee,
                reserves_cloture=exercice.reserves_cloture,
                reserves_au_dessus_du_seuil=bool(comptes.charges)
                and exercice.reserves_cloture > seuil * comptes.charges,
            )
        )
    population = sum(ligne.population or 0 for ligne in lignes)
    par_mission = {
        m: statistique([x.charges_par_mission[m] for x in lignes if x.charges_par_mission[m]], population, minimum)
        for m in missions
    }
    parts = [x.part_aci_depensee for x in lignes if x.part_aci_depensee is not None]
    # Une personne est un nom dans une CPTS : le même nom dans deux CPTS fait deux bénéficiaires.
    par_personne = list(
        Indemnite.objects.filter(exercice__in=[e.pk for e in exercices])
        .values("exercice", "beneficiaire")
        .annotate(total=Sum("montant"))
        .order_by()
    )
    nombre = len(par_personne)
    plafond_annuel = plafond(annee)
    return EmploiDesFonds(
        annee=annee,
        le=le,
        region=region,
        seuil_reserves=seuil,
        effectif_minimum=minimum,
        lignes=lignes,
        par_mission=par_mission,
        par_nature={
            code: (montant if len(lignes) >= minimum and (code != plan.INDEMNITES or nombre >= minimum) else None)
            for code, montant in ((n.code, par_nature[n.code]) for n in plan.NATURES)
        },
        part_aci_depensee=statistique(parts, 0, minimum),
        manquants=_manquants(annee, le, region, {e.cpts_id for e in exercices}),
        beneficiaires=compte_publiable(nombre, minimum),
        indemnites=sum((p["total"] for p in par_personne), ZERO) if nombre >= minimum else None,
        au_dessus_du_plafond=compte_publiable(
            sum(plafond_annuel is not None and p["total"] > plafond_annuel for p in par_personne), minimum
        ),
        missions=missions,
    )


def _manquants(annee: int, le: date, region: str | None, deposes: set[int]) -> list[Manquant]:
    """Les CPTS sous contrat pendant l'exercice dont les comptes ne sont pas déposés à la date ; en retard une fois
    passé le délai de dépôt après la clôture."""
    debut, fin = date(annee, 1, 1), date(annee, 12, 31)
    if le < fin:
        return []
    limite = ajouter_mois(fin, int(reglage("comptes.delai_depot_mois", le)))
    contrats = (
        Contrat.objects.filter(Q(signature__lte=fin) & Q(fin__gt=debut) & Q(signature__lte=le))
        .filter(**({"cpts__region": region} if region else {}))
        .exclude(cpts__in=deposes)
        .values_list("cpts_id", "cpts__nom", "cpts__region")
        .order_by("cpts__nom", "cpts_id")
        .distinct()
    )
    return [Manquant(nom, code, le > limite) for _, nom, code in contrats]
