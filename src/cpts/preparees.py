"""Requêtes préparées : le SQL d'une lecture de l'ORM compilé une fois par processus, puis seulement exécuté.

Les lectures faites à chaque requête HTTP (session, utilisateur, jeton d'API, version du référentiel) coûtaient surtout
la compilation de leur requête par l'ORM, refaite à chaque appel : 0,13 ms pour lire un utilisateur par sa clé contre
0,02 ms pour exécuter le même SQL (mesuré sur le jeu national du banc), plus que la lecture elle-même. Le SQL reste
celui de l'ORM (mêmes tables, mêmes filtres, sur SQLite comme sur PostgreSQL) et chaque colonne passe par les mêmes
convertisseurs ; seules les valeurs des filtres changent d'un appel à l'autre, à la place de leurs `Parametre`.
"""

import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, overload

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Expression, Field, Model, QuerySet, Subquery, Value
from django.db.models.query import ModelIterable, get_related_populators


class _Marque:
    """La place d'un paramètre dans les paramètres du SQL compilé."""

    def __init__(self, nom: str, champ: Field) -> None:
        self.nom = nom
        self.champ = champ


class Parametre(Expression):
    """Une valeur donnée à l'exécution : `filter(pk=Parametre("pk", BigAutoField()))`."""

    def __init__(self, nom: str, champ: Field) -> None:
        super().__init__(output_field=champ)
        self.nom = nom

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[object]]:
        return "%s", [_Marque(self.nom, self.output_field)]


class ElementsJson(Expression):
    """Les éléments d'une liste JSON donnée en un seul paramètre, en sous-requête : `filter(code__in=ElementsJson(
    Parametre("codes", JSONField())))`. Le SQL ne dépend plus du nombre de valeurs : il se prépare une fois, et l'ORM
    ne prépare plus chaque valeur (200 codes du compositeur : la moitié du temps de la requête des conflits).

    `entiers` pour une liste de clés : PostgreSQL rend les éléments en texte, qu'il ne compare pas à un entier sans
    les convertir (SQLite rend déjà des entiers)."""

    def __init__(self, liste: Expression, *, entiers: bool = False) -> None:
        super().__init__()
        self.liste = liste
        self.entiers = entiers

    def get_source_expressions(self) -> list[Expression]:
        return [self.liste]

    def set_source_expressions(self, expressions: list[Expression]) -> None:
        (self.liste,) = expressions

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[object]]:
        sql, parametres = compiler.compile(self.liste)
        return f"SELECT value FROM json_each({sql})", parametres

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[object]]:
        sql, parametres = compiler.compile(self.liste)
        elements = f"jsonb_array_elements_text({sql})"
        return f"SELECT {f'CAST({elements} AS bigint)' if self.entiers else elements}", parametres


RANG_DE_FIN = "rang_de_fin"
"""Le paramètre qu'une lecture d'une tranche (`ListePreparee`, `tranchee`) reçoit : le rang de la dernière ligne de la
tranche, à partir de 0."""


class _AuRang(Subquery):
    """Une sous-requête dont le gabarit reçoit un rang (`rang` : un `Parametre`), ses paramètres après les siens."""

    def __init__(self, queryset: QuerySet[Any], rang: Expression, output_field: Field | None = None) -> None:
        super().__init__(queryset, output_field=output_field)
        self.rang = rang

    def as_sql(
        self, compiler: Any, connection: Any, template: str | None = None, **contexte: Any
    ) -> tuple[str, tuple[object, ...]]:
        sql_rang, parametres_rang = compiler.compile(self.rang)
        sql, parametres = super().as_sql(compiler, connection, template, rang=sql_rang, **contexte)
        return sql, (*parametres, *parametres_rang)


class ValeurAuRang(_AuRang):
    """La première colonne de `queryset`, trié et tranché à une ligne (`[:1]`), prise à la ligne de rang `rang` (un
    `Parametre` : OFFSET) ; NULL si la liste est plus courte. Le même SQL pour tout rang, sur SQLite comme sur
    PostgreSQL."""

    template = "(%(subquery)s OFFSET %(rang)s)"


class PremieresLignes(_AuRang):
    """Les lignes de `queryset` (trié, non tranché, une colonne : `values("pk")`) jusqu'au rang `rang` compris (un
    `Parametre` : LIMIT), en sous-requête : `filter(pk__in=PremieresLignes(…))`. Une lecture tranchée n'y joint et ne
    rend que ces lignes-là, triées sans leurs longues colonnes (un message, un texte) plutôt que toutes avec elles."""

    template = "(%(subquery)s LIMIT %(rang)s + 1)"

    def __init__(self, queryset: QuerySet[Any], rang: Expression) -> None:
        if queryset.query.is_sliced or not queryset.ordered:
            raise ValueError("Les premières lignes se lisent d'une liste triée et non tranchée.")
        super().__init__(queryset, rang)


