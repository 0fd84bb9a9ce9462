import datetime
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

pytest_plugins = ["tests.chien_de_garde", "tests.connexions", "tests.onglet"]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# L'horloge est une entrée des tests : chacun commence au même instant, quel que soit le jour où la suite tourne.
# Le temps avance ensuite (tick) : délais du navigateur, sessions et jetons se comportent comme en vrai. Un test
# qui a besoin d'une autre date la choisit (`horloge.move_to(...)`).
INSTANT_DES_TESTS = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def _rang(module: list[pytest.Item]) -> int:
    if any(item.get_closest_marker("banc") or item.get_closest_marker("long") for item in module):
        return 0
    return 1 if any(item.get_closest_marker("navigateur") for item in module) else 2


def _demande_la_base(module: list[pytest.Item]) -> bool:
    return any(
        item.get_closest_marker("django_db") is not None or "django_db_setup" in item.fixturenames for item in module
    )


def _ouvre_la_base(module: list[pytest.Item]) -> bool:
    """Un petit module dont le premier test demande la base : il en paie la création pour son processus."""
    return len(module) <= 5 and _demande_la_base(module[:1])


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Chaque moitié de la suite commence par des tests longs : la première par le banc d'essai et les sous-processus
    (marques `banc`, `long`), la seconde par les tests dans Chromium ; les autres suivent, dans l'ordre tiré par
    pytest-randomly. `make test` lance deux processus en `--dist worksteal` : chacun reçoit une moitié, la commence par
    ses tests longs, et celui qui a fini prend la moitié de ce qui reste à l'autre : ils finissent ensemble, sur des
    tests courts. pytest-django rangeait les tests sans base à la fin : le banc et la préparation de la démo (une
    minute et plus chacun) y finissaient seuls, l'autre processus à l'arrêt.

    La seconde moitié commence par un petit module qui demande la base : son processus crée la base de test et y
    importe le référentiel dans le délai d'un test court. La première commence par ses longs sans base (banc,
    préparation de la démo : deux minutes et plus) : quand elle demande la base, le référentiel importé par l'autre
    processus y est posé depuis ses lignes, au lieu d'être importé une seconde fois (`tests/instantane.py`). Les deux
    processus importaient chacun le référentiel au même moment, une quinzaine de secondes chacun sur une machine
    chargée. Les modules restent d'un seul tenant (leurs fixtures de module ne sont construites qu'une
    fois), sauf celui que coupe le milieu de la suite. Un test qui n'est pas transactionnel peut venir après un test
    transactionnel : celui-ci vide la base en partant, hors référentiel, et les migrations n'y écrivent aucune donnée
    (types de contenu et permissions sont recréés)."""
    modules: dict[Path, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.path, []).append(item)
    if items:
        lecteurs: dict[str, set[Path]] = {nom: set() for nom in PARTAGEES}
        for chemin, module in modules.items():
            if nom := _partagee_lue(module):
                lecteurs[nom].add(chemin)
        items[0].config.stash[LECTEURS] = lecteurs
    longs, navigateur, autres = ([m for m in modules.values() if _rang(m) == rang] for rang in range(3))
    # Les modules qui lisent une même démonstration partagée se suivent (fin des longs et début des autres, début des
    # tests dans Chromium) : elle est chargée une fois pour eux tous. Les longs qui la chargent dans leur transaction
    # (`charger_la_demo`) passent aussi après les autres longs : l'autre moitié commence par la charger pour ses
    # tests dans Chromium, et un long qui la demandait dès le début attendait la fin de ce chargement, son processus
    # à l'arrêt (40 s sur PostgreSQL).
    longs.sort(
        key=lambda module: (_demande_la_base(module), _partagee_lue(module) == "demo" or _charge_la_demo(module))
    )
    autres.sort(key=lambda module: _partagee_lue(module) == "demo", reverse=True)
    navigateur.sort(key=lambda module: _partagee_lue(module) == "demo_en_base", reverse=True)
    ouverture = [m for m in autres if _ouvre_la_base(m) and not _partagee_lue(m)][:1]
    autres = [m for m in autres if all(m is not o for o in ouverture)]
    premiere = [item for module in [*longs, *autres] for item in module]
    seconde = [item for module in [*ouverture, *navigateur] for item in module]
    moitie = len(items) // 2
    items[:] = [*premiere[:moitie], *seconde, *premiere[moitie:]]


@pytest.fixture(autouse=True)
def horloge() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(INSTANT_DES_TESTS, tick=True) as coordonnees:
        yield coordonnees


@pytest.fixture(scope="session")
def navigateur() -> Iterator[object]:
    """Chromium de Debian piloté par Playwright, sans fenêtre ni accès réseau extérieur.

    Playwright (API synchrone) garde une boucle asyncio ouverte dans le fil des tests, du démarrage à l'arrêt du
    navigateur. Django y refuserait l'accès à la base des tests eux-mêmes (d'où `DJANGO_ALLOW_ASYNC_UNSAFE`) ; et
    surtout, une boucle ouverte change le rangement des connexions de Django (`asgiref.local.Local` des connexions
    passe du stockage du fil à une variable de contexte) : le fil des tests reçoit une seconde connexion, et la
    première, restée ouverte, n'est plus vue par personne. À l'arrêt, c'est la seconde qui disparaît ainsi : ouverte
    par un test sans transaction propre venu après les tests dans Chromium, elle restait ouverte sur la base de test,
    que PostgreSQL refusait alors de supprimer en fin de suite. Les connexions du fil sont donc fermées à chaque
    changement de rangement, avant le démarrage et avant l'arrêt."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    connections.close_all()
    with sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield navigateur
        # Une démonstration partagée encore ouverte tient sa transaction sur une connexion que la ligne suivante ferme.
        rendre_les_demos()
        navigateur.close()
        connections.close_all()


