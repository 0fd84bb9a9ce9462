"""Les textes lus et validés, et la question que tout calcul leur pose : quelle règle, à quelle date.

Un texte ne redéfinit que les sections qu'il change (un avenant sur la commission paritaire ne touche
pas aux montants) : le barème d'un texte superpose ses sections à celles des textes antérieurs.
"""

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Generic, Literal, TypeVar

from cpts.regles.dates import jour_fr
from cpts.regles.erreurs import EntreeInvalide, ParametresInvalides
from cpts.regles.lecture import Reference, Valeur

T = TypeVar("T")

NatureVolet = Literal["fixe", "variable"]
Categorie = Literal["fonctionnement", "socle", "optionnelle"]
Condition = Literal[
    "premiere_redaction_du_plan",
    "mise_a_jour_du_plan",
    "crise_survenue",
    "fonctionnement_additionnel",
    "snp_compensation",
    "snp_regulation",
]
CONDITIONS: tuple[Condition, ...] = (
    "premiere_redaction_du_plan",
    "mise_a_jour_du_plan",
    "crise_survenue",
    "fonctionnement_additionnel",
    "snp_compensation",
    "snp_regulation",
)
OPTIONS: dict[str, Condition] = {
    "snp-compensation": "snp_compensation",
    "snp-regulation": "snp_regulation",
    "fonctionnement-additionnel": "fonctionnement_additionnel",
}
"""Les enveloppes conditionnelles que le contrat choisit (code des commandes, de l'API et du contrat) :
aucune n'est due sans avoir été choisie."""
AnneeACheval = Literal["texte_a_l_ouverture"]
SECTIONS_FINANCIERES = ("tailles", "versement", "majoration", "delais", "missions", "annee_a_cheval")


@dataclass(frozen=True, slots=True)
class Parametre(Generic[T]):
    cle: str
    description: str
    unite: str
    valeurs: tuple[Valeur[T], ...]
    verifie: bool = True
    note: str | None = None

    def au(self, le: date) -> T | None:
        """Avant la première date, c'est la première valeur : un texte appliqué par anticipation
        (simulation « et si ce texte s'appliquait ») garde ses montants d'entrée en vigueur."""
        courante = self.valeurs[0]
        for valeur in self.valeurs[1:]:
            if valeur.depuis > le:
                break
            courante = valeur
        return courante.valeur


@dataclass(frozen=True, slots=True)
class Volet:
    cle: str  # nom du paramètre dans la mission (fixe_premiere_redaction…)
    code: str  # nom du volet dans les résultats (fixe, variable, snp_compensation…)
    libelle: str
    nature: NatureVolet
    si: Condition | None
    montants: Parametre[Mapping[int, Decimal]]

    @property
    def option(self) -> str | None:
        """Le code de l'option qui ouvre ce volet, s'il est conditionnel à un choix du contrat."""
        return next((code for code, condition in OPTIONS.items() if condition == self.si), None)

    @property
    def lie_a_la_crise(self) -> bool:
        """Volet « survenue d'une crise sanitaire grave » : versé sur crise déclarée, hors taux d'atteinte."""
        return self.si == "crise_survenue"


@dataclass(frozen=True, slots=True)
class Mission:
    code: str
    libelle: str
    intitule: str
    categorie: Categorie
    volets: tuple[Volet, ...]


@dataclass(frozen=True, slots=True)
class Majoration:
    taux: Decimal
    taille: int
    membres_minimum: int
    hors: frozenset[str]


@dataclass(frozen=True, slots=True)
class ReglesVersement:
    taux_avance: Decimal
    delai_paiement_mois: int
    duree_contrat_annees: int


@dataclass(frozen=True, slots=True)
class Delai:
    demarrage_mois: int | None
    deploiement_mois: int | None


@dataclass(frozen=True, slots=True)
class Texte:
    code: str
    libelle: str
    titre: str
    signe_le: date | None
    en_vigueur_le: date
    references: tuple[Reference, ...]
    fichier: str
    publie_le: date | None = None
    jorf: str | None = None
    """Référence de publication (JORF n°, identifiant Légifrance) d'où se déduit l'entrée en vigueur."""
    tailles: Parametre[Mapping[int, int]] | None = None
    versement: Parametre[ReglesVersement] | None = None
    majoration: Parametre[Majoration] | None = None
    delais: Mapping[str, Parametre[Delai]] | None = None
    missions: Mapping[str, Mission] | None = None
    annee_a_cheval: Parametre[AnneeACheval] | None = None
    # Sections lues par d'autres modules (commission paritaire…), transmises telles quelles.
    autres: Mapping[str, object] = field(default_factory=dict)

    @property
    def financier(self) -> bool:
        return any(getattr(self, section) is not None for section in SECTIONS_FINANCIERES)