class Compilee:
    """Le SQL d'une base, ses paramètres (valeurs fixes ou marques) et les convertisseurs de ses colonnes."""

    def __init__(self, queryset: QuerySet[Any]) -> None:
        compilateur = queryset.query.get_compiler(queryset.db)
        self.sql, parametres = compilateur.as_sql()
        self.parametres: tuple[object, ...] = tuple(parametres)
        colonnes = [colonne for colonne, _, _ in compilateur.select]
        self.convertisseurs = list(compilateur.get_converters(colonnes).items())
        # Une lecture d'instances : ce que `ModelIterable` tire du compilateur pour bâtir chaque objet et ses objets
        # joints (`select_related`), tiré une fois.
        infos = compilateur.klass_info
        self.modele: type[Model] | None = infos["model"] if queryset._iterable_class is ModelIterable else None
        if self.modele is not None:
            champs_lus = infos["select_fields"]
            self.tranche = slice(champs_lus[0], champs_lus[-1] + 1)
            self.attributs = [colonne[0].target.attname for colonne in compilateur.select[self.tranche]]
            self.joints = get_related_populators(infos, compilateur.select, queryset.db)
            self.annotations = dict(compilateur.annotation_col_map or {})


class LecturePreparee:
    """Une lecture de l'ORM décrite une fois (`construire` rend un `values_list` filtré par des `Parametre`, lu par
    `lignes`, ou un `QuerySet` d'objets, lu par `objets`) et compilée à sa première exécution dans le processus."""

    def __init__(self, construire: Callable[[], QuerySet[Any]]) -> None:
        self._construire = construire
        self._compilees: dict[str, Compilee] = {}
        self._verrou = threading.Lock()

    def _compilee(self, alias: str) -> Compilee:
        compilee = self._compilees.get(alias)
        if compilee is None:
            with self._verrou:
                compilee = self._compilees.setdefault(alias, Compilee(self._construire().using(alias)))
        return compilee

    def lignes(
        self, alias: str = DEFAULT_DB_ALIAS, *, tranche: tuple[int, int] | None = None, **valeurs: object
    ) -> list[list[Any]]:
        """Les lignes lues ; `tranche` (début, fin), comme `[début:fin]` sur un queryset, ajoute au SQL un LIMIT et un
        OFFSET en paramètres : chaque page d'une liste lit le même SQL préparé (la lecture ne doit pas être tranchée
        elle-même)."""
        compilee = self._compilee(alias)
        connexion = connections[alias]
        parametres = [
            p.champ.get_db_prep_value(valeurs[p.nom], connexion, prepared=False) if isinstance(p, _Marque) else p
            for p in compilee.parametres
        ]
        sql = compilee.sql
        if tranche is not None:
            debut, fin = tranche
            sql = f"{sql} LIMIT %s OFFSET %s"
            parametres += [max(fin - debut, 0), debut]
        with connexion.cursor() as curseur:
            curseur.execute(sql, parametres)
            lignes = [list(ligne) for ligne in curseur.fetchall()]
        for ligne in lignes:
            for position, (convertisseurs, expression) in compilee.convertisseurs:
                for convertir in convertisseurs:
                    ligne[position] = convertir(ligne[position], expression, connexion)
        return lignes

    def objets(self, alias: str = DEFAULT_DB_ALIAS, **valeurs: object) -> list[Any]:
        """Les instances que l'ORM aurait rendues pour le `QuerySet` d'objets de `construire` (ses `select_related`,
        `only` et annotations compris), sans le recompiler."""
        compilee = self._compilee(alias)
        if compilee.modele is None:
            raise TypeError("Cette lecture rend des valeurs, pas des objets : lignes() ou premiere().")
        resultat = []
        for ligne in self.lignes(alias, **valeurs):
            objet = compilee.modele.from_db(alias, compilee.attributs, ligne[compilee.tranche])
            for joint in compilee.joints:
                joint.populate(ligne, objet)
            for nom, position in compilee.annotations.items():
                setattr(objet, nom, ligne[position])
            resultat.append(objet)
        return resultat

    def premiere(self, alias: str = DEFAULT_DB_ALIAS, **valeurs: object) -> list[Any] | None:
        lignes = self.lignes(alias, **valeurs)
        return lignes[0] if lignes else None


def champs(modele: type[Model], chemin: str = "") -> tuple[str, ...]:
    """Les noms à lire (`values_list`) pour rebâtir une instance de `modele` avec `instance` ; `chemin` pour un modèle
    joint (« utilisateur__ »)."""
    return tuple(f"{chemin}{champ.attname}" for champ in modele._meta.concrete_fields)


M = TypeVar("M", bound=Model)


def instance(modele: type[M], valeurs: list[Any], alias: str = DEFAULT_DB_ALIAS) -> M:
    """L'instance que l'ORM aurait rendue pour ces valeurs, dans l'ordre de `champs(modele)`."""
    return modele.from_db(alias, [champ.attname for champ in modele._meta.concrete_fields], valeurs)


