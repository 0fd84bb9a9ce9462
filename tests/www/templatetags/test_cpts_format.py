"""La balise `chacun` rend une longue liste comme la boucle `for` qu'elle remplace, valeurs échappées comprises."""

from dataclasses import dataclass

from django.template import engines
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Ligne:
    nom: str
    code: object


def rendre(source: str, **contexte: object) -> str:
    return engines["django"].from_string(source).render(contexte)


def test_chacun_rend_ce_que_rendrait_la_boucle_du_gabarit_et_echappe_chaque_valeur() -> None:
    lignes = [Ligne("Saint-Étienne", "42218"), Ligne('<b>Arles</b> & "Tarascon" l\'été', 13004)]
    boucle = rendre("{% for l in lignes %}<li>{{ l.nom }} ({{ l.code }})</li>{% endfor %}", lignes=lignes)
    balise = rendre('{% chacun lignes "<li>{nom} ({code})</li>" %}', lignes=lignes)
    assert balise == boucle
    assert "&lt;b&gt;Arles&lt;/b&gt; &amp; &quot;Tarascon&quot; l&#x27;été" in balise


def test_chacun_laisse_telle_quelle_une_valeur_deja_sure_et_ne_rend_rien_d_une_liste_vide() -> None:
    lignes = [Ligne(mark_safe("<abbr>CPTS</abbr>"), 1)]
    assert rendre('{% chacun lignes "<li>{nom}</li>" %}', lignes=lignes) == "<li><abbr>CPTS</abbr></li>"
    assert rendre('{% chacun lignes "<li>{nom}</li>" %}', lignes=[]) == ""
