import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cpts.dossiers.enums import Etape
from cpts.territoires import composition
from cpts.territoires.composition import resumer
from cpts.territoires.deploiement import nouvelle_version as nouvelle_version_du_deploiement
from cpts.territoires.importation import importer
from cpts.territoires.memoire import memoire
from cpts.territoires.models import Commune, UniteTerritoire
from cpts.territoires.recherche import normaliser
from cpts.territoires.version import nouvelle_version
from tests.compilateur import compter_les_compilations
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")

LYON, VILLEURBANNE, LYON_1ER, VAULX_EN_VELIN, GRENOBLE = "69123", "69266", "69381", "69256", "38185"


def communes_totalisant(cible: int) -> list[str]:
    """Deux vraies communes dont les populations font exactement `cible` habitants."""
    par_population = dict(Commune.objects.filter(type="commune").values_list("population", "code"))
    for population, code in sorted(par_population.items(), reverse=True):
        reste = cible - population
        if 0 < reste < population and reste in par_population:
            return [code, par_population[reste]]
    raise AssertionError(f"aucune paire de communes ne fait {cible} habitants")


def test_la_population_est_la_somme_des_communes_choisies() -> None:
    lyon, villeurbanne = Commune.objects.get(code=LYON), Commune.objects.get(code=VILLEURBANNE)
    assert resumer([LYON, VILLEURBANNE]).population == lyon.population + villeurbanne.population


def test_les_codes_demandes_sont_pris_sans_espaces_ni_doublons_ni_vides_et_les_inconnus_nommes() -> None:
    resume = resumer([f" {LYON} ", "", LYON, "99999", "   ", VILLEURBANNE, "99999"])
    assert ([u.code for u in resume.unites], resume.inconnues) == ([LYON, VILLEURBANNE], ["99999"])
    assert resumer([LYON, VILLEURBANNE]).inconnues == []


def test_les_communes_du_resume_sont_rangees_par_nom_sans_accents_puis_par_code() -> None:
    """Des homonymes (départagés par leur code) et des noms qui commencent d'autres noms (le plus court d'abord)."""
    choisies = Commune.objects.filter(active=True, nom__startswith="Saint-Martin").values_list("code", "nom")
    assert len({nom for _, nom in choisies}) < len(choisies)
    attendu = [code for _, code in sorted((normaliser(nom), code) for code, nom in choisies)]
    assert [unite.code for unite in resumer(sorted(dict(choisies), reverse=True)).unites] == attendu


@pytest.mark.parametrize(
    ("population", "taille"),
    [(39_999, 1), (40_000, 2), (79_999, 2), (80_000, 3), (174_999, 3), (175_000, 4)],
)
def test_la_taille_suit_la_population_aux_seuils(population: int, taille: int) -> None:
    resume = resumer(communes_totalisant(population))
    assert (resume.population, resume.taille) == (population, taille)


def test_les_departements_et_regions_traverses_sont_listes() -> None:
    resume = resumer([LYON, GRENOBLE, "01004"])
    assert (resume.departements, resume.regions) == (["01", "38", "69"], ["84"])


def test_un_code_inconnu_est_signale_sans_compter() -> None:
    resume = resumer([LYON, "99999"])
    assert (resume.inconnues, resume.communes) == (["99999"], 1)


def test_lyon_et_un_de_ses_arrondissements_ne_vont_pas_ensemble() -> None:
    resume = resumer([LYON, LYON_1ER])
    assert len(resume.chevauchements) == 1
    assert not resume.enregistrable


def test_un_arrondissement_peut_remplacer_sa_commune() -> None:
    resume = resumer([LYON_1ER, VILLEURBANNE])
    assert resume.enregistrable
    assert resume.population == sum(
        Commune.objects.filter(code__in=[LYON_1ER, VILLEURBANNE]).values_list("population", flat=True)
    )


