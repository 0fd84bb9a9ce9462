"""Requêtes préparées : compilées une fois, elles rendent ce que l'ORM aurait rendu, aux valeurs de chaque appel."""

import pytest
from django.db.models import IntegerField, JSONField, QuerySet
from django.db.models.functions import Coalesce

from cpts import preparees
from cpts.comptes.models import Utilisateur
from cpts.preparees import (
    RANG_DE_FIN,
    ElementsJson,
    LecturePreparee,
    ListePreparee,
    Parametre,
    PremieresLignes,
    ValeurAuRang,
    champs,
    garder,
    instance,
)
from tests.compilateur import compter_les_compilations
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(False)
def test_garder_rend_ce_qui_a_ete_lu_sous_la_meme_cle_sans_relire(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preparees, "_GARDEES", {})
    lectures: list[str] = []

    def lire(quoi: str) -> str:
        lectures.append(quoi)
        return quoi.upper()

    assert [garder(cle, lambda cle=cle: lire(cle)) for cle in ("a", "b", "a", "c", "b")] == ["A", "B", "A", "C", "B"]
    assert lectures == ["a", "b", "c"]
    assert garder(None, lambda: lire("sans clé")) == garder(None, lambda: lire("sans clé")) == "SANS CLÉ"
    assert lectures[3:] == ["sans clé", "sans clé"]


