"""Quelques CPTS signataires réelles d'Auvergne-Rhône-Alpes (seed 003, « FOCUS CONTRATS ACI SIGNES »)."""

from cpts.dossiers.models import Cpts

CPTS_DEMO = (
    ("Monts du Lyonnais", "69", "84"),
    ("Vénissieux", "69", "84"),
    ("Sud Est Grenoblois", "38", "84"),
    ("Grand Annecy", "74", "84"),
)


def creer_cpts() -> int:
    crees = 0
    for nom, departement, region in CPTS_DEMO:
        _, cree = Cpts.objects.get_or_create(nom=nom, departement=departement, defaults={"region": region})
        crees += cree
    return crees
