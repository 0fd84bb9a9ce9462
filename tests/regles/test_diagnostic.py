"""Les règles d'agrégation et de secret du diagnostic territorial, vérifiées comme des propriétés (hypothesis)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cpts.regles.diagnostic import (
    Cellule,
    Masque,
    Nature,
    agreger,
    distribution,
    masque_complementaire,
    secrete,
)

SEUIL = 11
comptes = st.integers(min_value=0, max_value=100_000).map(Decimal)
gros = st.integers(min_value=SEUIL, max_value=100_000).map(Decimal)
petits = st.integers(min_value=1, max_value=SEUIL - 1).map(Decimal)


@st.composite
def taux_non_secrets(dessin: st.DrawFn) -> Cellule:
    denominateur = dessin(gros)
    numerateur = dessin(st.one_of(st.just(Decimal(0)), st.integers(SEUIL, int(denominateur)).map(Decimal)))
    return Cellule(numerateur / denominateur, numerateur, denominateur)


@given(st.lists(taux_non_secrets(), min_size=1, max_size=30))
def test_le_taux_d_une_union_est_la_somme_des_numerateurs_sur_la_somme_des_denominateurs(
    cellules: list[Cellule],
) -> None:
    agregat = agreger(Nature.TAUX, cellules, SEUIL)

    numerateurs = sum(c.numerateur for c in cellules if c.numerateur is not None)
    denominateurs = sum(c.denominateur for c in cellules if c.denominateur is not None)
    assert agregat.masque is None
    assert agregat.valeur == numerateurs / denominateurs


def test_le_taux_d_une_union_n_est_pas_la_moyenne_des_taux() -> None:
    cellules = [Cellule(numerateur=Decimal(90), denominateur=Decimal(100)), Cellule(None, Decimal(0), Decimal(900))]

    assert agreger(Nature.TAUX, cellules, SEUIL).valeur == Decimal("0.09")


@given(st.lists(st.tuples(st.integers(0, 1000).map(Decimal), gros), min_size=1, max_size=20))
def test_une_moyenne_se_pondere_par_son_poids(couples: list[tuple[Decimal, Decimal]]) -> None:
    cellules = [Cellule(valeur=v, poids=p) for v, p in couples]

    agregat = agreger(Nature.MOYENNE, cellules, SEUIL)

    assert agregat.valeur == sum(v * p for v, p in couples) / sum(p for _, p in couples)


@given(st.lists(st.one_of(st.just(Decimal(0)), gros), min_size=1, max_size=30))
def test_les_effectifs_se_somment(valeurs: list[Decimal]) -> None:
    assert agreger(Nature.EFFECTIF, [Cellule(v) for v in valeurs], SEUIL).valeur == sum(valeurs)


@given(
    st.lists(st.one_of(st.just(Decimal(0)), gros, petits), min_size=2, max_size=12),
    st.data(),
)
def test_changer_une_valeur_masquee_ne_change_rien_de_ce_qui_s_affiche_pour_aucune_composition(
    valeurs: list[Decimal], donnees: st.DataObject
) -> None:
    """Deux jeux de communes qui ne diffèrent que par des valeurs sous le seuil : toute composition affiche la même
    chose dans les deux. Aucune différence de deux agrégats affichés ne peut donc révéler une valeur masquée."""
    autres = [donnees.draw(petits) if 0 < v < SEUIL else v for v in valeurs]
    compositions = donnees.draw(
        st.lists(st.sets(st.integers(0, len(valeurs) - 1), min_size=1), min_size=1, max_size=10)
    )
    for composition in compositions:
        un = agreger(Nature.EFFECTIF, [Cellule(valeurs[i]) for i in sorted(composition)], SEUIL)
        deux = agreger(Nature.EFFECTIF, [Cellule(autres[i]) for i in sorted(composition)], SEUIL)
        assert (un.valeur, un.masque) == (deux.valeur, deux.masque)


def test_une_valeur_de_moins_de_onze_personnes_est_masquee_zero_ne_l_est_pas() -> None:
    assert secrete(Nature.EFFECTIF, Cellule(Decimal(10)), SEUIL)
    assert not secrete(Nature.EFFECTIF, Cellule(Decimal(0)), SEUIL)
    assert not secrete(Nature.EFFECTIF, Cellule(Decimal(11)), SEUIL)
    assert secrete(Nature.TAUX, Cellule(Decimal("0.5"), Decimal(5), Decimal(10)), SEUIL)


def test_le_seuil_se_regle() -> None:
    assert not secrete(Nature.EFFECTIF, Cellule(Decimal(6)), 5)
    assert agreger(Nature.EFFECTIF, [Cellule(Decimal(6)), Cellule(Decimal(4))], 5).masque == Masque.SECRET


@given(st.lists(st.one_of(st.just(Decimal(0)), gros), max_size=20), petits)
def test_une_valeur_publiee_qui_laisse_un_reste_sous_le_seuil_est_masquee_en_complement(
    affichees: list[Decimal], reste: Decimal
) -> None:
    """Un département publié = ses communes affichées + une commune masquée : le département, moins les communes
    affichées, donnerait la commune masquée."""
    total = Cellule(sum(affichees, Decimal(0)) + reste)

    assert masque_complementaire(Nature.EFFECTIF, total, [Cellule(v) for v in affichees], SEUIL)


@given(st.lists(st.one_of(st.just(Decimal(0)), gros), max_size=20), st.one_of(st.just(Decimal(0)), gros))
def test_une_valeur_publiee_dont_le_reste_est_nul_ou_assez_grand_reste_affichee(
    affichees: list[Decimal], reste: Decimal
) -> None:
    total = Cellule(sum(affichees, Decimal(0)) + reste)

    assert not masque_complementaire(Nature.EFFECTIF, total, [Cellule(v) for v in affichees], SEUIL)


def test_une_commune_sans_valeur_rend_le_territoire_incomplet_et_une_mediane_ne_s_agrege_pas() -> None:
    assert agreger(Nature.EFFECTIF, [Cellule(Decimal(20)), None], SEUIL).masque == Masque.INCOMPLET
    medianes = [Cellule(Decimal(3)), Cellule(Decimal(4))]
    assert agreger(Nature.MEDIANE, medianes, SEUIL).masque == Masque.NON_AGREGEABLE
    assert agreger(Nature.MEDIANE, medianes[:1], SEUIL).valeur == Decimal(3)


def test_la_repartition_des_cpts_donne_mediane_minimum_et_maximum() -> None:
    repartition = distribution([Decimal("0.3"), Decimal("0.142"), Decimal("0.454")])

    assert repartition is not None
    assert (repartition.mediane, repartition.minimum, repartition.maximum) == (
        Decimal("0.3"),
        Decimal("0.142"),
        Decimal("0.454"),
    )
