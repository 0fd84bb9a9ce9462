"""Sur PostgreSQL, la vérification des clés étrangères avant l'annulation d'un test, faite en bloc après une grosse
écriture.

Django vérifie les contraintes différées (`SET CONSTRAINTS ALL IMMEDIATE`) : PostgreSQL contrôle alors, une par une,
chaque ligne que la transaction a écrite. Après un import des communes ou une restauration (des centaines de milliers
de contrôles en attente), cela prenait 4 à 8 s par test sur une machine lente : plus de deux minutes de calcul par
suite. Au-delà de `ECRITURES_EN_BLOC` lignes écrites dans la transaction (`pg_stat_xact_user_tables`), chaque clé
étrangère du schéma est vérifiée par une seule requête sur toute sa table (anti-jointure) : une ligne qui vise une
ligne absente est trouvée, que le test l'ait écrite ou non. Les contrôles en attente s'en vont avec la transaction,
annulée. Une contrainte différée qui n'est pas une clé étrangère d'une colonne ramène à la vérification de Django.
"""

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError

# Au-dessous, les contrôles en attente coûtent moins que la relecture de toutes les tables (une fraction de seconde).
ECRITURES_EN_BLOC = 10_000

# Les compteurs de `pg_stat_xact_user_tables`, lus sur les seules tables du schéma : la vue calcule aussi, pour chaque
# table, les lectures par ses index (une jointure et un regroupement), 1,5 ms par lecture contre 0,5 ms ainsi ; elle
# est lue deux fois par test.
ECRITURES = """
    SELECT coalesce(sum(pg_stat_get_xact_tuples_inserted(oid) + pg_stat_get_xact_tuples_updated(oid)
                        + pg_stat_get_xact_tuples_deleted(oid)), 0)
    FROM pg_class WHERE relkind IN ('r', 'p') AND relnamespace = current_schema()::regnamespace
"""

# Ces compteurs portent aussi les écritures des transactions finies que la connexion n'a pas encore versées aux
# statistiques du serveur (au plus une fois par seconde, quand elle attend hors de toute transaction) : juste après un
# test qui avait écrit plus que le seuil, un test d'une ligne passait pour une grosse écriture. Ils sont donc lus au
# début de chaque transaction, où rien n'est versé jusqu'à sa fin (une requête, 0,5 ms), et seule la différence
# compte.
DEBUT = "ecritures_au_debut_de_la_transaction"

CONTRAINTES_DIFFEREES = """
    SELECT con.conname, con.contype, cardinality(con.conkey), enfant.relname, colonne.attname, parent.relname,
           cible.attname
    FROM pg_constraint con
    JOIN pg_class enfant ON enfant.oid = con.conrelid
    LEFT JOIN pg_class parent ON parent.oid = con.confrelid
    LEFT JOIN pg_attribute colonne ON colonne.attrelid = con.conrelid AND colonne.attnum = con.conkey[1]
    LEFT JOIN pg_attribute cible ON cible.attrelid = con.confrelid AND cible.attnum = con.confkey[1]
    WHERE con.connamespace = current_schema()::regnamespace AND (con.contype = 'f' OR con.condeferrable)
    ORDER BY con.conname
"""


def noter_le_debut(connection: Any) -> None:
    """Commence la transaction de `connection` en notant ses compteurs d'écritures, ceux que les transactions finies
    y ont laissés."""
    with connection.connection.cursor() as curseur:
        curseur.execute(ECRITURES)
        setattr(connection, DEBUT, curseur.fetchone()[0])


def verifier(connection: Any, verifier_les_attentes: Callable[[Any], None]) -> None:
    """Vérifie les clés étrangères de la base de `connection` : en bloc après plus de `ECRITURES_EN_BLOC` lignes
    écrites, sinon par `verifier_les_attentes` (la vérification de Django)."""
    with connection.cursor() as curseur:
        curseur.execute(ECRITURES)
        if curseur.fetchone()[0] - getattr(connection, DEBUT, 0) <= ECRITURES_EN_BLOC:
            verifier_les_attentes(connection)
            return
        curseur.execute(CONTRAINTES_DIFFEREES)
        contraintes = curseur.fetchall()
        if any(type_ != "f" or colonnes != 1 for _, type_, colonnes, *_ in contraintes):
            verifier_les_attentes(connection)
            return
        nom = connection.ops.quote_name
        requetes = [
            f"(SELECT %s, CAST(enfant.{nom(colonne)} AS text) FROM {nom(table)} enfant "
            f"WHERE enfant.{nom(colonne)} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {nom(parent)} WHERE {nom(parent)}.{nom(cible)} = enfant.{nom(colonne)}) LIMIT 1)"
            for _, _, _, table, colonne, parent, cible in contraintes
        ]
        if not requetes:
            return
        curseur.execute(" UNION ALL ".join(requetes), [contrainte for contrainte, *_ in contraintes])
        cassee = curseur.fetchone()
    if cassee:
        contrainte, valeur = cassee
        _, _, _, table, colonne, parent, cible = next(ligne for ligne in contraintes if ligne[0] == contrainte)
        raise IntegrityError(
            f"Clé étrangère cassée ({contrainte}) : {table}.{colonne} vaut {valeur!r}, absent de {parent}.{cible}."
        )
