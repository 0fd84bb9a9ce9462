"""Les alertes de l'emploi des fonds, ajoutées à celles du contrat (`cpts.contrats.alertes`) :
- comptes du dernier exercice clos pendant le contrat non déposés `comptes.delai_depot_mois` mois après sa clôture ;
- réserves à la clôture au-delà du seuil (`comptes.seuil_reserves`, en part des charges de l'exercice) ;
- indemnités d'un membre au-delà du plafond annuel ([decret-2022-375], notre lecture).
Rendues comme (type, en retard ?, échéance, message) : le contrat en fait ses `Alerte`."""

from datetime import date
from decimal import Decimal

from cpts.comptabilite import services
from cpts.contrats.enums import TypeAlerte
from cpts.contrats.models import Contrat
from cpts.contrats.prechargement import exercices_de
from cpts.regles.comptabilite.parametres import reglage
from cpts.regles.comptabilite.plan import euros
from cpts.regles.dates import ajouter_mois, jour_fr

AlerteFonds = tuple[TypeAlerte, bool, date, str]


def alertes_emploi_des_fonds(contrat: Contrat, le: date) -> list[AlerteFonds]:
    exercices = {e.annee: e for e in exercices_de(contrat)}
    alertes: list[AlerteFonds] = []
    delai = int(reglage("comptes.delai_depot_mois", le))
    # Le dernier exercice clos pendant le contrat seulement : l'historique d'avant la plateforme n'y est pas.
    annee = min(contrat.fin.year, le.year - 1)
    limite = ajouter_mois(date(annee, 12, 31), delai)
    exercice = exercices.get(annee)
    if annee >= contrat.signature.year and le > limite and (exercice is None or not exercice.depose):
        alertes.append(
            (
                TypeAlerte.COMPTES,
                True,
                limite,
                f"Comptes {annee} non déposés : attendus au plus tard le {jour_fr(limite)} ({delai} mois après la "
                "clôture).",
            )
        )
    deposes = [e for e in exercices.values() if e.depose]
    if not deposes:
        return alertes
    dernier = max(deposes, key=lambda e: e.annee)
    comptes = services.comptes_de(dernier)
    seuil = Decimal(reglage("comptes.seuil_reserves", le))
    if comptes.charges and dernier.reserves_cloture > seuil * comptes.charges:
        alertes.append(
            (
                TypeAlerte.RESERVES,
                False,
                date(dernier.annee, 12, 31),
                f"Réserves à la clôture {dernier.annee} : {euros(dernier.reserves_cloture)}, plus de "
                f"{seuil * 12:.0f} mois de charges ({euros(comptes.charges)} dans l'année).",
            )
        )
    for beneficiaire in services.beneficiaires(dernier):
        if beneficiaire.depasse and beneficiaire.plafond is not None:
            alertes.append(
                (
                    TypeAlerte.INDEMNITES,
                    True,
                    date(dernier.annee, 12, 31),
                    f"Indemnités {dernier.annee} : un membre a reçu {euros(beneficiaire.montant)}, au-delà du "
                    f"plafond annuel de {euros(beneficiaire.plafond)}.",
                )
            )
    return alertes
