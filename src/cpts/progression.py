"""Les barres de progression des commandes longues (import des communes, sauvegarde, restauration, banc d'essai).

Une tâche avance par `progression(n)` et, quand elle le sait, annonce son total par `annoncer(progression, total)` :
la barre montre alors « 12 000/35 000 ». Sur un terminal, la barre se redessine en place ; ailleurs (intégration
continue, journal d'un service) elle se tait et ne laisse qu'une ligne de bilan à la fin, au lieu d'une ligne par
rafraîchissement.
"""

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from tqdm import tqdm

Progression = Callable[[int], None]


class Barre:
    def __init__(self, titre: str, unite: str, verbosite: int = 1, flux: TextIO | None = None) -> None:
        self.titre, self.unite = titre, unite
        self.flux = flux or sys.stderr
        self.visible = verbosite >= 1
        self.en_place = self.visible and self.flux.isatty()
        self.fait = 0
        self.total: int | None = None
        self._debut = time.monotonic()
        self._tqdm = tqdm(desc=titre, unit=f" {unite}", file=self.flux, disable=not self.en_place)

    def __call__(self, n: int) -> None:
        self.fait += n
        self._tqdm.update(n)

    def annoncer(self, total: int) -> None:
        self.total = total
        self._tqdm.total = total
        self._tqdm.refresh()

    def bilan(self) -> str:
        sur = f"/{self.total}" if self.total is not None else ""
        return f"{self.titre} : {self.fait}{sur} {self.unite} en {time.monotonic() - self._debut:.0f} s"

    def __enter__(self) -> "Barre":
        return self

    def __exit__(
        self, type_: type[BaseException] | None, erreur: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._tqdm.close()
        if self.visible and not self.en_place and type_ is None:
            self.flux.write(self.bilan() + "\n")


def annoncer(progression: Progression, total: int) -> None:
    """Le total d'une tâche, pour une barre qui sait l'afficher ; une simple fonction de progression l'ignore."""
    if isinstance(progression, Barre):
        progression.annoncer(total)
