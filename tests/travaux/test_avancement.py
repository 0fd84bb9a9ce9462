"""L'avancement d'un travail se lit d'un autre processus pendant qu'il tient sa transaction, puis s'efface."""

from pathlib import Path

import pytest

from cpts.travaux import avancement, services
from cpts.travaux.models import Travail
from tests.comptes.factories import UtilisateurFactory


@pytest.fixture(autouse=True)
def dossier_des_donnees(settings: object, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_l_avancement_s_ecrit_au_centieme_et_se_relit() -> None:
    avancer = avancement.suiveur(7)
    avancer(3, 1000)  # entre deux centièmes : rien n'est écrit
    assert avancement.lire(7) is None
    avancer(250, 1000)
    assert avancement.lire(7) == (250, 1000)
    avancer(1000, 1000)
    assert avancement.lire(7) == (1000, 1000)


def test_un_travail_qui_avance_est_lisible_pendant_et_efface_une_fois_fini(db: None) -> None:
    travail = Travail.objects.create(cle="essai:2", genre="essai", demandeur=UtilisateurFactory())
    vus: list[tuple[int, int] | None] = []

    def importer_dix_lignes(travail: Travail) -> dict[str, int]:
        avancer = avancement.suiveur(travail.pk)
        for faites in range(1, 11):
            avancer(faites, 10)
            vus.append(avancement.lire(travail.pk))
        return {"lignes": 10}

    services.executer(travail.pk, importer_dix_lignes)
    assert vus == [(n, 10) for n in range(1, 11)]
    assert avancement.lire(travail.pk) is None
