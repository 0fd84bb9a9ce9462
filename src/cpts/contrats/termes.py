"""Les termes du contrat année par année : taille, membres et missions datées après les avenants.

Règle retenue (l'ACI ne la précise pas) : comme dans `cpts.regles.echeancier`, une année de contrat reste régie
par les termes sous lesquels elle s'est ouverte. Un avenant qui change la taille ou le nombre de membres vaut
à partir de la première année qui commence à sa date d'effet ou après. Une mission ajoutée par avenant est
financée dès son démarrage (prorata de l'année en cours, comme toute mission) ; une mission retirée cesse de
l'être à partir de l'année qui suit la date d'effet du retrait.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from cpts.regles import Contrat as TermesRegles
from cpts.regles.dates import anniversaire


@dataclass(frozen=True)
class Changement:
    """L'effet d'un avenant sur la taille et les membres (None : inchangé)."""

    effet_le: date
    numero: int
    taille: int | None = None
    membres: int | None = None


@dataclass(frozen=True)
class MissionDatee:
    code: str
    demarrage: date | None
    ajoutee_le: date | None = None
    """Date d'effet de l'avenant qui l'a ajoutée (None : au contrat initial)."""
    retiree_le: date | None = None


@dataclass(frozen=True)
class Termes:
    """Les termes d'un contrat, tels que les services les lisent en base ou les proposent avant d'écrire."""

    signature: date
    duree: int
    taille: int
    membres: int
    changements: Sequence[Changement] = ()
    missions: Sequence[MissionDatee] = ()
    options: Mapping[str, date] = field(default_factory=dict)
    """Les enveloppes conditionnelles choisies (`cpts.regles.OPTIONS`) et la date d'où chacune est due."""

    def debut(self, annee: int) -> date:
        return anniversaire(self.signature, annee - 1)

    def fin(self, annee: int) -> date:
        return anniversaire(self.signature, annee)

    @property
    def annees(self) -> range:
        return range(1, self.duree + 1)

    def annee_au(self, le: date) -> int | None:
        """L'année de contrat en cours le jour `le` (None avant la signature ou après la fin)."""
        for annee in self.annees:
            if self.debut(annee) <= le < self.fin(annee):
                return annee
        return None

    def taille_et_membres(self, annee: int) -> tuple[int, int]:
        taille, membres = self.taille, self.membres
        debut = self.debut(annee)
        for changement in sorted(self.changements, key=lambda c: (c.effet_le, c.numero)):
            if changement.effet_le > debut:
                continue
            taille = changement.taille if changement.taille is not None else taille
            membres = changement.membres if changement.membres is not None else membres
        return taille, membres

    def missions_de(self, annee: int, *, datees: bool = True) -> dict[str, date | None]:
        """Les missions au contrat l'année `annee` ; `datees` : seulement celles qui ont une date de démarrage."""
        debut, fin = self.debut(annee), self.fin(annee)
        return {
            mission.code: mission.demarrage
            for mission in self.missions
            if (mission.demarrage is not None or not datees)
            and (mission.ajoutee_le is None or mission.ajoutee_le < fin)
            and (mission.retiree_le is None or mission.retiree_le > debut)
        }

    def pour_les_regles(self, annee: int) -> TermesRegles:
        taille, membres = self.taille_et_membres(annee)
        missions = {code: demarrage for code, demarrage in self.missions_de(annee).items() if demarrage is not None}
        return TermesRegles(
            signature=self.signature, taille=taille, missions=missions, membres=membres, options=dict(self.options)
        )

    def groupes(self) -> list[tuple[TermesRegles, list[int]]]:
        """Les années regroupées par termes identiques : un calcul d'échéancier par groupe suffit."""
        groupes: dict[tuple, tuple[TermesRegles, list[int]]] = {}
        for annee in self.annees:
            termes = self.pour_les_regles(annee)
            cle = (termes.taille, termes.membres, tuple(sorted(termes.missions.items())))
            groupes.setdefault(cle, (termes, []))[1].append(annee)
        return list(groupes.values())

    def missions_actuelles(self, le: date) -> list[str]:
        annee = self.annee_au(le) or (self.duree if le >= self.fin(self.duree) else 1)
        return list(self.missions_de(annee, datees=False))


def termes_proposes(
    termes: Termes,
    *,
    changements: Iterable[Changement] = (),
    missions: Mapping[str, MissionDatee] | None = None,
) -> Termes:
    """Les termes après un changement proposé (avenant, date de mission), pour le vérifier avant d'écrire."""
    par_code = {mission.code: mission for mission in termes.missions}
    par_code.update(missions or {})
    return Termes(
        signature=termes.signature,
        duree=termes.duree,
        taille=termes.taille,
        membres=termes.membres,
        changements=[*termes.changements, *changements],
        missions=list(par_code.values()),
        options=termes.options,
    )
