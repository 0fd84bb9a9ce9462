"""Import d'une liste de membres : CSV et XLSX, tout ou rien, erreurs numérotées par ligne."""

import io

import pytest
from openpyxl import Workbook

from cpts.dossiers import import_membres
from cpts.dossiers.enums import Profession
from cpts.dossiers.models import Membre
from tests.dossiers.factories import CptsFactory, MembreFactory

pytestmark = pytest.mark.django_db


CSV_VALIDE = (
    "Type;Profession;Catégorie;Nom;Prénom;Lieu d'exercice;Structure;Gouvernance;Recours\r\n"
    "Professionnel de santé;Médecin généraliste;;Durand;Élise;Yzeron;MSP d'Yzeron;oui;premier\r\n"
    "professionnel;infirmier;;Petit;Louis;Duerne;;non;\r\n"
    "structure;;Établissement de santé (hôpital, clinique, maternité);Hôpital des Monts;;Saint-Martin;;oui;\r\n"
).encode()


def test_une_liste_de_membres_s_importe_depuis_un_csv() -> None:
    cpts = CptsFactory()
    importes = import_membres.importer(cpts, "membres.csv", CSV_VALIDE)
    assert [str(m) for m in importes] == ["Élise Durand", "Louis Petit", "Hôpital des Monts"]
    assert cpts.membres.get(nom="Petit").recours == "premier"
    assert cpts.membres.get(nom="Hôpital des Monts").gouvernance


def test_une_liste_de_membres_s_importe_depuis_un_xlsx() -> None:
    classeur = Workbook()
    classeur.active.append(["type", "profession", "nom", "prénom", "recours"])
    classeur.active.append(["professionnel", "Sage-femme", "Lenoir", "Anne", "second"])
    fichier = io.BytesIO()
    classeur.save(fichier)
    cpts = CptsFactory()
    import_membres.importer(cpts, "membres.xlsx", fichier.getvalue())
    assert cpts.membres.get().profession == Profession.SAGE_FEMME


def test_un_import_fautif_n_ecrit_rien_et_numerote_ses_erreurs() -> None:
    contenu = (
        "type;profession;nom;gouvernance\r\n"
        "professionnel;médecin généraliste;Durand;oui\r\n"
        "professionnel;sorcier;Merlin;oui\r\n"
        "professionnel;infirmier;;peut-être\r\n"
    ).encode()
    with pytest.raises(import_membres.ImportRefuse) as refus:
        import_membres.importer(CptsFactory(), "membres.csv", contenu)
    assert refus.value.messages == [
        "Ligne 3, profession : « sorcier » n'est pas dans la liste des professions.",
        "Ligne 4, nom : obligatoire.",
        "Ligne 4, gouvernance : « peut-être » n'est ni oui ni non.",
    ]
    assert not Membre.objects.exists()


def test_un_fichier_d_un_autre_format_est_refuse() -> None:
    with pytest.raises(import_membres.ImportRefuse, match="formats acceptés CSV"):
        import_membres.importer(CptsFactory(), "membres.pdf", b"%PDF")


def test_une_colonne_inconnue_est_refusee() -> None:
    with pytest.raises(import_membres.ImportRefuse, match="Ligne 1 : colonne « couleur » inconnue"):
        import_membres.importer(CptsFactory(), "membres.csv", b"type;nom;couleur\r\nstructure;X;bleu\r\n")


def test_un_xlsx_qui_declare_des_milliers_de_colonnes_vides_s_importe_sans_les_lire() -> None:
    """La dimension déclarée A1:XFD3000 (16 384 colonnes, 3 000 lignes) n'est pas crue : seules les bornes sont lues."""
    from tests.securite.hostiles import _xlsx

    contenu = _xlsx([["type", "profession", "nom"], ["professionnel", "infirmier", "Martin"]], "A1:XFD3000")
    assert [m.nom for m in import_membres.importer(CptsFactory(), "membres.xlsx", contenu)] == ["Martin"]


def test_un_csv_d_une_seule_colonne_est_refuse_en_francais() -> None:
    with pytest.raises(import_membres.ImportRefuse) as refus:
        import_membres.importer(CptsFactory(), "membres.csv", b"nom\nMartin\n")
    assert refus.value.messages == ["Ligne 1 : colonne « type » manquante."]


def test_un_csv_a_la_virgule_s_importe_aussi() -> None:
    contenu = b"type,profession,nom\nprofessionnel,infirmier,Martin\n"
    assert [m.nom for m in import_membres.importer(CptsFactory(), "membres.csv", contenu)] == ["Martin"]


def test_un_fichier_faux_de_bout_en_bout_montre_cinquante_erreurs_au_plus() -> None:
    contenu = ("type;nom\n" + "druide;Merlin\n" * 200).encode()
    with pytest.raises(import_membres.ImportRefuse) as refus:
        import_membres.importer(CptsFactory(), "membres.csv", contenu)
    assert len(refus.value.messages) == 51
    assert refus.value.messages[-1] == "… et 150 autres erreurs."


def test_la_fiche_des_membres_les_montre_cent_par_cent(client: object) -> None:
    from tests.comptes.factories import UtilisateurFactory

    cpts = CptsFactory()
    MembreFactory.create_batch(101, cpts=cpts)
    client.force_login(UtilisateurFactory())
    premiere = client.get(f"/cpts/{cpts.pk}/membres/")
    seconde = client.get(f"/cpts/{cpts.pk}/membres/?page=2")
    assert len(premiere.context["membres"]) == 100
    assert len(seconde.context["membres"]) == 1
    assert "fr-pagination" in premiere.content.decode()
