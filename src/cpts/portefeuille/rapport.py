"""Le rapport d'un import ligne à ligne (portefeuille d'une région, indicateurs du diagnostic) : le statut de chaque
ligne et le bilan. Tout ou rien : une ligne refusée, et rien n'est écrit ; l'essai n'écrit jamais.
"""

from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

CREEE, MISE_A_JOUR, INCHANGEE, REFUSEE = "créée", "mise à jour", "inchangée", "refusée"


class _Ligne(Protocol):
    statut: str


Ligne = TypeVar("Ligne", bound=_Ligne)


@dataclass
class Rapport(Generic[Ligne]):
    nom_fichier: str
    essai: bool
    lignes: list[Ligne] = field(default_factory=list)

    @property
    def refuse(self) -> bool:
        return any(ligne.statut == REFUSEE for ligne in self.lignes)

    @property
    def ecrit(self) -> bool:
        return not self.essai and not self.refuse

    def nombre(self, statut: str) -> int:
        return sum(ligne.statut == statut for ligne in self.lignes)

    @property
    def bilan(self) -> str:
        comptes = ", ".join(f"{self.nombre(statut)} {statut}" for statut in (CREEE, MISE_A_JOUR, INCHANGEE, REFUSEE))
        if self.essai:
            suite = "essai : rien n'a été écrit."
        elif self.refuse:
            suite = "au moins une ligne est refusée : rien n'a été écrit."
        else:
            suite = "import enregistré."
        return f"{len(self.lignes)} lignes : {comptes} ; {suite}"
