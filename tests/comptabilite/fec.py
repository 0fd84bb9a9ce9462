"""Un fichier des écritures comptables (FEC) réaliste d'une CPTS pour un exercice, construit écriture par écriture :
à-nouveaux, encaissements de l'ACI et du FIR, salaires de la coordinatrice, loyer, logiciel, honoraires,
indemnités des membres. Les tests en tirent des variantes fautives."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from cpts.regles.comptabilite.fec import COLONNES


@dataclass(frozen=True)
class Mouvement:
    compte: str
    libelle_compte: str
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)


@dataclass(frozen=True)
class Ecriture:
    journal: str
    numero: str
    date: str  # AAAAMMJJ
    libelle: str
    mouvements: Sequence[Mouvement]


def _m(compte: str, libelle: str, debit: str = "0", credit: str = "0") -> Mouvement:
    return Mouvement(compte, libelle, Decimal(debit), Decimal(credit))


def ecritures(annee: int = 2025) -> list[Ecriture]:
    a = str(annee)
    return [
        Ecriture(
            "AN",
            "AN1",
            f"{a}0101",
            "Reprise des à-nouveaux",
            [
                _m("512000", "Banque", debit="60000.00"),
                _m("110000", "Report à nouveau", credit="60000.00"),
            ],
        ),
        Ecriture(
            "BQ",
            "BQ1",
            f"{a}0215",
            "ACI avance fonctionnement",
            [
                _m("512000", "Banque", debit="45000.00"),
                _m("706100", "ACI Assurance Maladie", credit="45000.00"),
            ],
        ),
        Ecriture(
            "BQ",
            "BQ2",
            f"{a}0215",
            "ACI avance #acces",
            [
                _m("512000", "Banque", debit="52500.00"),
                _m("706100", "ACI Assurance Maladie", credit="52500.00"),
            ],
        ),
        Ecriture(
            "BQ",
            "BQ3",
            f"{a}0215",
            "ACI avance #parcours",
            [
                _m("512000", "Banque", debit="26250.00"),
                _m("706100", "ACI Assurance Maladie", credit="26250.00"),
            ],
        ),
        Ecriture(
            "BQ",
            "BQ4",
            f"{a}0320",
            "Subvention FIR ARS",
            [
                _m("512000", "Banque", debit="15000.00"),
                _m("741000", "Subvention ARS", credit="15000.00"),
            ],
        ),
        Ecriture(
            "OD",
            "OD1",
            f"{a}0131",
            "Salaire coordinatrice janvier",
            [
                _m("641000", "Rémunérations du personnel", debit="3200.00"),
                _m("645000", "Charges sociales", debit="1350,50".replace(",", ".")),
                _m("421000", "Personnel, rémunérations dues", credit="3200.00"),
                _m("431000", "Sécurité sociale", credit="1350.50"),
            ],
        ),
        Ecriture(
            "OD",
            "OD2",
            f"{a}0228",
            "Salaire coordinatrice février #parcours",
            [
                _m("641000", "Rémunérations du personnel", debit="3200.00"),
                _m("421000", "Personnel, rémunérations dues", credit="3200.00"),
            ],
        ),
        Ecriture(
            "AC",
            "AC1",
            f"{a}0105",
            "Loyer du local",
            [
                _m("613200", "Locations immobilières", debit="6000.00"),
                _m("401000", "Fournisseurs", credit="6000.00"),
            ],
        ),
        Ecriture(
            "AC",
            "AC2",
            f"{a}0310",
            "Logiciel de coordination #acces",
            [
                _m("613500", "Locations mobilières", debit="2400.00"),
                _m("401000", "Fournisseurs", credit="2400.00"),
            ],
        ),
        Ecriture(
            "AC",
            "AC3",
            f"{a}0412",
            "Honoraires comptable",
            [
                _m("622600", "Honoraires", debit="1800.00"),
                _m("401000", "Fournisseurs", credit="1800.00"),
            ],
        ),
        Ecriture(
            "AC",
            "AC4",
            f"{a}0520",
            "Plaquettes #prevention",
            [
                _m("623000", "Publicité, publications", debit="950.00"),
                _m("401000", "Fournisseurs", credit="950.00"),
            ],
        ),
        Ecriture(
            "OD",
            "OD3",
            f"{a}0630",
            "Indemnités membres groupe parcours #parcours",
            [
                _m("658600", "Indemnités des membres", debit="4500.00"),
                _m("467000", "Autres comptes débiteurs ou créditeurs", credit="4500.00"),
            ],
        ),
        Ecriture(
            "OD",
            "OD4",
            f"{a}1231",
            "Bénévolat valorisé",
            [
                _m("864000", "Personnel bénévole", debit="2000.00"),
                _m("875000", "Bénévolat", credit="2000.00"),
            ],
        ),
    ]


def ligne(ecriture: Ecriture, mouvement: Mouvement, separateur: str) -> str:
    champs = [
        ecriture.journal,
        {"AN": "A nouveaux", "BQ": "Banque", "OD": "Opérations diverses", "AC": "Achats"}.get(ecriture.journal, ""),
        ecriture.numero,
        ecriture.date,
        mouvement.compte,
        mouvement.libelle_compte,
        "",
        "",
        ecriture.numero,
        ecriture.date,
        ecriture.libelle,
        f"{mouvement.debit:.2f}".replace(".", ","),
        f"{mouvement.credit:.2f}".replace(".", ","),
        "",
        "",
        ecriture.date,
        "",
        "",
    ]
    return separateur.join(champs)


def fichier(
    liste: Sequence[Ecriture] | None = None,
    separateur: str = "\t",
    encodage: str = "utf-8",
    entete: Sequence[str] = COLONNES,
) -> bytes:
    lignes = [separateur.join(entete)]
    for ecriture in liste if liste is not None else ecritures():
        lignes += [ligne(ecriture, mouvement, separateur) for mouvement in ecriture.mouvements]
    return ("\r\n".join(lignes) + "\r\n").encode(encodage)


def avec(liste: list[Ecriture], rang: int, **changements: object) -> list[Ecriture]:
    copie = list(liste)
    copie[rang] = replace(copie[rang], **changements)  # type: ignore[arg-type]
    return copie
