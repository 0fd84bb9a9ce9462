import csv
import gzip
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F, Model, Sum
from django.test.utils import CaptureQueriesContext

from cpts.territoires import importation, referentiel
from cpts.territoires.geometrie import decoder_multipolygone
from cpts.territoires.importation import importer
from cpts.territoires.models import Commune, Departement, Epci, Region, TypeUnite, UniteTerritoire
from cpts.territoires.version import version_referentiel
from cpts.territoires.voisinage import decoder_voisines
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")
LYON = "69123"
ECRITURES = ("INSERT", "UPDATE", "DELETE")


def test_l_import_charge_toutes_les_communes_de_france_avec_leur_population() -> None:
    communes = Commune.objects.filter(type=TypeUnite.COMMUNE, active=True)
    assert communes.count() == 34_875
    assert communes.aggregate(total=Sum("population"))["total"] == 68_350_798


def test_l_import_charge_les_45_arrondissements_de_paris_lyon_marseille_avec_leur_commune() -> None:
    arrondissements = Commune.objects.filter(type=TypeUnite.ARRONDISSEMENT_MUNICIPAL)
    assert arrondissements.count() == 45
    assert set(arrondissements.values_list("commune_parent_id", flat=True)) == {"75056", "69123", "13055"}


def test_l_import_charge_l_auvergne_rhone_alpes_telle_que_publiee() -> None:
    aura = Commune.objects.filter(region_id="84", type=TypeUnite.COMMUNE)
    assert aura.count() == 4_025
    assert aura.aggregate(total=Sum("population"))["total"] == 8_205_557


def test_l_import_charge_regions_departements_et_epci() -> None:
    assert (Region.objects.count(), Departement.objects.count(), Epci.objects.count()) == (18, 101, 1_255)


def test_un_nouvel_import_du_meme_referentiel_n_ecrit_rien_et_garde_la_version_du_referentiel() -> None:
    # Ce que chaque processus garde sous la version (communes du compositeur, contours des cartes, chiffres du
    # diagnostic) vaut encore : `make run` relance cet import à chaque démarrage.
    avant = version_referentiel()
    with CaptureQueriesContext(connection) as requetes:
        assert importer().inchange
    ecritures = [r["sql"] for r in requetes.captured_queries if r["sql"].lstrip().upper().startswith(ECRITURES)]
    assert ecritures == []
    assert version_referentiel() == avant


def test_un_import_dont_aucun_contour_n_a_change_ne_decode_aucun_contour(monkeypatch: pytest.MonkeyPatch) -> None:
    decodes: list[str] = []

    def decoder_en_notant(encode: str) -> object:
        decodes.append(encode)
        return decoder_multipolygone(encode)

    monkeypatch.setattr(importation, "decoder_multipolygone", decoder_en_notant)
    Commune.objects.filter(code=LYON).update(population=F("population") + 1)

    rapport = importer()

    assert rapport.populations_modifiees == 1
    assert decodes == []


def test_des_populations_mises_a_jour_n_ecrivent_que_la_colonne_des_populations() -> None:
    # Le millésime des populations change chaque année toutes les communes : réécrire tous leurs champs (contour
    # compris) prenait 6 min 15 s pour la France sur PostgreSQL (`cpts.mise_a_jour` dit la suite).
    Commune.objects.filter(departement_id="69").update(population=F("population") + 1)

    with CaptureQueriesContext(connection) as requetes:
        rapport = importer()

    # Une instruction exécutée pour plusieurs lignes est notée « N times: UPDATE … ».
    affectations = [
        re.search(r'UPDATE "territoires_commune" SET (.*?) WHERE', r["sql"]) for r in requetes.captured_queries
    ]
    des_communes = [trouvee[1] for trouvee in affectations if trouvee]
    assert rapport.populations_modifiees == Commune.objects.filter(departement_id="69").count()
    assert des_communes
    assert all(re.findall(r'"(\w+)" = ', colonnes) == ["population"] for colonnes in des_communes)


def test_un_import_recalcule_les_voisinages_quand_des_communes_ont_quitte_la_base_sans_import(
    referentiel_regional: Path,
) -> None:
    # La base ne garde que la région, ses contours sont ceux des fichiers, mais les voisinages écrits par l'import de la
    # France nomment encore des communes des régions voisines : l'import les refait.
    importer(referentiel_regional)

    actives = set(Commune.objects.filter(active=True).values_list("code", flat=True))
    textes = Commune.objects.filter(active=True).values_list("voisines", flat=True)
    assert {voisine for texte in textes for voisine in decoder_voisines(texte)} <= actives