@dataclass(frozen=True, slots=True)
class Bareme:
    """Les règles de financement telles qu'un texte les laisse, sections héritées comprises."""

    texte: Texte
    tailles: Parametre[Mapping[int, int]]
    versement: Parametre[ReglesVersement]
    majoration: Parametre[Majoration] | None
    delais: Mapping[str, Parametre[Delai]]
    missions: Mapping[str, Mission]
    annee_a_cheval: Parametre[AnneeACheval] | None = None

    def date_de_calcul(self, le: date) -> date:
        return max(le, self.texte.en_vigueur_le)

    def mission(self, code: str) -> Mission:
        try:
            return self.missions[code]
        except KeyError:
            raise EntreeInvalide(
                f"la mission « {code} » n'existe pas dans le texte {self.texte.libelle}"
                f" (missions : {', '.join(self.missions)})"
            ) from None

    def seuils(self, le: date) -> Mapping[int, int]:
        seuils = self.tailles.au(self.date_de_calcul(le))
        assert seuils is not None, "le chargeur refuse un texte financier sans tailles"
        return seuils

    def regles_versement(self, le: date) -> ReglesVersement:
        regles = self.versement.au(self.date_de_calcul(le))
        assert regles is not None, "le chargeur refuse un texte financier sans versement"
        return regles

    def majoration_au(self, le: date) -> Majoration | None:
        return None if self.majoration is None else self.majoration.au(self.date_de_calcul(le))


class Referentiel:
    """Tous les textes, du plus ancien au plus récent."""

    def __init__(self, textes: Sequence[Texte]) -> None:
        self.textes = tuple(sorted(textes, key=lambda texte: texte.en_vigueur_le))
        self.financiers = tuple(texte for texte in self.textes if texte.financier)
        self._dates = [texte.en_vigueur_le for texte in self.financiers]
        self._baremes = {texte.code: self._superposer(texte) for texte in self.financiers}
        # Ordre d'affichage : celui du texte le plus récent, puis les missions qu'il a abandonnées.
        self.ordre_missions: dict[str, int] = {}
        for bareme in reversed(self._baremes.values()):
            for code in bareme.missions:
                self.ordre_missions.setdefault(code, len(self.ordre_missions))

    def texte(self, code: str) -> Texte:
        for texte in self.textes:
            if texte.code == code:
                return texte
        connus = ", ".join(texte.code for texte in self.financiers)
        raise EntreeInvalide(f"texte « {code} » inconnu (textes connus : {connus})")

    def texte_en_vigueur(self, le: date) -> Texte:
        rang = bisect_right(self._dates, le) - 1
        if rang < 0:
            premier = self.financiers[0]
            raise EntreeInvalide(
                f"la date du {jour_fr(le)} précède le premier texte, {premier.libelle},"
                f" en vigueur le {jour_fr(premier.en_vigueur_le)}"
            )
        return self.financiers[rang]

    def bareme(self, code: str) -> Bareme:
        texte = self.texte(code)
        if texte.code not in self._baremes:
            raise EntreeInvalide(f"le texte {texte.libelle} ne porte pas sur le financement")
        return self._baremes[texte.code]

    def bareme_au(self, le: date, texte: str | None = None) -> Bareme:
        """Le texte choisi, ou sinon celui en vigueur le jour dit."""
        if texte is not None:
            self.texte_en_vigueur(le)  # aucune règle ne s'applique avant l'ACI, même choisie
            return self.bareme(texte)
        return self._baremes[self.texte_en_vigueur(le).code]

    def _superposer(self, texte: Texte) -> Bareme:
        anterieurs = [t for t in self.financiers if t.en_vigueur_le <= texte.en_vigueur_le]
        return Bareme(
            texte=texte,
            tailles=_exiger(texte, "tailles", _dernier(anterieurs, lambda t: t.tailles)),
            versement=_exiger(texte, "versement", _dernier(anterieurs, lambda t: t.versement)),
            majoration=_dernier(anterieurs, lambda t: t.majoration),
            delais=_dernier(anterieurs, lambda t: t.delais) or {},
            missions=_exiger(texte, "missions", _dernier(anterieurs, lambda t: t.missions)),
            annee_a_cheval=_dernier(anterieurs, lambda t: t.annee_a_cheval),
        )


def _dernier(textes: Sequence[Texte], section: Callable[[Texte], T | None]) -> T | None:
    for texte in reversed(textes):
        valeur = section(texte)
        if valeur is not None:
            return valeur
    return None


def _exiger(texte: Texte, section: str, valeur: T | None) -> T:
    if valeur is None:
        raise ParametresInvalides(texte.fichier, section, "section absente, et aucun texte antérieur ne la définit")
    return valeur
