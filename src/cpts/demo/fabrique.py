"""Fabriquer les fichiers de portefeuille de la démonstration (`cpts/demo/portefeuilles/*.csv`), une fois, depuis les
tableaux publiés : `scripts/fabriquer-portefeuilles-demo.sh`. La démonstration les charge ensuite par l'import du
portefeuille, comme une ARS charge les siens (`cpts.demo.chargement`).

Chaque projet reçoit des dates qui redonnent les tableaux publiés à leur date (Auvergne-Rhône-Alpes au 1er juin
2021, Pays de la Loire en décembre 2020), puis une suite plausible jusqu'en 2026 : étapes franchies, signatures,
quelques abandons. Les territoires sont de vraies communes voisines (lecture du référentiel, rien n'est écrit).
Déterministe : deux fabrications donnent les mêmes fichiers.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from cpts import exports
from cpts.demo import aura, pdl
from cpts.demo.contrats import AVENANT_2
from cpts.dossiers.enums import Instance, TransitionEtape
from cpts.portefeuille.export import COLONNES_EXPORT
from cpts.portefeuille.format import ContratFiche, Decision, Fiche, ligne
from cpts.regles import taille as taille_de
from cpts.territoires.models import Commune

DOSSIER = Path(__file__).with_name("portefeuilles")
# La dernière date écrite dans les fichiers : aucune décision ne peut être dans le futur du jour où l'on charge.
DERNIERE_DATE = datetime.date(2026, 6, 30)
SUBVENTION_FIR = Decimal("15000.00")  # [ars-aura-guide] : subvention FIR à la validation du pré-projet
COLONNE_DE = {
    TransitionEtape.DEPOSER_PRE_PROJET: "lettre_intention",
    TransitionEtape.VALIDER_PRE_PROJET: "pre_projet_valide",
    TransitionEtape.DEPOSER_PROJET_SANTE: "projet_sante_depose",
    TransitionEtape.VALIDER_PROJET_SANTE: "projet_sante_valide",
    TransitionEtape.SIGNER_CONTRAT: "contrat_signe",
}
INSTANCES = {**aura.INSTANCES, TransitionEtape.VALIDER_PROJET_SANTE: Instance.ARS_CPAM}
# L'association porteuse de la CPTS du coordinateur de démonstration (SIRET fictif, clé de contrôle juste).
ASSOCIATIONS = {"Monts du Lyonnais": ("88419027050001", "Association CPTS des Monts du Lyonnais")}
MOTIF_ABANDON = "L'équipe projet rejoint la dynamique voisine, faute de coordinateur."


def _jours(date: datetime.date, nombre: int) -> datetime.date:
    return date + datetime.timedelta(days=nombre)


@dataclass
class Projet:
    """Un projet en cours de fabrication : ses décisions datées, puis son territoire et son contrat."""

    departement: str
    nom: str
    dynamique_depuis: datetime.date
    etapes: dict[str, Decision] = field(default_factory=dict)
    abandon: datetime.date | None = None
    territoire: tuple[datetime.date, tuple[str, ...], int] | None = None
    contrat: ContratFiche | None = None

    def franchir(self, transition: TransitionEtape, date: datetime.date) -> None:
        assert date <= DERNIERE_DATE, (self.nom, date)
        self.etapes[COLONNE_DE[transition]] = Decision(date, INSTANCES[transition])

    def derniere(self) -> datetime.date:
        return max([self.dynamique_depuis, *(decision.date for decision in self.etapes.values())])

    def fiche(self) -> Fiche:
        etapes = dict(self.etapes)
        if self.abandon:
            etapes["abandon"] = Decision(self.abandon, Instance.EQUIPE_PROJET)
        siret, association = ASSOCIATIONS.get(self.nom, ("", ""))
        return Fiche(
            nom=self.nom,
            siret=siret,
            association=association,
            departement=self.departement,
            autres_departements=(),
            dynamique_depuis=self.dynamique_depuis,
            etapes=etapes,
            subvention_fir=SUBVENTION_FIR if "pre_projet_valide" in etapes else None,
            abandon_motif=MOTIF_ABANDON if self.abandon else "",
            territoire_depuis=self.territoire[0] if self.territoire else None,
            communes=self.territoire[1] if self.territoire else (),
            contrat=self.contrat,
        )


# Jours entre la signature et le démarrage des missions parcours et prévention (l'accès aux soins démarre à la
# signature) : les versements qui en découlent redonnent les sommes publiées (2,2 M€ versés en Auvergne-Rhône-Alpes
# au 1er juin 2021, [cpr-aura-2021-06-09] ; 686 000 € en 2020 en Pays de la Loire, [cpr-pdl-2021-02-04]). Les deux
# restent dans les délais des textes (trois missions socles déployées dans les deux ans, [ars-aura-guide]).
DEMARRAGES = {aura.REGION: (60, 180), pdl.REGION: (30, 75)}


def missions_a_la_signature(
    signature: datetime.date, rang: int, region: str
) -> tuple[tuple[str, datetime.date | None], ...]:
    """Accès aux soins dès la signature, parcours et prévention ensuite (`DEMARRAGES`) ; sous l'avenant 2, la mission
    crises sanitaires dans les six mois, et une CPTS sur deux prend la mission d'accompagnement des professionnels
    ([cpr-pdl-2021-02-04] : « quasiment tous les contrats […] comprennent la mission facultative sur
    l'accompagnement des PS »)."""
    parcours, prevention = DEMARRAGES[region]
    missions: list[tuple[str, datetime.date | None]] = [
        ("acces", signature),
        ("parcours", _jours(signature, parcours)),
        ("prevention", _jours(signature, prevention)),
    ]
    if signature >= AVENANT_2:
        missions.insert(3, ("crise", _jours(signature, 60)))
        if rang % 2 == 0:
            missions.append(("accompagnement", _jours(signature, 120)))
    return tuple(missions)


class Territoires:
    """Compose des territoires sans prendre deux fois une commune."""

    def __init__(self) -> None:
        self.prises: set[str] = set()

    def composer(self, departement: str, centre: str | None, bornes: tuple[int, int], rang: int) -> tuple[str, ...]:
        if centre is None:
            centre = self._centre(departement, bornes, rang)
        codes = aura.composer_territoire(departement, centre, bornes, self.prises)
        self.prises |= set(codes)
        return tuple(codes)

    def _centre(self, departement: str, bornes: tuple[int, int], rang: int) -> str:
        """Une commune libre du département, assez petite pour laisser des voisines au territoire."""
        libres = list(
            Commune.objects.filter(departement_id=departement, active=True, type="commune", population__gte=2_000)
            .filter(population__lt=bornes[0] // 3)
            .exclude(contour="")
            .exclude(code__in=self.prises)
            .order_by("code")
            .values_list("code", flat=True)
        )
        return libres[(rang * 97) % len(libres)]


def _population(codes: tuple[str, ...]) -> int:
    return sum(Commune.objects.filter(code__in=codes).values_list("population", flat=True))


def signer(projet: Projet, territoires: Territoires, signature: datetime.date, rang: int, **compose: object) -> None:
    """Le territoire (composé à la validation du pré-projet) et le contrat signé, taille selon la population."""
    depuis = projet.etapes["pre_projet_valide"].date
    codes = territoires.composer(projet.departement, rang=rang, **compose)  # type: ignore[arg-type]
    population = _population(codes)
    projet.territoire = (depuis, codes, population)
    projet.franchir(TransitionEtape.SIGNER_CONTRAT, signature)
    projet.contrat = ContratFiche(
        signature=signature,
        taille=taille_de(population, signature),
        population=population,
        membres=25 + (rang * 7) % 60,
        missions=missions_a_la_signature(signature, rang, _region(projet.departement)),
    )


def _region(departement: str) -> str:
    return pdl.REGION if departement in pdl.ETAT_PUBLIE else aura.REGION


def poursuivre(
    projet: Projet, colonne: str, rang: int, depuis: datetime.date, territoires: Territoires, departement: str
) -> None:
    """La suite d'un projet non signé à la date du tableau publié (`depuis`), jusqu'en 2026.

    Un projet de santé validé signe dans les six mois ; quatre pré-projets validés sur cinq déposent leur projet de
    santé puis signent, le cinquième a déposé le sien en 2025 ; six dynamiques sur dix déposent leur lettre
    d'intention, trois d'entre elles vont jusqu'au contrat ; une sur dix abandonne ; les autres réfléchissent encore.
    """
    bornes = aura.POPULATIONS[1 + rang % 3]
    debut = max(depuis, projet.derniere())
    if colonne == "projet_sante_valide":
        signer(projet, territoires, _jours(debut, 120 + rang % 60), rang, centre=None, bornes=bornes)
        return
    if colonne == "pre_projet_valide":
        if rang % 5 == 4:
            projet.franchir(TransitionEtape.DEPOSER_PROJET_SANTE, datetime.date(2025, 3, 1) + _decalage(rang, 300))
            return
        depot = _jours(debut, 90 + (rang * 37) % 300)
        projet.franchir(TransitionEtape.DEPOSER_PROJET_SANTE, depot)
        projet.franchir(TransitionEtape.VALIDER_PROJET_SANTE, _jours(depot, 75))
        signer(projet, territoires, _jours(depot, 195), rang, centre=None, bornes=bornes)
        return
    reste = rang % 10
    if reste == 9:
        projet.abandon = _jours(debut, 200 + rang % 300)
    elif reste <= 5:
        lettre = _jours(debut, 60 + (rang * 53) % 500)
        projet.franchir(TransitionEtape.DEPOSER_PRE_PROJET, lettre)
        projet.franchir(TransitionEtape.VALIDER_PRE_PROJET, _jours(lettre, 90))
        if reste <= 2:
            depot = _jours(lettre, 390)
            projet.franchir(TransitionEtape.DEPOSER_PROJET_SANTE, depot)
            projet.franchir(TransitionEtape.VALIDER_PROJET_SANTE, _jours(depot, 75))
            signer(projet, territoires, _jours(depot, 195), rang, centre=None, bornes=bornes)


def _decalage(rang: int, etendue: int) -> datetime.timedelta:
    return datetime.timedelta(days=(rang * 47) % etendue)


def projets_aura(territoires: Territoires) -> Iterator[Projet]:
    """Les 96 projets du 1er juin 2021 (mêmes dates que le tableau publié), puis leur suite."""
    for rang, (departement, nom, colonne, signature) in enumerate(aura.projets()):
        repere = aura.SIGNATURE_AU_DOSSIER.get(nom, signature) or aura._jour(datetime.date(2020, 9, 1), rang, 250)
        etapes = aura.PARCOURS[colonne]
        premier = repere - datetime.timedelta(days=etapes[0][1] if etapes else 0)
        projet = Projet(departement, nom, min(premier, repere) - datetime.timedelta(days=90 + (rang * 13) % 200))
        for transition, ecart in etapes:
            if transition != TransitionEtape.SIGNER_CONTRAT:
                projet.franchir(transition, repere - datetime.timedelta(days=ecart))
        if signature:
            taille = next(t for _, n, _, t in aura.CONTRATS_PUBLIES if n == nom)
            signer(
                projet, territoires, repere, rang, centre=aura.COMMUNES_CENTRES[nom], bornes=aura.POPULATIONS[taille]
            )
            # La date publiée du contrat peut différer de la signature au dossier (Sud Est Grenoblois).
            projet.contrat = ContratFiche(
                signature=signature,
                taille=taille,
                population=projet.contrat.population,
                membres=projet.contrat.membres,
                missions=missions_a_la_signature(signature, rang, aura.REGION),
            )
        else:
            poursuivre(projet, colonne, rang, aura.ETAT_DES_LIEUX, territoires, departement)
        yield projet


def projets_pdl(territoires: Territoires) -> Iterator[Projet]:
    """Les 28 projets de décembre 2020, puis leur suite."""
    rang = 0
    signes = {departement: [] for departement in pdl.ETAT_PUBLIE}
    valides = {departement: [] for departement in pdl.ETAT_PUBLIE}
    for departement, *reste in pdl.SIGNES_2020:
        signes[departement].append(reste)
    for departement, *reste in pdl.VALIDES_2020:
        valides[departement].append(reste)
    for departement, (dynamiques, pre_projets, _, _) in pdl.ETAT_PUBLIE.items():
        numero = 0
        for centre, signature, bornes in signes[departement] + valides[departement]:
            numero += 1
            rang += 1
            validation = min(signature, pdl.DECEMBRE_2020) - datetime.timedelta(days=60 + rang % 30)
            projet = _parcouru(departement, numero, validation, rang)
            signer(projet, territoires, signature, rang, centre=centre, bornes=bornes)
            yield projet
        for colonne, nombre in (("pre_projet_valide", pre_projets), ("dynamique", dynamiques)):
            for _ in range(nombre):
                numero += 1
                rang += 1
                repere = datetime.date(2020, 3, 1) + _decalage(rang, 280)
                projet = Projet(departement, f"Projet {departement}-{numero:02d}", _jours(repere, -300))
                if colonne == "pre_projet_valide":
                    projet.franchir(TransitionEtape.DEPOSER_PRE_PROJET, _jours(repere, -90))
                    projet.franchir(TransitionEtape.VALIDER_PRE_PROJET, repere)
                poursuivre(projet, colonne, rang, pdl.DECEMBRE_2020 + datetime.timedelta(days=1), territoires, "")
                yield projet


def _parcouru(departement: str, numero: int, validation: datetime.date, rang: int) -> Projet:
    """Un projet dont le projet de santé est validé à la date dite, pré-projet un an plus tôt."""
    projet = Projet(departement, f"Projet {departement}-{numero:02d}", _jours(validation, -540 - rang % 90))
    projet.franchir(TransitionEtape.DEPOSER_PRE_PROJET, _jours(validation, -420))
    projet.franchir(TransitionEtape.VALIDER_PRE_PROJET, _jours(validation, -360))
    projet.franchir(TransitionEtape.DEPOSER_PROJET_SANTE, _jours(validation, -90))
    projet.franchir(TransitionEtape.VALIDER_PROJET_SANTE, validation)
    return projet


FICHIERS: dict[str, Callable[[Territoires], Iterator[Projet]]] = {aura.REGION: projets_aura, pdl.REGION: projets_pdl}


def contenu(region: str, territoires: Territoires) -> bytes:
    fiches = sorted((projet.fiche() for projet in FICHIERS[region](territoires)), key=lambda f: (f.departement, f.nom))
    return exports.contenu_csv(COLONNES_EXPORT, [ligne(fiche) for fiche in fiches])


def ecrire() -> list[Path]:
    DOSSIER.mkdir(exist_ok=True)
    chemins = []
    for region in FICHIERS:
        chemin = DOSSIER / f"portefeuille-{region}.csv"
        chemin.write_bytes(contenu(region, Territoires()))
        chemins.append(chemin)
    return chemins
