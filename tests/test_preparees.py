"""Requêtes préparées : compilées une fois, elles rendent ce que l'ORM aurait rendu, aux valeurs de chaque appel."""

import pytest

from cpts.comptes.models import Utilisateur
from cpts.preparees import LecturePreparee, Parametre, champs, instance
from tests.compilateur import compter_les_compilations
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db

_PAR_CLE = LecturePreparee(
    lambda: Utilisateur.objects.filter(pk=Parametre("pk", Utilisateur._meta.pk)).values_list(*champs(Utilisateur))
)


def test_une_lecture_preparee_rend_l_instance_que_l_orm_aurait_rendue() -> None:
    cree = UtilisateurFactory(agent_cpam_departement=True, departements=["69", "01"])
    lu = instance(Utilisateur, _PAR_CLE.premiere(pk=cree.pk))
    attendu = Utilisateur.objects.get(pk=cree.pk)
    for champ in Utilisateur._meta.concrete_fields:
        assert getattr(lu, champ.attname) == getattr(attendu, champ.attname), champ.name
        assert type(getattr(lu, champ.attname)) is type(getattr(attendu, champ.attname)), champ.name
    assert lu.departements == ["69", "01"]
    assert lu._state.adding is False


def test_une_lecture_preparee_n_est_compilee_qu_une_fois_et_prend_les_valeurs_de_chaque_appel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    premier, second = UtilisateurFactory(), UtilisateurFactory()
    lecture = LecturePreparee(
        lambda: Utilisateur.objects.filter(pk=Parametre("pk", Utilisateur._meta.pk)).values_list("username")
    )
    compilations = compter_les_compilations(monkeypatch)
    assert lecture.premiere(pk=premier.pk) == [premier.username]
    assert lecture.premiere(pk=str(second.pk)) == [second.username]
    assert lecture.premiere(pk=second.pk + 1000) is None
    assert compilations == [Utilisateur]


def test_une_lecture_d_objets_rend_les_objets_de_l_orm_et_leurs_objets_joints_sans_autre_requete(
    django_assert_num_queries: object,
) -> None:
    from cpts.dossiers.models import DecisionEtape
    from tests.dossiers.factories import DecisionFactory

    premiere = DecisionFactory(motif="Premier")
    DecisionFactory(cpts=premiere.cpts, date=premiere.date.replace(year=2022))
    DecisionFactory()  # une autre CPTS
    lecture = LecturePreparee(
        lambda: (
            DecisionEtape.objects.filter(cpts_id=Parametre("cpts", DecisionEtape._meta.get_field("cpts")))
            .select_related("enregistre_par", "cpts")
            .only("date", "motif", "cpts_id", "enregistre_par__username", "cpts__nom")
            .order_by("-date")
        )
    )
    attendues = list(
        DecisionEtape.objects.filter(cpts=premiere.cpts)
        .select_related("enregistre_par", "cpts")
        .only("date", "motif", "cpts_id", "enregistre_par__username", "cpts__nom")
        .order_by("-date")
    )
    with django_assert_num_queries(1):  # type: ignore[operator]
        lues = lecture.objets(cpts=premiere.cpts.pk)
        vues = [(d.pk, d.date, d.motif, d.enregistre_par.username, d.cpts.nom) for d in lues]
    assert vues == [(d.pk, d.date, d.motif, d.enregistre_par.username, d.cpts.nom) for d in attendues]
    assert [type(d) for d in lues] == [DecisionEtape, DecisionEtape]
    assert all(d._state.adding is False for d in lues)
    assert lues[0].get_deferred_fields() == attendues[0].get_deferred_fields()


def test_une_lecture_de_valeurs_ne_rend_pas_d_objets() -> None:
    with pytest.raises(TypeError):
        _PAR_CLE.objets(pk=1)