def test_une_commune_deja_dans_une_autre_cpts_est_un_conflit_qui_nomme_cette_cpts() -> None:
    TerritoireFactory(cpts__nom="CPTS Villeurbanne", communes=[VILLEURBANNE])
    conflits = resumer([LYON, VILLEURBANNE]).conflits
    assert [(c.commune, c.cpts) for c in conflits] == [(VILLEURBANNE, "CPTS Villeurbanne")]


def test_un_arrondissement_est_en_conflit_avec_la_cpts_qui_a_toute_la_commune() -> None:
    TerritoireFactory(cpts__nom="CPTS Lyon", communes=[LYON])
    assert [c.cpts for c in resumer([LYON_1ER]).conflits] == ["CPTS Lyon"]


def test_la_cpts_elle_meme_n_est_pas_en_conflit_avec_son_territoire() -> None:
    territoire = TerritoireFactory(communes=[VILLEURBANNE])
    assert resumer([VILLEURBANNE], cpts_id=territoire.cpts_id).conflits == []


def test_un_territoire_clos_ou_d_une_cpts_abandonnee_ne_cree_pas_de_conflit() -> None:
    TerritoireFactory(communes=[VILLEURBANNE], fin=datetime.date(2021, 6, 1))
    TerritoireFactory(communes=[VILLEURBANNE], cpts__etape=Etape.ABANDONNE)
    assert resumer([VILLEURBANNE], date=datetime.date(2022, 1, 1)).conflits == []


def test_deux_communes_voisines_forment_un_territoire_d_un_seul_tenant() -> None:
    assert resumer([LYON, VILLEURBANNE]).contigu


def test_deux_communes_eloignees_ne_forment_pas_un_seul_tenant() -> None:
    assert not resumer([LYON, GRENOBLE]).contigu


def test_une_commune_sans_contour_est_signalee_sans_decider_de_la_contiguite() -> None:
    # Celles (Cantal) : une des quatre communes sans contour publié (data/referentiel/provenance.json).
    resume = resumer([LYON, VILLEURBANNE, "15031"])
    assert (resume.sans_contour, resume.contigu) == (["15031"], True)


def anneau_autour_de_vaulx_en_velin() -> list[str]:
    voisines = set(Commune.objects.filter(active=True, region_id="84").values_list("code", flat=True))
    cible = Commune.objects.get(code=VAULX_EN_VELIN)
    return [
        c.code
        for c in Commune.objects.filter(
            code__in=voisines,
            lon_min__lte=cible.lon_max + 0.05,
            lon_max__gte=cible.lon_min - 0.05,
            lat_min__lte=cible.lat_max + 0.05,
            lat_max__gte=cible.lat_min - 0.05,
        ).exclude(code=VAULX_EN_VELIN)
        if c.type == "commune"
    ]


def test_une_commune_hors_cpts_entouree_par_le_territoire_est_une_enclave() -> None:
    enclaves = [e.code for e in resumer(anneau_autour_de_vaulx_en_velin()).enclaves]
    assert VAULX_EN_VELIN in enclaves


def test_une_commune_entouree_deja_dans_une_cpts_n_est_une_enclave_que_sa_cpts_abandonnee() -> None:
    anneau = anneau_autour_de_vaulx_en_velin()
    cpts = TerritoireFactory(communes=[VAULX_EN_VELIN]).cpts
    assert VAULX_EN_VELIN not in [e.code for e in resumer(anneau).enclaves]
    cpts.etape = Etape.ABANDONNE
    cpts.save()
    assert VAULX_EN_VELIN in [e.code for e in resumer(anneau).enclaves]


def test_les_enclaves_d_une_composition_deja_vue_se_trouvent_sans_aucune_requete_de_plus() -> None:
    """Le va-et-vient du compositeur : ni le graphe, ni les occupations, ni les noms des enclaves ne sont relus."""
    anneau = anneau_autour_de_vaulx_en_velin()
    resume = resumer(anneau)
    assert VAULX_EN_VELIN in [e.code for e in resume.enclaves]
    resume = resumer(anneau)
    with CaptureQueriesContext(connection) as requetes:
        assert VAULX_EN_VELIN in [e.code for e in resume.enclaves]
    assert requetes.captured_queries == []