@pytest.fixture(scope="session")
def live_server() -> Iterator[Any]:
    """Le serveur des tests de bout en bout de pytest-django, qui sert l'application par `ReponsesDeLHeureVraie`, et
    les fichiers statiques par elle (whitenoise)."""
    from pytest_django.live_server_helper import LiveServer

    from tests.serveur import ReponsesDeLHeureVraie

    serveur = LiveServer("localhost", start=False)
    serveur.thread.static_handler = ReponsesDeLHeureVraie
    serveur.start()
    yield serveur
    serveur.stop()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: object) -> None:
    """Sur SQLite, la base de test est un fichier (mode WAL des réglages), jamais la base en mémoire de Django.

    Avec une base en mémoire, le serveur des tests de bout en bout (`live_server`) reçoit la connexion même du test
    et tous ses fils de requêtes s'en servent à la fois. Deux requêtes simultanées du navigateur (une page et
    l'icône du site, ou la page suivante) s'y bloquaient pour toujours : l'une, dans SQLite, tient le verrou de la
    connexion et appelle une fonction Python (`date__year` des paiements du tableau de bord devient
    `django_date_extract`), qui attend le GIL ; l'autre tient le GIL et attend le verrou de la connexion pour lire
    une ligne. Avec un fichier, chaque fil a sa connexion ; en WAL, une lecture n'attend jamais une écriture ni
    l'inverse, les écritures commencent par `BEGIN IMMEDIATE` (pas de verrou de lecture qui devient écriture) et
    une écriture n'attend une autre que le délai de SQLite (5 s), puis échoue.
    """
    from django.conf import settings

    # Juste avant la création de la base de test (tables et référentiel) : elle a son propre délai.
    relancer_le_delai_du_test()
    base = settings.DATABASES["default"]
    if base["ENGINE"] == "django.db.backends.sqlite3":
        fichier = tmp_path_factory.mktemp("base-de-test") / "cpts.sqlite3"
        base["TEST"] = {**base.get("TEST", {}), "NAME": str(fichier)}
        # Une base jetable n'a pas à survivre à une panne : pas d'attente de l'écriture sur le disque.
        base["OPTIONS"] = {
            **base["OPTIONS"],
            "init_command": base["OPTIONS"]["init_command"] + "PRAGMA synchronous=OFF;",
        }


