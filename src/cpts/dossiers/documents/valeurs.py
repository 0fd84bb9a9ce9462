"""Les valeurs saisies : le JSON garde des chaînes (dates ISO, montants décimaux exacts) ; totaux du budget,
champs manquants et contrôles de cohérence au dépôt.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cpts.dossiers.documents.budget import (
    CHARGES,
    CONTRIBUTIONS,
    DONT_COTISATIONS,
    EMPLOIS_CONTRIBUTIONS,
    PRODUITS,
    Compte,
)
from cpts.dossiers.documents.champs import Annexe, ModeleDocument
from cpts.dossiers.documents.modeles import CHARGES_PRE_PROJET, PRODUITS_PRE_PROJET
from cpts.dossiers.enums import TypeDocument


def montant(valeur: object) -> Decimal:
    if valeur in (None, ""):
        return Decimal(0)
    try:
        return Decimal(str(valeur))
    except InvalidOperation:
        return Decimal(0)


def date_de(valeur: object) -> datetime.date | None:
    if not valeur:
        return None
    try:
        return datetime.date.fromisoformat(str(valeur))
    except ValueError:
        return None


def vide(valeur: object) -> bool:
    return valeur is None or (isinstance(valeur, str) and not valeur.strip())


@dataclass(frozen=True)
class TotauxBudget:
    charges: Decimal
    produits: Decimal
    emplois_contributions: Decimal
    contributions: Decimal

    @property
    def equilibre(self) -> bool:
        return self.charges == self.produits and self.emplois_contributions == self.contributions


def _somme(contenu: Mapping[str, object], comptes: tuple[Compte, ...]) -> Decimal:
    return sum((montant(contenu.get(cle)) for compte in comptes for cle, _ in compte.postes), Decimal(0))


def totaux_budget(contenu: Mapping[str, object]) -> TotauxBudget:
    return TotauxBudget(
        charges=_somme(contenu, CHARGES),
        produits=_somme(contenu, PRODUITS),
        emplois_contributions=_somme(contenu, (EMPLOIS_CONTRIBUTIONS,)),
        contributions=_somme(contenu, (CONTRIBUTIONS,)),
    )


def totaux_pre_projet(contenu: Mapping[str, object]) -> tuple[Decimal, Decimal]:
    charges = sum((montant(contenu.get(cle)) for cle in CHARGES_PRE_PROJET), Decimal(0))
    produits = sum((montant(contenu.get(cle)) for cle in PRODUITS_PRE_PROJET), Decimal(0))
    return charges, produits


def _euros(valeur: Decimal) -> str:
    from cpts.affichage import montant as montant_fr

    return montant_fr(valeur, centimes=valeur != valeur.to_integral_value())


def manquants(modele_: ModeleDocument, contenu: Mapping[str, object], annexes: Mapping[str, object]) -> list[str]:
    """Ce qui empêche le dépôt, chaque message nommant l'item ou le champ : vide si le document est complet."""
    erreurs = []
    for section, champ in modele_.champs():
        if champ.requis and vide(contenu.get(champ.cle)):
            repere = f"item {section.numero}" if section.numero else section.titre.lower()
            erreurs.append(f"« {champ.libelle} » ({repere}) : à renseigner.")
    if Annexe.TERRITOIRE in modele_.annexes_requises and not (annexes.get(Annexe.TERRITOIRE) or {}).get("communes"):
        erreurs.append("Territoire d'action : aucun territoire n'est enregistré pour la CPTS (composez-le d'abord).")
    if Annexe.PROFESSIONNELS in modele_.annexes_requises and not annexes.get(Annexe.PROFESSIONNELS):
        erreurs.append("Personnes impliquées : déclarez au moins un professionnel de santé parmi les membres.")
    if Annexe.ASSOCIATION in modele_.annexes_requises and vide((annexes.get(Annexe.ASSOCIATION) or {}).get("nom")):
        erreurs.append("Structure porteuse : le nom de l'association est à renseigner sur la fiche de la CPTS.")
    erreurs += _controles(modele_, contenu)
    return erreurs


def _controles(modele_: ModeleDocument, contenu: Mapping[str, object]) -> list[str]:
    erreurs = []
    if modele_.type == TypeDocument.PRE_PROJET:
        charges, produits = totaux_pre_projet(contenu)
        if charges == 0:
            erreurs.append("Budget prévisionnel (item 14) : indiquez les charges prévues.")
        elif charges != produits:
            erreurs.append(
                f"Budget prévisionnel (item 14) non équilibré : {_euros(charges)} de charges pour "
                f"{_euros(produits)} de produits."
            )
        erreurs += _ordre(contenu, "date_depot_projet", "date_mise_en_oeuvre", "Le début de mise en œuvre (item 10)")
    elif modele_.type == TypeDocument.FICHE_ACTION:
        erreurs += _ordre(contenu, "debut", "fin", "La fin prévisionnelle de l'action")
    elif modele_.type == TypeDocument.BUDGET:
        totaux = totaux_budget(contenu)
        if totaux.charges == 0:
            erreurs.append("Budget prévisionnel : indiquez au moins une charge.")
        elif totaux.charges != totaux.produits:
            erreurs.append(
                f"Budget prévisionnel non équilibré : total des charges {_euros(totaux.charges)}, "
                f"total des produits {_euros(totaux.produits)}."
            )
        if totaux.emplois_contributions != totaux.contributions:
            erreurs.append(
                "Contributions volontaires en nature non équilibrées : emplois (86) "
                f"{_euros(totaux.emplois_contributions)}, contributions (87) {_euros(totaux.contributions)}."
            )
        if montant(contenu.get(DONT_COTISATIONS[0])) > montant(contenu.get("p75")):
            erreurs.append(
                "Les cotisations, dons manuels ou legs sont une part du compte 75 : ils ne le dépassent pas."
            )
    return erreurs


def _ordre(contenu: Mapping[str, object], avant: str, apres: str, libelle: str) -> list[str]:
    debut, fin = date_de(contenu.get(avant)), date_de(contenu.get(apres))
    if debut and fin and fin < debut:
        return [f"{libelle} ne peut précéder le {debut:%d/%m/%Y}."]
    return []
