from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

from csp.constants import NONE, SELF

from cpts import bornes
from cpts.settings import environnement as env
from cpts.settings import oidc

PACKAGE_DIR = Path(__file__).resolve().parent.parent

ENVIRONNEMENT = env.environnement()
PRODUCTION = ENVIRONNEMENT == "production"
DATA_DIR = env.dossier_donnees()

SECRET_KEY = env.cle_secrete(ENVIRONNEMENT, DATA_DIR)
DEBUG = env.booleen("DEBUG", defaut=False)
if PRODUCTION and DEBUG:
    raise env.ConfigurationInvalide(
        "DEBUG=1 est interdit en production (il montrerait le code et les réglages à chaque erreur) : retirez DEBUG."
    )
ALLOWED_HOSTS = env.liste("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise env.ConfigurationInvalide(
        "ALLOWED_HOSTS est obligatoire en production : indiquez les noms de domaine séparés par des virgules."
    )
CSRF_TRUSTED_ORIGINS = env.liste("CSRF_TRUSTED_ORIGINS", [])

DATABASES = {"default": env.base_de_donnees(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "dsfr",
    "widget_tweaks",  # les gabarits de champs de django-dsfr (cases à cocher, boutons radio) s'en servent
    "django_htmx",
    "js_lib_htmx",
    "simple_history",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "cpts.comptes",
    "cpts.notifications",
    "cpts.territoires",
    "cpts.dossiers",
    "cpts.financement",
    "cpts.commission",
    "cpts.contrats",
    "cpts.pilotage",
    "cpts.portefeuille",
    "cpts.diagnostic",
    "cpts.comptabilite",
    "cpts.travaux",
    "cpts.demo",
    "cpts.exploitation",
    "cpts.bench",
    "cpts.api",
    "ninja",
    "cpts.www",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Avant tout ce qui lit la base (session, utilisateur) ; après whitenoise, qui sert les styles de la page 503.
    "cpts.www.maintenance.maintenance",
    "cpts.www.middleware.uniformiser_les_erreurs",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cpts.www.middleware.controler_les_entrees",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cpts.www.cache.pas_de_cache_pour_un_utilisateur_connecte",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # En dernier, comme le demande django-axes : il voit les tentatives de connexion échouées.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cpts.urls"
# Corps bornés (section « Limites » du README) ; un dépassement est un 413 en français (`cpts.www.erreurs`).
DATA_UPLOAD_MAX_MEMORY_SIZE = bornes.CORPS_MAX
FILE_UPLOAD_MAX_MEMORY_SIZE = bornes.CORPS_MAX
DATA_UPLOAD_MAX_NUMBER_FIELDS = bornes.CHAMPS_MAX
DATA_UPLOAD_MAX_NUMBER_FILES = bornes.FICHIERS_MAX
CSRF_FAILURE_VIEW = "cpts.www.erreurs.echec_csrf"
WSGI_APPLICATION = "cpts.wsgi.application"

# Le rendu DSFR des formulaires, construit une fois par processus (voir cpts.www.rendu).
FORM_RENDERER = "cpts.www.rendu.RenduDsfr"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cpts.www.context_processors.navigation",
            ],
            # cpts_composition sans `{% load %}` : la ligne de chargement ajouterait un blanc en tête du fragment de
            # composition, que ses balises écrivent au caractère près comme les gabarits qu'elles remplacent.
            "builtins": ["cpts.www.templatetags.cpts_format", "cpts.www.templatetags.cpts_composition"],
        },
    }
]

AUTH_USER_MODEL = "comptes.Utilisateur"
# Le moteur de Django, l'utilisateur de chaque page lu par une requête préparée (cpts.comptes.authentification).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "cpts.comptes.authentification.MoteurComptes"]
# Connexions : 5 échecs pour un même identifiant depuis une même adresse, puis 15 minutes d'attente.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/verrouille.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "accueil"
# Connexion par ProConnect ou Pro Santé Connect (README, « Connexion par OpenID Connect ») : aucune par défaut.
OIDC_FOURNISSEURS = oidc.fournisseurs()
# Durée de validité d'un lien d'invitation (choisie le 30/11/2026 : une semaine pour ouvrir son courriel et répondre).
INVITATION_DUREE = timedelta(days=7)
# Secret statistique du diagnostic territorial : aucune valeur fondée sur moins de N personnes (11 par défaut).
CPTS_SEUIL_SECRET = env.entier("CPTS_SEUIL_SECRET", 11)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Les sessions en base, lues par une requête préparée (cpts.comptes.sessions).
SESSION_ENGINE = "cpts.comptes.sessions"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cpts.formats"]

