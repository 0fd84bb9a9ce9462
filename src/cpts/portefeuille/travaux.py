"""L'import confirmé d'un portefeuille, fait par le travailleur : une région entière prend trop longtemps pour une
requête de page. La page de suivi relit le rapport gardé par le travail."""

from dataclasses import asdict
from typing import Any

from django_tasks import task

from cpts.portefeuille.importation import importer
from cpts.travaux import avancement, services
from cpts.travaux.models import Travail

GENRE = "import_portefeuille"


def lancer_import(nom_fichier: str, contenu: bytes, region: str, empreinte: str, auteur: Any) -> Travail:
    """Une confirmation de ce fichier par cet agent ne lance qu'un import, même renvoyée."""
    return services.lancer(
        importer_portefeuille,
        genre=GENRE,
        cle=f"{GENRE}:{auteur.pk}:{region}:{empreinte}",
        demandeur=auteur,
        parametres={"nom_fichier": nom_fichier, "region": region, "empreinte": empreinte},
        fichier=contenu,
    )


def _importer(travail: Travail) -> dict[str, Any]:
    parametres = travail.parametres
    rapport = importer(
        parametres["nom_fichier"],
        bytes(travail.fichier),
        parametres["region"],
        travail.demandeur,
        progression=avancement.suiveur(travail.pk),
    )
    return {**asdict(rapport), "bilan": rapport.bilan, "refuse": rapport.refuse, "ecrit": rapport.ecrit}


@task()
def importer_portefeuille(travail_id: int) -> str:
    return services.executer(travail_id, _importer)