@pytest.mark.parametrize(
    ("modele", "cle", "valeur_du_referentiel"),
    [
        (Region, {"code": "84"}, "Auvergne-Rhône-Alpes"),
        (Departement, {"code": "69"}, "Rhône"),
        (Epci, {"siren": "200046977"}, "Métropole de Lyon"),
    ],
    ids=["region", "departement", "epci"],
)
def test_une_region_un_departement_ou_un_epci_modifie_en_base_est_retabli_et_compte(
    modele: type[Model], cle: dict[str, str], valeur_du_referentiel: str
) -> None:
    modele.objects.filter(**cle).update(nom="Nom changé à la main")

    rapport = importer()

    assert (rapport.echelons_modifies, rapport.inchange) == (1, False)
    assert modele.objects.get(**cle).nom == valeur_du_referentiel


def test_la_commande_dit_que_le_referentiel_est_deja_a_jour() -> None:
    sortie = io.StringIO()
    call_command("communes", "import", stdout=sortie, verbosity=0)
    assert sortie.getvalue() == "Référentiel déjà à jour : aucune commune modifiée.\n"


def test_la_commande_compte_le_departement_retabli_et_rien_d_autre() -> None:
    Departement.objects.filter(code="69").update(nom="Nom changé à la main")
    sortie = io.StringIO()

    call_command("communes", "import", stdout=sortie, verbosity=0)

    assert sortie.getvalue().splitlines() == [
        "Régions, départements et EPCI créés ou modifiés : 1",
        "Communes créées : 0",
        "Communes renommées : 0",
        "Communes fusionnées dans une commune nouvelle : 0",
        "Populations mises à jour : 0",
        "Autres modifications (EPCI, contour…) : 0",
    ]


def ecrire_referentiel(source: Path, cible: Path, modifier: callable) -> Path:
    """Copie le référentiel en modifiant ses communes, et remet les empreintes de provenance.json à jour."""
    shutil.copytree(source, cible)
    with gzip.open(source / referentiel.FICHIER_COMMUNES, "rt", encoding="utf-8", newline="") as fichier:
        lignes = list(csv.DictReader(fichier))
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=referentiel.COLONNES_COMMUNES, lineterminator="\n")
    ecrivain.writeheader()
    ecrivain.writerows(modifier(lignes))
    (cible / referentiel.FICHIER_COMMUNES).write_bytes(gzip.compress(sortie.getvalue().encode("utf-8"), mtime=0))
    provenance = json.loads((cible / referentiel.FICHIER_PROVENANCE).read_text(encoding="utf-8"))
    contenu = (cible / referentiel.FICHIER_COMMUNES).read_bytes()
    provenance["fichiers"][referentiel.FICHIER_COMMUNES]["sha256"] = hashlib.sha256(contenu).hexdigest()
    (cible / referentiel.FICHIER_PROVENANCE).write_text(json.dumps(provenance), encoding="utf-8")
    return cible


def fusionner_01002_dans_01001(lignes: list[dict[str, str]]) -> list[dict[str, str]]:
    for ligne in lignes:
        if ligne["code"] == "01001":
            ligne["nom"] = "L'Abergement-Nouveau"
            ligne["population"] = str(int(ligne["population"]) + 270)
            ligne["anciens_codes"] = "01002"
    return [ligne for ligne in lignes if ligne["code"] != "01002"]


@pytest.fixture
def referentiel_avec_commune_nouvelle(referentiel_regional: Path, tmp_path: Path) -> Path:
    return ecrire_referentiel(referentiel_regional, tmp_path / "ref", fusionner_01002_dans_01001)


def test_une_commune_fusionnee_devient_inactive_et_pointe_vers_la_commune_nouvelle(
    referentiel_avec_commune_nouvelle: Path,
) -> None:
    rapport = importer(referentiel_avec_commune_nouvelle)
    ancienne = Commune.objects.get(code="01002")
    assert (ancienne.active, ancienne.fusionnee_dans_id) == (False, "01001")
    assert rapport.fusionnees == [("01002", "01001")]
    assert rapport.renommees == [("01001", "L'Abergement-Clémenciat", "L'Abergement-Nouveau")]


def test_un_territoire_qui_contenait_la_commune_fusionnee_recoit_la_commune_nouvelle(
    referentiel_avec_commune_nouvelle: Path,
) -> None:
    territoire = TerritoireFactory(communes=["01002", "01004"])
    importer(referentiel_avec_commune_nouvelle)
    assert set(territoire.unites.values_list("commune_id", flat=True)) == {"01001", "01004"}
    assert not UniteTerritoire.objects.filter(commune__active=False).exists()


def test_un_referentiel_altere_est_refuse_sans_rien_ecrire(tmp_path: Path) -> None:
    cible = tmp_path / "ref"
    shutil.copytree(referentiel.DOSSIER_PAR_DEFAUT, cible)
    (cible / referentiel.FICHIER_REGIONS).write_text("code,nom,population\n84,Région altérée,1\n", encoding="utf-8")
    with pytest.raises(referentiel.ReferentielInvalide):
        importer(cible)
    assert Region.objects.get(code="84").nom == "Auvergne-Rhône-Alpes"
