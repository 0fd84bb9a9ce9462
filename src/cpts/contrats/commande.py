"""Socle des commandes des contrats : formats de sortie et messages d'erreur en une ligne, code de sortie 2."""

from typing import Any

from cpts.financement.commande import CommandeDeCalcul
from cpts.regles import EntreeInvalide

FORMATS = ("table", "json", "csv")


class CommandeContrats(CommandeDeCalcul):
    """Comme les commandes de calcul (erreurs en français sur une ligne, code 2), mais elles lisent la base."""

    def format_de_sortie(self, brut: str, permis: tuple[str, ...] = FORMATS) -> str:
        if brut not in permis:
            raise EntreeInvalide(f"format « {brut} » inconnu : {', '.join(permis)}")
        return brut

    def region(self, brut: Any) -> str:
        from cpts.territoires.models import Region

        code = str(brut or "").strip()
        if not Region.objects.filter(code=code).exists():
            raise EntreeInvalide(f"région « {code} » inconnue : code INSEE attendu (84 pour Auvergne-Rhône-Alpes)")
        return code
