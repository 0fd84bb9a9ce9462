"""« commence_par » : le même résultat que startswith, servi par l'index de la colonne sur SQLite."""

import re

import pytest
from django.db import connection

from cpts.territoires.models import Commune
from cpts.territoires.prefixe import motif_glob

pytestmark = pytest.mark.usefixtures("communes")


def test_commence_par_trouve_les_memes_communes_que_startswith() -> None:
    for prefixe in ("saint", "lyon", "v", "zzz"):
        attendu = set(Commune.objects.filter(nom_recherche__startswith=prefixe).values_list("code", flat=True))
        trouve = set(Commune.objects.filter(nom_recherche__commence_par=prefixe).values_list("code", flat=True))
        assert trouve == attendu
    attendu = set(Commune.objects.filter(code__startswith="6926").values_list("code", flat=True))
    assert "69266" in attendu
    assert set(Commune.objects.filter(code__commence_par="6926").values_list("code", flat=True)) == attendu


def test_les_caracteres_speciaux_de_glob_se_cherchent_tels_quels() -> None:
    assert motif_glob("a*b?[c]") == "a[*]b[?][[]c[]]*"
    assert not Commune.objects.filter(nom_recherche__commence_par="*").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="plan de requête propre à SQLite")
def test_sur_sqlite_la_recherche_par_debut_de_nom_lit_l_index() -> None:
    requete = Commune.objects.filter(nom_recherche__commence_par="saint").values("code")
    sql, parametres = requete.query.sql_with_params()
    with connection.cursor() as curseur:
        curseur.execute(f"EXPLAIN QUERY PLAN {sql}", parametres)
        plan = " ".join(str(ligne[-1]) for ligne in curseur.fetchall())
    assert re.search(r"USING (COVERING )?INDEX \S*nom_recherche", plan), plan
