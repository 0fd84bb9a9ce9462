from cpts.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Les fils du serveur des tests de bout en bout ferment leur connexion à la fin de chaque requête (60 s en
# production) : aucune connexion ne reste ouverte sur la base de test après la requête qui l'a ouverte. Le client de
# test de Django, lui, ne ferme jamais la connexion du test.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
