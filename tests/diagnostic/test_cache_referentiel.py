"""Les chiffres du référentiel gardés par le profil (en mémoire, et la superficie de chaque commune en base) ne
survivent pas à un import des communes."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db.models import F

from cpts.diagnostic import integres, memoire
from cpts.diagnostic.models import Surface
from cpts.diagnostic.profil import profil
from cpts.territoires.geometrie import decoder_multipolygone
from cpts.territoires.importation import importer
from cpts.territoires.models import Commune
from cpts.territoires.version import version_referentiel

pytestmark = pytest.mark.usefixtures("communes")
VILLEURBANNE, LYON = "69266", "69123"


def population_du_departement() -> Decimal | None:
    ligne = next(ligne for ligne in profil([VILLEURBANNE]).themes[0].lignes if ligne.code == "population")
    departement = ligne.comparaisons[0]
    assert departement is not None
    return departement.valeur


def test_un_import_qui_change_une_commune_change_la_version_du_referentiel(referentiel_regional: Path) -> None:
    Commune.objects.filter(code=LYON).update(population=F("population") + 1)
    avant = version_referentiel()
    importer(referentiel_regional)
    assert version_referentiel() != avant


def test_apres_un_import_le_profil_ne_sert_plus_les_chiffres_du_departement_gardes_avant(
    referentiel_regional: Path,
) -> None:
    # Aucun chiffre gardé par un test précédent sous la même version du référentiel (la suite ne l'importe qu'une
    # fois) : ni dans le cache, ni dans la mémoire du diagnostic.
    cache.clear()
    memoire._par_version.clear()
    Commune.objects.filter(code=LYON).update(population=F("population") + 1_000_000)
    gonflee = population_du_departement()
    Commune.objects.filter(code=LYON).update(population=F("population") - 1_000_000)
    # Sans import, les chiffres gardés servent encore : c'est le rôle du cache.
    assert population_du_departement() == gonflee
    importer(referentiel_regional)
    assert population_du_departement() == gonflee - 1_000_000


def test_un_import_qui_change_le_contour_d_une_commune_refait_sa_superficie(referentiel_regional: Path) -> None:
    # En base, Villeurbanne a le contour et la superficie de Lyon ; le référentiel lui rend les siens.
    lyon = Commune.objects.get(code=LYON).contour
    Commune.objects.filter(code=VILLEURBANNE).update(contour=lyon)
    Surface.objects.update_or_create(commune_id=VILLEURBANNE, defaults={"km2": integres.km2(lyon)})

    importer(referentiel_regional)

    contour = Commune.objects.get(code=VILLEURBANNE).contour
    assert Surface.objects.get(commune_id=VILLEURBANNE).km2 == integres.km2(contour) != integres.km2(lyon)


def test_apres_un_import_la_densite_du_departement_se_lit_au_profil(referentiel_regional: Path) -> None:
    importer(referentiel_regional)

    densite = next(ligne for ligne in profil([VILLEURBANNE]).themes[0].lignes if ligne.code == "densite")

    departement = densite.comparaisons[0]
    assert departement is not None
    assert departement.valeur is not None
    assert departement.valeur > 100


def test_un_import_sans_changement_calcule_les_superficies_qui_manquent_et_change_la_version() -> None:
    # Une base dont les communes ont été importées avant le diagnostic n'a pas leurs superficies.
    Surface.objects.filter(commune_id=VILLEURBANNE).delete()
    avant = version_referentiel()

    assert importer().inchange

    contour = Commune.objects.get(code=VILLEURBANNE).contour
    assert Surface.objects.get(commune_id=VILLEURBANNE).km2 == integres.km2(contour)
    assert version_referentiel() != avant


def test_la_superficie_refaite_ne_reprend_que_le_contour_decode_de_la_commune_elle_meme() -> None:
    # L'import donne les contours qu'il a décodés ; une commune dont le contour en base n'est pas celui-là (une
    # commune disparue garde le sien) a la superficie de son propre contour.
    lyon = Commune.objects.get(code=LYON).contour
    villeurbanne = Commune.objects.get(code=VILLEURBANNE).contour

    integres.refaire_les_surfaces(
        {
            LYON: (lyon, decoder_multipolygone(lyon)),
            VILLEURBANNE: (lyon, decoder_multipolygone(lyon)),
        },
        [LYON, VILLEURBANNE],
    )

    assert Surface.objects.get(commune_id=LYON).km2 == integres.km2(lyon)
    assert Surface.objects.get(commune_id=VILLEURBANNE).km2 == integres.km2(villeurbanne) != integres.km2(lyon)
