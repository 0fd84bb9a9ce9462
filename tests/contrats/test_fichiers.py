"""Un PDF déposé : son contenu fait foi (signature %PDF-), pas son nom ; la taille est bornée."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cpts.contrats import fichiers
from tests.contrats.factories import PDF_MINIMAL


def test_un_pdf_est_accepte_quel_que_soit_son_nom() -> None:
    fichiers.valider_pdf(SimpleUploadedFile("contrat signé.bin", PDF_MINIMAL, content_type="application/octet-stream"))


@pytest.mark.parametrize(
    "contenu",
    [b"PK\x03\x04 un docx", b"<script>alert(1)</script>", b" %PDF-1.4 decale", b"\x89PNG\r\n"],
)
def test_un_fichier_qui_n_est_pas_un_pdf_est_refuse_meme_nomme_pdf(contenu: bytes) -> None:
    with pytest.raises(ValidationError, match="n'est pas un PDF"):
        fichiers.valider_pdf(SimpleUploadedFile("contrat.pdf", contenu, content_type="application/pdf"))


def test_un_fichier_vide_est_refuse() -> None:
    with pytest.raises(ValidationError, match="est vide"):
        fichiers.valider_pdf(SimpleUploadedFile("contrat.pdf", b"", content_type="application/pdf"))


def test_un_pdf_trop_lourd_est_refuse(settings: object) -> None:
    lourd = SimpleUploadedFile("contrat.pdf", PDF_MINIMAL + b"0" * fichiers.TAILLE_MAX)
    with pytest.raises(ValidationError, match="dépasse la taille permise"):
        fichiers.valider_pdf(lourd)
