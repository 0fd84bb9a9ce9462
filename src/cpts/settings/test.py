from cpts.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Les fils du serveur des tests de bout en bout ferment leur connexion à la fin de chaque requête. Gardée ouverte
# (60 s en production), la connexion d'un fil qui sert une connexion HTTP gardée vivante par Chromium survit à la
# fermeture du navigateur le temps que le fil s'arrête : PostgreSQL refuse alors de supprimer la base de test en fin
# de suite (« being accessed by other users »). Le client de test de Django, lui, ne ferme jamais la connexion.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
