"""Le profil somme les valeurs des communes dans la base (une requête groupée) : il rend exactement ce que les
règles pures rendent des mêmes valeurs lues une à une, secret statistique compris."""

import random
from decimal import Decimal

import pytest

from cpts.diagnostic.models import Indicateur, Niveau, Valeur
from cpts.diagnostic.profil import profil
from cpts.diagnostic.secret import cellule, seuil
from cpts.diagnostic.version import nouvelle_version
from cpts.regles.diagnostic import Nature, agreger
from cpts.territoires.models import Commune

pytestmark = pytest.mark.usefixtures("communes")


def valeur_au_hasard(hasard: random.Random, nature: Nature) -> dict[str, Decimal | None]:
    # Des comptes parfois sous le seuil (secret), parfois nuls ; des cellules parfois incomplètes (non agrégeables).
    compte = Decimal(hasard.choice([0, 3, 7, 12, 40, 250, 1800]))
    if nature == Nature.EFFECTIF:
        return {"valeur": compte}
    if nature == Nature.TAUX:
        if hasard.random() < 0.1:
            return {"valeur": Decimal("0.25")}
        denominateur = compte + hasard.randint(0, 500)
        numerateur = Decimal(hasard.randint(0, int(denominateur)))
        return {
            "valeur": numerateur / denominateur if denominateur else None,
            "numerateur": numerateur,
            "denominateur": denominateur,
        }
    moyenne = Decimal(hasard.randint(100, 950)) / 10
    return {"valeur": moyenne, "poids": None if hasard.random() < 0.1 else compte}


def test_le_profil_d_une_composition_rend_ce_que_les_regles_rendent_des_valeurs_une_a_une() -> None:
    hasard = random.Random(21)
    codes = list(
        Commune.objects.filter(departement_id="01", active=True).order_by("code")[:60].values_list("code", flat=True)
    )
    indicateurs = []
    for rang, nature in enumerate([*Nature] * 3):
        indicateur = Indicateur.objects.create(
            code=f"essai_{rang}", libelle=f"Essai {rang}", theme="Essai", nature=nature.value, source="essai"
        )
        indicateurs.append(indicateur)
        Valeur.objects.bulk_create(
            Valeur(
                indicateur=indicateur,
                annee=2024,
                niveau=Niveau.COMMUNE,
                code=code,
                **{
                    c: None if n is None else n.quantize(Decimal("0.000001"))
                    for c, n in valeur_au_hasard(hasard, nature).items()
                },
            )
            for code in codes
            if hasard.random() < 0.97
        )
    nouvelle_version(seuil())
    lues = {(v.indicateur_id, v.code): cellule(v) for v in Valeur.objects.all()}

    compositions = [codes, codes[:1], codes[5:6], *(hasard.sample(codes, hasard.randint(2, 40)) for _ in range(40))]
    comparees, affichees = 0, 0
    for composition in compositions:
        lignes = {ligne.code: ligne for theme in profil(composition).themes for ligne in theme.lignes}
        for indicateur in indicateurs:
            attendu = agreger(Nature(indicateur.nature), [lues.get((indicateur.pk, c)) for c in composition], seuil())
            if indicateur.code not in lignes:
                assert all((indicateur.pk, c) not in lues for c in composition)
                continue
            obtenu = lignes[indicateur.code].territoire
            assert obtenu.masque == attendu.masque, (composition, indicateur.code)
            assert obtenu.valeur == attendu.valeur or abs(obtenu.valeur - attendu.valeur) < Decimal("1e-9")
            comparees += 1
            affichees += obtenu.masque is None
    assert comparees > 300
    assert affichees > 30  # des agrégats affichés, pas seulement des cases masquées