@pytest.fixture(scope="session", autouse=True)
def donnees_locales_a_l_abri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Ni les fichiers déposés, ni le drapeau de maintenance, ni les signes de vie des travaux et des tâches du
    travailleur d'un test ne touchent le dossier des données locales : une restauration y échangerait les vrais
    fichiers, un drapeau y arrêterait la plateforme locale."""
    from django.test import override_settings

    fichiers = tmp_path_factory.mktemp("fichiers")
    reglages = override_settings(
        **reglages_des_fichiers(fichiers),
        MAINTENANCE_DIR=tmp_path_factory.mktemp("maintenance"),
        DATA_DIR=tmp_path_factory.mktemp("donnees"),
    )
    reglages.enable()
    yield
    reglages.disable()


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """La base de test reçoit une fois le vrai référentiel des communes de France : importé par le premier processus
    de la suite, posé depuis ses lignes dans la base de l'autre (`tests/instantane.py`).

    En fin de suite, sur PostgreSQL, aucune autre session ne doit rester ouverte sur la base de ce processus : une
    connexion oubliée (un fil qui ne ferme pas la sienne) ferait échouer sa suppression (« being accessed by other
    users »). La suite échoue alors en nommant le test, le fil et le code qui l'ont ouverte (`tests/connexions.py`)."""
    from django.db import connection

    from cpts.territoires.importation import importer
    from tests.connexions import sessions_restees
    from tests.instantane import dossier_de_la_suite, importer_le_referentiel

    with django_db_blocker.unblock():
        importer_le_referentiel(dossier_de_la_suite(tmp_path_factory.getbasetemp()), REFERENTIEL, importer)
        if connection.vendor == "sqlite":
            surveiller_le_referentiel(connection)
    relancer_le_delai_du_test()
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        restees = sessions_restees(connection)
    if restees:
        pytest.fail("Connexions restées ouvertes sur la base de test :\n" + "\n".join(restees), pytrace=False)


# Les tables du référentiel (communes, EPCI, départements, régions) : chargées une fois par base de test. Avec elles,
# les superficies des communes, que leur import calcule (`cpts.diagnostic.integres`) : vidées, elles manquaient à
# tous les tests suivants du processus, qui les recalculaient à la première lecture d'une commune (trois requêtes de
# plus au milieu d'un test qui compte les siennes) et perdaient la superficie du département, de la région et de la
# France.
REFERENTIEL = (
    "territoires_region",
    "territoires_departement",
    "territoires_epci",
    "territoires_commune",
    "territoires_versionreferentiel",
    "diagnostic_surface",
)


# La marque posée par les déclencheurs de `surveiller_le_referentiel` : une table hors des modèles, que ni le vidage
# des tests transactionnels ni la sauvegarde ne voient.
MARQUE_DU_REFERENTIEL = "tests_referentiel_ecrit"
REFERENTIEL_SURVEILLE: list[str] = []


def surveiller_le_referentiel(connection: Any) -> None:
    """Sur SQLite, toute écriture dans une table du référentiel pose une marque, dans la transaction qui l'écrit (un
    test la voit, son annulation l'efface). Voir `cles_etrangeres_verifiees`."""
    nom = connection.ops.quote_name
    with connection.cursor() as curseur:
        curseur.execute(f"CREATE TABLE {MARQUE_DU_REFERENTIEL} (ecrit integer NOT NULL)")
        curseur.execute(f"INSERT INTO {MARQUE_DU_REFERENTIEL} VALUES (0)")
        for table in REFERENTIEL:
            for operation in ("INSERT", "UPDATE", "DELETE"):
                curseur.execute(
                    f"CREATE TRIGGER {nom(f'{table}_{operation.lower()}_marque')} AFTER {operation} ON {nom(table)} "
                    f"BEGIN UPDATE {MARQUE_DU_REFERENTIEL} SET ecrit = 1; END"
                )
    REFERENTIEL_SURVEILLE.append(connection.alias)


def effacer_la_marque(connection: Any) -> list[str]:
    """La requête qui efface la marque, quand la base est surveillée. Un test transactionnel qui écrit le référentiel
    (et le remet en état) valide son écriture : la marque resterait posée pour tous les tests suivants du processus, qui
    reliraient tout le référentiel. Effacée au vidage qui suit ce test : ce qui est validé a passé la vérification des
    clés étrangères que SQLite fait à la validation (contraintes différées)."""
    if connection.alias not in REFERENTIEL_SURVEILLE:
        return []
    return [f"UPDATE {MARQUE_DU_REFERENTIEL} SET ecrit = 0"]


def referentiel_ecrit(connection: Any) -> bool:
    """Vrai si la transaction en cours a écrit dans le référentiel, ou si sa base n'est pas surveillée."""
    if connection.alias not in REFERENTIEL_SURVEILLE:
        return True
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT ecrit FROM {MARQUE_DU_REFERENTIEL}")
        return bool(curseur.fetchone()[0])


