"""Un objet lu et contrôlé par une lecture préparée (`cpts.comptes.visibles.LectureVisible`) est trouvé pour exactement
les mêmes utilisateurs que par `visibles_par`, et une liste lue par elle a les mêmes objets : chaque forme de périmètre
(tout, région, départements, CPTS coordonnées, rien), la valeur du périmètre changeant d'un utilisateur à l'autre sans
changer la lecture compilée."""

import pytest

from cpts.comptes.models import Utilisateur
from cpts.comptes.roles import Role
from cpts.comptes.visibles import LectureVisible
from cpts.contrats.etat import contrats_a_jour
from cpts.contrats.models import Contrat
from cpts.contrats.perimetre import ContratsVisibles
from cpts.preparees import Parametre
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory

pytestmark = pytest.mark.django_db

LECTURE = LectureVisible(
    Contrat, lambda visibles: visibles.filter(pk=Parametre("pk", Contrat._meta.pk)).values_list("pk", "cpts__nom")[:1]
)


def utilisateurs(contrats: list[Contrat]) -> list[Utilisateur]:
    inactif = UtilisateurFactory(agent_ars_region=True)
    inactif.is_active = False
    return [
        UtilisateurFactory(administrateur=True),
        UtilisateurFactory(role=Role.LECTEUR_NATIONAL),
        UtilisateurFactory(agent_ars_region=True),
        UtilisateurFactory(role=Role.AGENT_ARS, region="52"),
        UtilisateurFactory(agent_cpam_departement=True),
        UtilisateurFactory(role=Role.AGENT_CPAM, departements=["44"]),
        UtilisateurFactory(role=Role.AGENT_CPAM, departements=["01", "38"]),
        UtilisateurFactory(membre_cpr=True),
        UtilisateurFactory(cpts=[contrats[0].cpts]),
        UtilisateurFactory(cpts=[contrats[1].cpts]),
        UtilisateurFactory(role=Role.COORDINATEUR),
        inactif,
    ]


def test_la_lecture_preparee_trouve_un_objet_pour_les_memes_utilisateurs_que_visibles_par() -> None:
    contrats = [ContratFactory(), ContratFactory(hors_region=True), ContratFactory(cpts__en_isere=True)]
    comparaisons = []
    for utilisateur in utilisateurs(contrats):
        for contrat in contrats:
            attendu = Contrat.objects.visibles_par(utilisateur).filter(pk=contrat.pk).exists()
            lu = LECTURE.premiere(utilisateur, pk=contrat.pk)
            assert (lu is not None) == attendu, (utilisateur.role, utilisateur.region, utilisateur.departements)
            if lu is not None:
                assert lu == [contrat.pk, contrat.cpts.nom]
            comparaisons.append(attendu)
    # Le test compare quelque chose : des utilisateurs voient, d'autres non.
    assert any(comparaisons)
    assert not all(comparaisons)


def test_un_objet_absent_n_est_pas_trouve() -> None:
    contrat = ContratFactory()
    assert LECTURE.premiere(UtilisateurFactory(administrateur=True), pk=contrat.pk + 1000) is None


def test_la_liste_lue_par_la_lecture_preparee_est_celle_de_visibles_par() -> None:
    contrats = [ContratFactory(), ContratFactory(hors_region=True), ContratFactory(cpts__en_isere=True)]
    lecture = LectureVisible(Contrat, lambda visibles: visibles.values_list("pk", "cpts__nom"))
    tailles = set()
    for utilisateur in utilisateurs(contrats):
        attendu = sorted(Contrat.objects.visibles_par(utilisateur).values_list("pk", "cpts__nom"))
        assert sorted(map(tuple, lecture.lignes(utilisateur))) == attendu, (utilisateur.role, utilisateur.region)
        tailles.add(len(attendu))
    # Des périmètres de tailles différentes : aucun, une partie, tous.
    assert {0, len(contrats)} < tailles


def test_les_listes_sans_filtre_lisent_les_contrats_de_visibles_par_pour_chaque_sorte_d_utilisateur() -> None:
    contrats = [ContratFactory(), ContratFactory(hors_region=True), ContratFactory(cpts__en_isere=True)]
    for utilisateur in utilisateurs(contrats):
        attendu = sorted(Contrat.objects.visibles_par(utilisateur).values_list("pk", flat=True))
        assert sorted(contrats_a_jour(ContratsVisibles(utilisateur))) == attendu, (utilisateur.role, utilisateur.region)