def nombre_et_total(filtrees: QuerySet[Any], total: Any) -> QuerySet[Any]:
    """Le nombre de lignes filtrées et leur total en une ligne : sans groupe (une constante n'en fait pas), comme
    `aggregate`, mais en `values_list` qu'une lecture préparée sait compiler."""
    return (
        filtrees.order_by()
        .annotate(une=Value(1))
        .values("une")
        .annotate(nombre=Count("pk"), total=total)
        .values_list("nombre", "total")
    )


T = TypeVar("T")
# Ce que `garder` garde, tel quel : ni sérialisé ni copié comme dans le cache de Django (relire une page de 50 lignes
# dues y coûtait 0,1 ms, l'écrire 0,2 ms). Plein, il oublie ce qu'il garde depuis le plus longtemps : les clés des
# versions passées ne sont plus demandées, et une page de lignes dues pèse quelques dizaines de kilo-octets. Vidé d'un
# coup, il perdait parfois le nombre qu'une page venait de garder avant sa tranche : relu à l'affichage suivant.
_GARDEES: dict[str, Any] = {}
_ECRITURE = threading.Lock()
GARDEES_MAX = 256
_ABSENT = object()


def garder(cle: str | None, lire: Callable[[], T]) -> T:
    """Ce que rend `lire`, gardé dans le processus sous `cle` ; lu à chaque appel sans clé. La clé doit changer avec
    les données lues (une version lue avant elles) : rien ne périme ce qui est gardé. Ce qui est rendu est partagé
    entre les appels : à ne pas modifier."""
    if cle is None:
        return lire()
    lu = _GARDEES.get(cle, _ABSENT)
    if lu is _ABSENT:
        lu = lire()
        # Les lectures se passent du verrou ; deux écritures ne parcourent ni ne retirent en même temps.
        with _ECRITURE:
            while len(_GARDEES) >= GARDEES_MAX:
                del _GARDEES[next(iter(_GARDEES))]
            _GARDEES[cle] = lu
    return lu  # type: ignore[return-value]


class ListePreparee(Sequence[Any]):
    """Une longue liste lue par une lecture préparée, paginée en SQL (LIMIT et OFFSET en paramètres : chaque page lit
    le même SQL), chaque ligne lue convertie en l'objet que les gabarits, exports et API attendent ; son nombre de
    lignes est donné ou lu à la demande (`Paginator` de Django et pagination de django-ninja la lisent ainsi).

    `tranchee`, s'il est donné, lit une tranche à la place de `lecture` : les mêmes lignes dans le même ordre, mais il
    reçoit aussi le rang de la dernière ligne de la tranche (`RANG_DE_FIN`), pour ne trier que les lignes qui peuvent
    la précéder (`ValeurAuRang`) plutôt que la liste entière.

    `cle`, si elle est donnée, garde le nombre et les lignes lues de chaque tranche (`garder`) : elle doit changer avec
    les données qu'elles lisent. Le parcours de la liste entière (les exports) est toujours lu."""

    def __init__(
        self,
        lecture: LecturePreparee,
        valeurs: dict[str, object],
        convertir: Callable[[Any], Any],
        nombre: int | Callable[[], int],
        tranchee: LecturePreparee | None = None,
        cle: str | None = None,
    ) -> None:
        self.lecture, self.valeurs, self.convertir = lecture, valeurs, convertir
        self._nombre = nombre
        self.tranchee = tranchee
        self.cle = cle

    def _gardee(self, quoi: str, lire: Callable[[], T]) -> T:
        return garder(None if self.cle is None else f"{self.cle}:{quoi}", lire)

    def __len__(self) -> int:
        if not isinstance(self._nombre, int):
            self._nombre = self._gardee("nombre", self._nombre)
        return self._nombre

    def count(self) -> int:
        return len(self)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            debut, fin = index.start or 0, len(self) if index.stop is None else index.stop
            if index.step not in (None, 1) or debut < 0 or fin < 0:
                raise ValueError("Une liste paginée en SQL se lit par tranches positives.")
            lignes = self._gardee(f"{debut}:{fin}", lambda: tuple(map(tuple, self._tranche(debut, fin))))
            return [self.convertir(ligne) for ligne in lignes]
        lues = self[index : index + 1] if index >= 0 else []
        if not lues:
            raise IndexError(index)
        return lues[0]

    def _tranche(self, debut: int, fin: int) -> list[list[Any]]:
        if self.tranchee is None:
            return self.lecture.lignes(tranche=(debut, fin), **self.valeurs)
        return self.tranchee.lignes(tranche=(debut, fin), **self.valeurs, **{RANG_DE_FIN: max(fin, 1) - 1})

    def puis(self, convertir: Callable[[Any], Any]) -> "ListePreparee":
        """La même lecture, chaque ligne convertie encore par `convertir` (en JSON pour l'API)."""
        premier = self.convertir
        return ListePreparee(
            self.lecture, self.valeurs, lambda ligne: convertir(premier(ligne)), self._nombre, self.tranchee, self.cle
        )

    def __iter__(self) -> Iterator[Any]:
        return (self.convertir(ligne) for ligne in self.lecture.lignes(**self.valeurs))