@pytest.fixture(scope="session", autouse=True)
def cles_etrangeres_verifiees() -> Iterator[None]:
    """Avant d'annuler la transaction d'un test, Django vérifie toutes les clés étrangères de la base ; sur SQLite,
    c'est lire tout le référentiel (70 000 lignes, 20 à 30 ms par test, une minute et plus par suite). Ses tables ne
    sont relues que si le test en a écrit une : ses clés étrangères ne visent que lui-même, une clé cassée y demande
    donc une écriture dans l'une d'elles (marque de `surveiller_le_referentiel`). Les autres tables sont toujours
    vérifiées, et celles qui visent une commune voient ainsi une commune disparue. Sur PostgreSQL, la vérification ne
    porte que sur les contraintes en attente, faite en bloc après une grosse écriture (`tests/cles_etrangeres.py`)."""
    from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQL
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from tests import cles_etrangeres

    origine = DatabaseWrapper.check_constraints
    origine_postgresql = PostgreSQL.check_constraints
    origine_autocommit = PostgreSQL._set_autocommit

    def hors_du_referentiel_intact(connection: Any, table_names: list[str] | None = None) -> None:
        if table_names is None and not referentiel_ecrit(connection):
            table_names = [
                table
                for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
                if table not in REFERENTIEL
            ]
        origine(connection, table_names)

    def en_bloc_apres_une_grosse_ecriture(connection: Any, table_names: list[str] | None = None) -> None:
        cles_etrangeres.verifier(connection, origine_postgresql)

    def compteurs_notes_a_chaque_transaction(connection: Any, autocommit: bool) -> None:
        origine_autocommit(connection, autocommit)
        if not autocommit:
            cles_etrangeres.noter_le_debut(connection)

    DatabaseWrapper.check_constraints = hors_du_referentiel_intact
    PostgreSQL.check_constraints = en_bloc_apres_une_grosse_ecriture
    PostgreSQL._set_autocommit = compteurs_notes_a_chaque_transaction
    yield
    DatabaseWrapper.check_constraints = origine
    PostgreSQL.check_constraints = origine_postgresql
    PostgreSQL._set_autocommit = origine_autocommit


@pytest.fixture(scope="session", autouse=True)
def referentiel_garde_par_les_tests_transactionnels() -> Iterator[None]:
    """Un test transactionnel (navigateur, concurrence) vide la base en partant ; il n'en vide plus le référentiel,
    que le test suivant rechargeait (une vingtaine de secondes par test). Aucun test transactionnel n'y laisse rien :
    les imports de communes des tests tournent dans une transaction annulée, une région écrite est retirée. Le reste
    du vidage : `tests/vidage.py`."""
    from tests.vidage import vidage_des_tests

    with vidage_des_tests(REFERENTIEL, effacer_la_marque):
        yield


@pytest.fixture
def communes(db: None) -> None:
    """Le référentiel en base : un test transactionnel (navigateur) vide les tables en partant, on recharge alors."""
    from cpts.territoires.importation import importer
    from cpts.territoires.models import Commune

    if not Commune.objects.exists():
        importer()


