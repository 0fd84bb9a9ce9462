"""« Commence par », servi par l'index de la colonne sur SQLite comme sur PostgreSQL.

`startswith` s'écrit `LIKE 'sai%'` : sur SQLite, LIKE ignore la casse et ne peut donc pas lire un index ordinaire ;
la recherche d'une commune parcourait toute la table (35 000 lignes) à chaque frappe. Les colonnes cherchées ainsi
(`nom_recherche` en minuscules sans accents, `code` en majuscules) n'ont pas de casse à ignorer : sur SQLite, le
même filtre s'écrit `GLOB 'sai*'`, sensible à la casse, que SQLite sert par l'index. Ailleurs (PostgreSQL, qui a
son index `_like` pour LIKE), c'est `startswith` tel quel.
"""

import re
from typing import Any

from django.db.models import CharField
from django.db.models.lookups import StartsWith

# Les caractères spéciaux de GLOB, rendus littéraux par une classe d'un seul caractère.
_SPECIAUX_GLOB = re.compile(r"([*?\[\]])")


def motif_glob(prefixe: str) -> str:
    return _SPECIAUX_GLOB.sub(r"[\1]", prefixe) + "*"


@CharField.register_lookup
class CommencePar(StartsWith):
    lookup_name = "commence_par"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        # Hors de SQLite : `startswith` lui-même (ses opérateurs sont rangés sous son nom dans chaque moteur).
        sql, parametres = compiler.compile(StartsWith(self.lhs, self.rhs))
        return sql, list(parametres)

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if not isinstance(self.rhs, str):
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} GLOB %s", [*lhs_params, motif_glob(self.rhs)]