def _sans_recherche_entiere(*_: object) -> None:
    raise AssertionError("le résumé aurait dû se déduire du clic précédent")


def test_les_enclaves_d_une_composition_suivie_se_deduisent_du_clic_precedent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Le compositeur ajoute ou retire une commune à la fois : les trous se déduisent de ceux du clic précédent, sans
    recherche entière, et les enclaves sont celles d'une recherche de zéro."""
    anneau = anneau_autour_de_vaulx_en_velin()
    emprise = Commune.objects.filter(code__in=anneau)
    bords = {
        *emprise.order_by("lon_min").values_list("code", flat=True)[:1],
        *emprise.order_by("-lon_max").values_list("code", flat=True)[:1],
        *emprise.order_by("lat_min").values_list("code", flat=True)[:1],
        *emprise.order_by("-lat_max").values_list("code", flat=True)[:1],
    }
    # Des clics qui ne changent pas l'emprise : Vaulx-en-Velin ajoutée puis retirée, une commune de l'anneau retirée
    # (le trou s'ouvre sur le dehors, ou non) puis remise.
    interieure = next(code for code in anneau if code not in bords)
    sans_elle = [code for code in anneau if code != interieure]
    clics = [[*anneau, VAULX_EN_VELIN], anneau, sans_elle, anneau]
    de_zero = [resumer(codes).enclaves for codes in clics]
    assert VAULX_EN_VELIN in [enclave.code for enclave in resumer(anneau, suivi="essai").enclaves]

    monkeypatch.setattr(composition, "trous", _sans_recherche_entiere)
    assert [resumer(codes, suivi="essai").enclaves for codes in clics] == de_zero


def test_la_contiguite_d_une_composition_suivie_se_deduit_du_clic_precedent(monkeypatch: pytest.MonkeyPatch) -> None:
    anneau = anneau_autour_de_vaulx_en_velin()
    clics = [[*anneau, VAULX_EN_VELIN], anneau, [*anneau, VAULX_EN_VELIN]]
    de_zero = [resumer(codes).contigu for codes in clics]
    resumer(anneau, suivi="essai")

    monkeypatch.setattr(composition, "d_un_seul_tenant", _sans_recherche_entiere)
    assert [resumer(codes, suivi="essai").contigu for codes in clics] == de_zero


def test_les_compositions_suivies_gardees_par_un_processus_sont_en_nombre_borne() -> None:
    territoire = [LYON, VILLEURBANNE, VAULX_EN_VELIN]
    for rang in range(composition.SUIVIS_MAX + 5):
        assert resumer(territoire, suivi=f"essai:{rang}").enclaves == []
    memo = memoire()
    assert 0 < len(memo.trous_suivis) <= composition.SUIVIS_MAX
    assert 0 < len(memo.contiguites_suivies) <= composition.SUIVIS_MAX


def test_apres_un_import_les_enclaves_suivies_se_cherchent_de_zero(
    monkeypatch: pytest.MonkeyPatch, referentiel_regional: Path
) -> None:
    anneau = anneau_autour_de_vaulx_en_velin()
    assert VAULX_EN_VELIN in [enclave.code for enclave in resumer(anneau, suivi="essai").enclaves]
    importer(referentiel_regional)
    recherches = []
    trous = composition.trous
    monkeypatch.setattr(composition, "trous", lambda *args: recherches.append(args) or trous(*args))

    assert VAULX_EN_VELIN in [enclave.code for enclave in resumer(anneau, suivi="essai").enclaves]
    assert len(recherches) == 1