@pytest.fixture(scope="session")
def fichiers_du_referentiel_regional(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cpts.territoires import referentiel
    from tests import referentiel_reduit

    return referentiel_reduit.ecrire(referentiel.DOSSIER_PAR_DEFAUT, tmp_path_factory.mktemp("referentiel") / "region")


@pytest.fixture
def referentiel_regional(fichiers_du_referentiel_regional: Path, communes: None) -> Path:
    """Le référentiel de la seule Auvergne-Rhône-Alpes (`tests/referentiel_reduit.py`) : en base le temps du test, et
    ses fichiers, à donner à `importer`."""
    from tests.referentiel_reduit import reduire_la_base

    reduire_la_base()
    return fichiers_du_referentiel_regional


def reglages_des_fichiers(dossier: Path) -> dict[str, Any]:
    """Les réglages qui envoient les fichiers déposés dans `dossier`."""
    from django.conf import settings

    stockage = {**settings.STORAGES["default"], "OPTIONS": {"location": dossier}}
    return {"MEDIA_ROOT": dossier, "STORAGES": {**settings.STORAGES, "default": stockage}}


@pytest.fixture
def fichiers_temporaires(settings: object, tmp_path: Path) -> Path:
    """Les PDF déposés pendant un test vont dans un dossier jetable, jamais dans les données locales."""
    dossier = tmp_path / "fichiers"
    for nom, valeur in reglages_des_fichiers(dossier).items():
        setattr(settings, nom, valeur)
    return dossier


@pytest.fixture
def smtp(settings: object) -> Iterator[object]:
    """Un vrai serveur SMTP sur 127.0.0.1 (aiosmtpd), et les réglages de Django qui y envoient."""
    from tests.notifications.serveur_smtp import ServeurSmtp

    serveur = ServeurSmtp()
    serveur.demarrer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = serveur.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield serveur
    serveur.arreter()


@pytest.fixture
def travailleur(db: None) -> object:
    """Le travailleur de `cpts travailleur` : un test appelle `travailleur.tour()` pour vider la file pour de vrai.
    Sans travaux périodiques : ils dépendent de l'heure, les tests qui en parlent les donnent eux-mêmes."""
    from cpts.notifications.travailleur import Travailleur

    return Travailleur(intervalle=0.1, periodiques=())


class DemoPartagee:
    """La démonstration (`cpts demo`, une trentaine de secondes de calcul, plusieurs minutes sur une machine chargée)
    chargée une fois pour plusieurs modules de suite : ceux qui la lisent passent l'un après l'autre
    (`pytest_collection_modifyitems`). Elle était chargée une fois par module, huit fois par suite.

    Dans une transaction (`enregistree=False`, fixture `demo`) : chaque test s'y exécute dans la sienne, annulée ;
    la transaction de la démonstration est annulée à son tour. Enregistrée pour de bon (`enregistree=True`, fixture
    `demo_en_base`) : pour des tests transactionnels, dont le serveur des tests de bout en bout la lit par ses propres
    connexions ; ils ne font que la lire (et s'y connecter), la base n'est pas vidée entre eux
    (`tests.vidage.Vidage`) mais quand la démonstration est rendue. Elle l'est dès que vient un test d'un module qui
    ne la lit pas (`pytest_runtest_setup`, avant les fixtures de ce test), et en fin de suite.

    La commande ne tourne qu'une fois par suite, pour le premier processus qui en a besoin ; ensuite, dans ce
    processus ou l'autre, pour l'une ou l'autre sorte, ses lignes sont reposées (`tests/instantane.py`)."""

    dossier = Path()

    def __init__(self, enregistree: bool) -> None:
        self.enregistree = enregistree
        self._ouverte: list[Any] = []

    def ouvrir(self, django_db_blocker: Any) -> None:
        from django.db import transaction

        from tests.vidage import Vidage

        if self._ouverte:
            return
        deblocage = django_db_blocker.unblock()
        bloc = None if self.enregistree else transaction.atomic()
        self._ouverte = [deblocage, bloc]
        if bloc is not None:
            bloc.__enter__()
        charger_la_demo()
        Vidage.suspendu = self.enregistree

    def fermer(self) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.core.management import call_command
        from django.db import transaction

        from tests.vidage import Vidage

        if not self._ouverte:
            return
        deblocage, bloc = self._ouverte
        self._ouverte = []
        if bloc is not None:
            transaction.set_rollback(True)
            bloc.__exit__(None, None, None)
            # L'instantané posé avait remplacé les types de contenu : ceux d'avant reviennent avec leurs clés.
            ContentType.objects.clear_cache()
        else:
            Vidage.suspendu = False
            call_command("flush", verbosity=0, interactive=False)
        deblocage.__exit__(None, None, None)


def charger_la_demo() -> None:
    """La démonstration dans la transaction en cours, à l'instant des tests : la commande une fois par suite, ses
    lignes reposées ensuite (`tests/instantane.py`). Le chargement, ou l'attente de celui de l'autre processus, a son
    propre délai, puis le test qui l'a demandé le sien, entier."""
    from django.core.management import call_command
    from django.db import transaction

    from tests import instantane

    relancer_le_delai_du_test()
    with time_machine.travel(INSTANT_DES_TESTS, tick=False), transaction.atomic():
        instantane.charger(DemoPartagee.dossier, REFERENTIEL, lambda: call_command("demo", verbosity=0))
    relancer_le_delai_du_test()


PARTAGEES = {"demo": DemoPartagee(enregistree=False), "demo_en_base": DemoPartagee(enregistree=True)}
LECTEURS = pytest.StashKey[dict[str, set[Path]]]()
TEST_EN_COURS: list[pytest.Item] = []


def relancer_le_delai_du_test() -> None:
    """Un long préparatif partagé (base de test, démonstration) a son propre délai, puis le test qui l'a déclenché le
    sien, entier : sur une machine chargée, préparatif et test ensemble dépassaient le délai du test."""
    from tests.chien_de_garde import relancer_le_delai

    for item in TEST_EN_COURS:
        relancer_le_delai(item)


# La fixture de module par laquelle passe chaque lecture d'une démonstration partagée, directe ou par une autre fixture
# (`demo` passe par `demo_du_module`, comme `referentiel_reduit` du module de la sauvegarde).
OUVERTE_PAR = {"demo_du_module": "demo", "demo_en_base": "demo_en_base"}


def _charge_la_demo(module: list[pytest.Item]) -> bool:
    return any("charger_la_demo" in getattr(item, "fixturenames", ()) for item in module)


def _partagee_lue(module: list[pytest.Item]) -> str:
    """La démonstration partagée que lit le module ("" : aucune)."""
    noms = {OUVERTE_PAR[nom] for item in module for nom in getattr(item, "fixturenames", ()) if nom in OUVERTE_PAR}
    return min(noms, default="")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Avant les fixtures d'un test : une démonstration partagée n'est gardée que pour les modules qui la lisent."""
    TEST_EN_COURS[:] = [item]
    lecteurs = item.config.stash.get(LECTEURS, {})
    for nom, partagee in PARTAGEES.items():
        if item.path not in lecteurs.get(nom, set()):
            partagee.fermer()


def rendre_les_demos() -> None:
    for partagee in PARTAGEES.values():
        partagee.fermer()


@pytest.fixture(scope="session")
def demos_partagees(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, DemoPartagee]]:
    """Rendues en fin de suite, avant la suppression de la base de test (et avant l'arrêt du navigateur).
    L'instantané de la démonstration est commun aux processus de la suite (`tests/instantane.py`)."""
    from tests.instantane import dossier_de_la_suite

    DemoPartagee.dossier = dossier_de_la_suite(tmp_path_factory.getbasetemp())
    yield PARTAGEES
    rendre_les_demos()


@pytest.fixture(name="charger_la_demo")
def charger_la_demo_dans_le_test(demos_partagees: dict[str, DemoPartagee], db: None) -> Iterator[Callable[[], None]]:
    """`charger_la_demo`, pour un test qui charge la démonstration dans sa transaction (son module ne la lit pas
    partagée : ses autres tests veulent une base sans elle)."""
    from django.contrib.contenttypes.models import ContentType

    yield charger_la_demo
    # Annulée avec le test : des types de contenu posés par l'instantané, gardés par le processus, n'ont plus cours.
    ContentType.objects.clear_cache()


def ouvrir_pour_le_module(
    request: pytest.FixtureRequest, demos_partagees: dict[str, DemoPartagee], nom: str, django_db_blocker: object
) -> None:
    """Ouvre la démonstration partagée `nom` pour le module qui la demande, s'il est compté parmi ses lecteurs : sinon,
    elle serait rendue dès son test suivant (`pytest_runtest_setup`) et les suivants ne la trouveraient plus."""
    if request.path not in request.config.stash.get(LECTEURS, {}).get(nom, set()):
        pytest.fail(f"{request.path} lit la démonstration « {nom} » sans être compté parmi ses lecteurs (OUVERTE_PAR).")
    demos_partagees[nom].ouvrir(django_db_blocker)


@pytest.fixture(scope="module")
def demo_du_module(
    demos_partagees: dict[str, DemoPartagee], django_db_blocker: object, request: pytest.FixtureRequest
) -> None:
    """La démonstration en base pour ce module, à l'instant des tests, dans une transaction (voir `DemoPartagee`)."""
    ouvrir_pour_le_module(request, demos_partagees, "demo", django_db_blocker)


@pytest.fixture
def demo(demo_du_module: None, db: None) -> Iterator[None]:
    from django.db import transaction

    yield
    transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_en_base(
    demos_partagees: dict[str, DemoPartagee], django_db_blocker: object, request: pytest.FixtureRequest
) -> None:
    """La démonstration enregistrée pour de bon, pour des tests transactionnels qui ne font que la lire (voir
    `DemoPartagee`)."""
    ouvrir_pour_le_module(request, demos_partagees, "demo_en_base", django_db_blocker)