STATIC_URL = "/static/"
# Leaflet vient des fichiers statiques du paquet django-leaflet, sans installer l'application elle-même
# (elle exige GeoDjango et GDAL, inutiles ici : nos contours sont dessinés depuis notre propre base).
STATICFILES_DIRS = [Path(find_spec("leaflet").submodule_search_locations[0]) / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "fichiers"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# En local, whitenoise sert les fichiers statiques depuis les applications : pas de collectstatic à lancer.
WHITENOISE_USE_FINDERS = not PRODUCTION
# Les fichiers déposés (contrats signés…) restent hors de la racine web : servis par une vue qui vérifie les droits.
MEDIA_ROOT = DATA_DIR / "fichiers"
# Drapeau du mode maintenance et verrou des requêtes en cours (cpts.exploitation.maintenance) : un dossier que tous
# les processus du serveur voient, comme les fichiers déposés.
MAINTENANCE_DIR = DATA_DIR

# Courriels : SMTP en production (et partout où EMAIL_HOST est donné), la console sinon. Ils partent du
# travailleur (`cpts travailleur`), jamais pendant une requête. Voir le tableau des réglages du README.
EMAIL_HOST = env.texte("EMAIL_HOST", "localhost")
EMAIL_PORT = env.entier("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.texte("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.texte("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.booleen("EMAIL_USE_TLS", defaut=False)
EMAIL_USE_SSL = env.booleen("EMAIL_USE_SSL", defaut=False)
EMAIL_TIMEOUT = env.entier("EMAIL_TIMEOUT", 30)
EMAIL_BACKEND = env.texte(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION or env.defini("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.texte("DEFAULT_FROM_EMAIL", "Pilotage CPTS <ne-pas-repondre@pilotage-cpts.localhost>")
# L'adresse publique de la plateforme, pour les liens des courriels (écrits hors de toute requête) ; en production,
# par défaut le premier nom de ALLOWED_HOSTS en HTTPS.
CPTS_URL_PUBLIQUE = env.texte(
    "CPTS_URL_PUBLIQUE", f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")

# Travaux de fond : une file dans la base du projet (django-tasks, moteur « base de données »), vidée par
# `cpts travailleur`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Un travail « en cours » dont le travailleur ne donne plus signe de vie depuis ce nombre de secondes est déclaré
# abandonné (travailleur arrêté net) et passe en échec (`cpts.travaux.services`). Le travailleur en donne six fois
# par délai : deux minutes laissent passer un processus ralenti par une machine chargée sans laisser l'agent
# attendre devant une barre de progression figée.
TRAVAUX_SILENCE_MAX = env.entier("CPTS_TRAVAUX_SILENCE_MAX", 120)
if TRAVAUX_SILENCE_MAX <= 0:
    raise env.ConfigurationInvalide(
        f"CPTS_TRAVAUX_SILENCE_MAX vaut « {TRAVAUX_SILENCE_MAX} » : indiquez un nombre de secondes positif."
    )

# L'organisme qui exploite la plateforme (une ARS, une CPAM…) : mentions légales, déclaration d'accessibilité et
# page des données personnelles le nomment. Une valeur absente est affichée « à renseigner par l'exploitant ».
CPTS_EXPLOITANT = {
    "nom": env.texte("CPTS_EXPLOITANT_NOM"),
    "adresse": env.texte("CPTS_EXPLOITANT_ADRESSE"),
    "directeur_publication": env.texte("CPTS_DIRECTEUR_PUBLICATION"),
    "hebergeur": env.texte("CPTS_HEBERGEUR"),
    "contact": env.texte("CPTS_CONTACT"),
    "delegue_protection_donnees": env.texte("CPTS_DPO"),
}

# Aucun script ni style en ligne : tout vient de nos fichiers statiques (pas de CDN, pas d'unsafe-inline).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # La déconnexion (formulaire) se termine chez le fournisseur d'identité : il doit être une destination permise.
        "form-action": [SELF, *oidc.origines(OIDC_FOURNISSEURS)],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

DSFR_USE_INTEGRITY_CHECKSUMS = True
DSFR_MARK_OPTIONAL_FIELDS = True
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.booleen("SECURE_SSL_REDIRECT", defaut=True)
    # La sonde du répartiteur de charge interroge souvent le serveur en HTTP simple : pas de redirection pour elle.
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