def test_les_enclaves_ne_se_cherchent_qu_a_leur_lecture() -> None:
    """Seul le compositeur montre les enclaves : l'API, l'enregistrement et l'import du portefeuille ne lisent pas
    le graphe des voisines autour du territoire."""
    nouvelle_version()  # une mémoire du référentiel vide
    territoire = [LYON, VILLEURBANNE, VAULX_EN_VELIN]
    with CaptureQueriesContext(connection) as sans_enclaves:
        resume = resumer(territoire)
    with CaptureQueriesContext(connection) as avec_enclaves:
        assert resume.enclaves == []
    assert not any("en_bordure" in requete["sql"] for requete in sans_enclaves.captured_queries)
    assert any("en_bordure" in requete["sql"] for requete in avec_enclaves.captured_queries)


def test_les_enclaves_d_un_territoire_deja_vu_ne_relisent_pas_les_communes() -> None:
    """Retirer puis rajouter une commune (le va-et-vient du compositeur) ne relit ni l'emprise ni le graphe."""
    territoire = [LYON, VILLEURBANNE, VAULX_EN_VELIN]
    assert resumer(territoire).enclaves == []
    with CaptureQueriesContext(connection) as requetes:
        assert resumer(territoire).enclaves == []
    assert not any("lat_max" in requete["sql"] for requete in requetes.captured_queries)