@pytest.mark.django_db(False)
def test_plein_garder_oublie_ce_qu_il_garde_depuis_le_plus_longtemps_et_rien_d_autre(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Une page garde son nombre puis sa tranche : vidé d'un coup en gardant la tranche, il perdait le nombre gardé
    # juste avant, relu au prochain affichage.
    monkeypatch.setattr(preparees, "_GARDEES", {})
    monkeypatch.setattr(preparees, "GARDEES_MAX", 3)
    lectures: list[str] = []

    def lire(quoi: str) -> str:
        lectures.append(quoi)
        return quoi.upper()

    for cle in ("ancienne", "page:nombre", "page:tranche", "autre:nombre"):
        garder(cle, lambda cle=cle: lire(cle))
    assert [garder(cle, lambda cle=cle: lire(cle)) for cle in ("page:nombre", "page:tranche", "autre:nombre")] == [
        "PAGE:NOMBRE",
        "PAGE:TRANCHE",
        "AUTRE:NOMBRE",
    ]
    assert garder("ancienne", lambda: lire("ancienne")) == "ANCIENNE"
    assert lectures == ["ancienne", "page:nombre", "page:tranche", "autre:nombre", "ancienne"]


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


def _par_nom_parmi() -> LecturePreparee:
    return LecturePreparee(
        lambda: (
            Utilisateur.objects.filter(pk__in=ElementsJson(Parametre("cles", JSONField()), entiers=True))
            .order_by("username")
            .values_list("username")
        )
    )


def test_une_lecture_preparee_se_lit_par_tranches_comme_un_queryset_tranche(monkeypatch: pytest.MonkeyPatch) -> None:
    cles = [UtilisateurFactory(username=f"agent-{rang}").pk for rang in (4, 1, 3, 0, 2)]
    lecture = _par_nom_parmi()
    compilations = compter_les_compilations(monkeypatch)
    lues = [lecture.lignes(cles=cles, tranche=tranche) for tranche in ((0, 2), (2, 4), (4, 6), (9, 12))]
    assert lues == [[["agent-0"], ["agent-1"]], [["agent-2"], ["agent-3"]], [["agent-4"]], []]
    # La liste des clés (des entiers, qu'elle soit lue par SQLite ou par PostgreSQL) en un seul paramètre.
    assert lecture.lignes(cles=cles[:2]) == [["agent-1"], ["agent-4"]]
    assert compilations == [Utilisateur]


def test_une_liste_preparee_se_compte_se_tranche_et_se_parcourt_convertie() -> None:
    cles = [UtilisateurFactory(username=f"agent-{rang}").pk for rang in range(5)]
    comptes: list[int] = []

    def compter() -> int:
        comptes.append(1)
        return 5

    liste = ListePreparee(_par_nom_parmi(), {"cles": cles}, lambda ligne: ligne[0].upper(), compter)
    assert liste[1:3] == ["AGENT-1", "AGENT-2"]
    assert liste[3] == "AGENT-3"
    assert comptes == []  # une tranche ne compte pas les lignes
    assert liste[3:] == ["AGENT-3", "AGENT-4"]
    assert len(liste) == liste.count() == 5
    assert comptes == [1]  # compté une fois
    assert list(liste.puis(lambda nom: nom.lower())) == [f"agent-{rang}" for rang in range(5)]
    with pytest.raises(IndexError):
        liste[5]


def _par_prenom_parmi(tranchee: bool) -> LecturePreparee:
    """Les identifiants des utilisateurs `cles`, par prénom puis identifiant ; `tranchee` : seulement ceux dont le
    prénom ne dépasse pas celui du rang `RANG_DE_FIN` dans les prénoms triés."""

    def construire() -> QuerySet[Utilisateur]:
        parmi = Utilisateur.objects.filter(pk__in=ElementsJson(Parametre("cles", JSONField()), entiers=True))
        if tranchee:
            prenoms = parmi.order_by("first_name").values("first_name")[:1]
            seuil = ValeurAuRang(prenoms, Parametre(RANG_DE_FIN, IntegerField()))
            # Au-delà de la liste, pas de seuil : chaque prénom est au plus lui-même.
            parmi = parmi.filter(first_name__lte=Coalesce(seuil, "first_name"))
        return parmi.order_by("first_name", "username").values_list("username")

    return LecturePreparee(construire)


# Des prénoms égaux (le premier tri), départagés par l'identifiant.
PRENOMS = ["Bea", "Ali", "Bea", "Ali", "Cy", "Bea", "Ali"]


def test_une_lecture_tranchee_ne_lit_que_les_lignes_dont_la_premiere_cle_ne_depasse_pas_celle_du_dernier_rang() -> None:
    cles = [UtilisateurFactory(username=f"agent-{rang}", first_name=prenom).pk for rang, prenom in enumerate(PRENOMS)]
    lecture = _par_prenom_parmi(tranchee=True)
    lus = {rang: [nom for (nom,) in lecture.lignes(cles=cles, **{RANG_DE_FIN: rang})] for rang in (0, 2, 3, 6, 7, 50)}
    assert lus[0] == lus[2] == ["agent-1", "agent-3", "agent-6"]
    assert lus[3] == ["agent-1", "agent-3", "agent-6", "agent-0", "agent-2", "agent-5"]
    assert lus[6] == lus[7] == lus[50] == [*lus[3], "agent-4"]


def test_chaque_tranche_d_une_liste_preparee_lue_par_sa_lecture_tranchee_est_celle_de_la_liste_entiere() -> None:
    cles = [UtilisateurFactory(username=f"agent-{rang}", first_name=prenom).pk for rang, prenom in enumerate(PRENOMS)]
    entiere = [nom for (nom,) in _par_prenom_parmi(tranchee=False).lignes(cles=cles)]
    liste = ListePreparee(
        _par_prenom_parmi(tranchee=False),
        {"cles": cles},
        lambda ligne: ligne[0].upper(),
        len(cles),
        _par_prenom_parmi(tranchee=True),
    )
    attendue = [nom.upper() for nom in entiere]
    for taille in range(1, 9):
        assert [nom for debut in range(0, 9, taille) for nom in liste[debut : debut + taille]] == attendue, taille
    assert liste[0:0] == []
    assert [nom for debut in range(0, 9, 2) for nom in liste.puis(str.lower)[debut : debut + 2]] == entiere
    assert list(liste) == attendue


def test_les_premieres_lignes_d_une_liste_triee_vont_jusqu_au_rang_donne_compris() -> None:
    cles = [UtilisateurFactory(username=f"agent-{rang}", first_name=prenom).pk for rang, prenom in enumerate(PRENOMS)]

    def construire() -> QuerySet[Utilisateur]:
        parmi = Utilisateur.objects.filter(pk__in=ElementsJson(Parametre("cles", JSONField()), entiers=True))
        triees = parmi.order_by("first_name", "username")
        premieres = PremieresLignes(triees.values("pk"), Parametre(RANG_DE_FIN, IntegerField()))
        # Relues dans l'ordre inverse : la sous-requête choisit les lignes, elle ne les ordonne pas.
        return Utilisateur.objects.filter(pk__in=premieres).order_by("-username").values_list("username")

    lecture = LecturePreparee(construire)
    lus = {rang: [nom for (nom,) in lecture.lignes(cles=cles, **{RANG_DE_FIN: rang})] for rang in (0, 2, 6, 50)}
    assert lus[0] == ["agent-1"]
    assert lus[2] == ["agent-6", "agent-3", "agent-1"]
    assert lus[6] == lus[50] == [f"agent-{rang}" for rang in reversed(range(7))]


@pytest.mark.django_db(False)
def test_les_premieres_lignes_ne_se_lisent_que_d_une_liste_triee_et_non_tranchee() -> None:
    rang = Parametre(RANG_DE_FIN, IntegerField())
    for mauvaise in (Utilisateur.objects.order_by("username")[:3], Utilisateur.objects.order_by().values("pk")):
        with pytest.raises(ValueError, match="triée et non tranchée"):
            PremieresLignes(mauvaise, rang)
