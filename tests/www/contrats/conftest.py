from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def fichiers_dans_un_dossier_temporaire(settings: object, tmp_path: Path) -> Path:
    """Les PDF déposés pendant les tests vont dans un dossier jetable, jamais dans les données locales."""
    dossier = tmp_path / "fichiers"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": dossier}},
    }
    settings.MEDIA_ROOT = dossier
    return dossier


PDF_MINIMAL = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