def test_les_conflits_d_un_nouveau_resume_se_lisent_sans_recompiler_leur_requete(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    territoire = TerritoireFactory(cpts__nom="CPTS Villeurbanne", communes=[VILLEURBANNE])
    resumer([LYON, VILLEURBANNE])
    resumer([LYON], cpts_id=territoire.cpts_id)
    compilations = compter_les_compilations(monkeypatch)
    assert [c.cpts for c in resumer([LYON, VILLEURBANNE, VAULX_EN_VELIN]).conflits] == ["CPTS Villeurbanne"]
    assert resumer([VILLEURBANNE, VAULX_EN_VELIN], cpts_id=territoire.cpts_id).conflits == []
    # Un autre nombre de communes, le même SQL : la liste des codes est un seul paramètre.
    assert UniteTerritoire not in compilations


def test_les_conflits_de_communes_deja_lues_ne_relisent_pas_les_territoires() -> None:
    TerritoireFactory(cpts__nom="CPTS Villeurbanne", communes=[VILLEURBANNE])
    resumer([LYON, VILLEURBANNE])
    with CaptureQueriesContext(connection) as requetes:
        conflits = resumer([LYON, VILLEURBANNE]).conflits
    assert [(c.commune, c.cpts) for c in conflits] == [(VILLEURBANNE, "CPTS Villeurbanne")]
    assert not any("territoires_uniteterritoire" in requete["sql"] for requete in requetes.captured_queries)


def test_un_territoire_enregistre_apres_un_resume_est_en_conflit_des_le_resume_suivant() -> None:
    assert resumer([LYON, VILLEURBANNE]).conflits == []
    TerritoireFactory(cpts__nom="CPTS Villeurbanne", communes=[VILLEURBANNE])
    assert [(c.commune, c.cpts) for c in resumer([LYON, VILLEURBANNE]).conflits] == [
        (VILLEURBANNE, "CPTS Villeurbanne")
    ]


def test_une_cpts_renommee_apres_un_resume_est_nommee_par_ses_conflits_des_le_resume_suivant() -> None:
    territoire = TerritoireFactory(cpts__nom="CPTS Villeurbanne", communes=[VILLEURBANNE])
    assert [c.cpts for c in resumer([LYON, VILLEURBANNE]).conflits] == ["CPTS Villeurbanne"]
    territoire.cpts.nom = "CPTS Villeurbanne et Vaulx"
    territoire.cpts.save()
    assert [c.cpts for c in resumer([LYON, VILLEURBANNE]).conflits] == ["CPTS Villeurbanne et Vaulx"]


def test_les_conflits_gardes_par_commune_sont_ceux_de_toutes_les_cpts_ranges_par_code_nom_et_cpts() -> None:
    """Deux CPTS homonymes sur une commune, une troisième sur une autre : rangés comme le calcul entier les range, et
    la CPTS qui compose ne se voit pas en conflit avec elle-même, qu'un résumé sans CPTS les ait gardés avant ou non."""
    homonymes = [
        TerritoireFactory(cpts__nom="CPTS de l'Est", cpts__departement=departement, communes=[VILLEURBANNE])
        for departement in ("69", "38")
    ]
    autre = TerritoireFactory(cpts__nom="CPTS Alpha", communes=[VAULX_EN_VELIN])
    attendu = [
        (VAULX_EN_VELIN, "CPTS Alpha", autre.cpts_id),
        *((VILLEURBANNE, "CPTS de l'Est", t.cpts_id) for t in sorted(homonymes, key=lambda t: t.cpts_id)),
    ]
    choisies = [VILLEURBANNE, LYON, VAULX_EN_VELIN]
    assert [(c.commune, c.cpts, c.cpts_id) for c in resumer(choisies).conflits] == attendu
    assert [(c.commune, c.cpts, c.cpts_id) for c in resumer(choisies, cpts_id=homonymes[0].cpts_id).conflits] == [
        conflit for conflit in attendu if conflit[2] != homonymes[0].cpts_id
    ]


def test_les_conflits_d_une_composition_suivie_se_deduisent_du_clic_precedent(monkeypatch: pytest.MonkeyPatch) -> None:
    TerritoireFactory(cpts__nom="CPTS Villeurbanne", communes=[VILLEURBANNE, VAULX_EN_VELIN])
    TerritoireFactory(cpts__nom="CPTS Lyon", communes=[LYON])
    clics = [[LYON, VILLEURBANNE], [LYON, VILLEURBANNE, VAULX_EN_VELIN], [LYON, VAULX_EN_VELIN], [LYON]]
    de_zero = [resumer(codes).conflits for codes in clics]
    resumer([LYON], suivi="essai")

    monkeypatch.setattr(composition, "_conflits", _sans_recherche_entiere)
    assert [resumer(codes, suivi="essai").conflits for codes in clics] == de_zero
    assert [conflit.commune for conflit in de_zero[1]] == [LYON, VAULX_EN_VELIN, VILLEURBANNE]


def test_un_territoire_enregistre_entre_deux_clics_est_en_conflit_des_le_clic_suivant() -> None:
    assert resumer([LYON], suivi="essai").conflits == []
    assert resumer([LYON, VILLEURBANNE], suivi="essai").conflits == []
    TerritoireFactory(cpts__nom="CPTS Villeurbanne", communes=[VILLEURBANNE])
    conflits = resumer([LYON, VILLEURBANNE, VAULX_EN_VELIN], suivi="essai").conflits
    assert [(c.commune, c.cpts) for c in conflits] == [(VILLEURBANNE, "CPTS Villeurbanne")]


def test_une_cpts_renommee_puis_abandonnee_change_les_conflits_des_le_resume_suivant() -> None:
    cpts = TerritoireFactory(cpts__nom="CPTS Villeurbanne", communes=[VILLEURBANNE]).cpts
    assert [c.cpts for c in resumer([VILLEURBANNE]).conflits] == ["CPTS Villeurbanne"]
    cpts.nom = "CPTS de l'Est lyonnais"
    cpts.save()
    assert [c.cpts for c in resumer([VILLEURBANNE]).conflits] == ["CPTS de l'Est lyonnais"]
    cpts.etape = Etape.ABANDONNE
    cpts.save()
    assert resumer([VILLEURBANNE]).conflits == []


def test_un_territoire_retire_par_un_autre_processus_n_est_plus_en_conflit_des_le_resume_suivant() -> None:
    territoire = TerritoireFactory(communes=[VILLEURBANNE])
    assert len(resumer([VILLEURBANNE]).conflits) == 1
    # Ce qu'un autre processus écrit et valide : les unités, avec la version du déploiement (aucun signal ici).
    UniteTerritoire.objects.filter(territoire=territoire).delete()
    nouvelle_version_du_deploiement()
    assert resumer([VILLEURBANNE]).conflits == []
