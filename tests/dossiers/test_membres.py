"""Membres : décomptes, pluriprofessionnalité, majoration, doubles appartenances, import."""

import io

import pytest
from openpyxl import Workbook

from cpts.dossiers import membres
from cpts.dossiers.enums import Etape, Profession
from cpts.dossiers.models import Membre
from tests.dossiers.factories import CptsFactory, MembreFactory

pytestmark = pytest.mark.django_db


def test_les_membres_se_comptent_par_profession() -> None:
    cpts = CptsFactory()
    MembreFactory.create_batch(2, cpts=cpts)
    MembreFactory(cpts=cpts, infirmier=True, gouvernance=True)
    MembreFactory(cpts=cpts, structure_=True)
    decompte = membres.decompter(cpts)
    assert decompte.par_profession == [("Médecin généraliste", 2), ("Infirmier", 1)]
    assert (decompte.professionnels, decompte.structures, decompte.gouvernance, decompte.total) == (3, 1, 1, 4)
    assert decompte.pluriprofessionnelle


def test_des_generalistes_et_des_specialistes_restent_une_seule_profession() -> None:
    cpts = CptsFactory()
    MembreFactory(cpts=cpts)
    MembreFactory(cpts=cpts, profession=Profession.MEDECIN_SPECIALISTE)
    assert membres.refus_pluriprofessionnalite(cpts) == (
        "Les professionnels déclarés sont tous de la même profession (médecin) : une CPTS réunit plusieurs "
        "professions (pas de CPTS monoprofessionnelle, guide ARS Auvergne-Rhône-Alpes)."
    )


def test_une_participation_incertaine_ne_rend_pas_la_cpts_pluriprofessionnelle() -> None:
    cpts = CptsFactory()
    MembreFactory(cpts=cpts)
    MembreFactory(cpts=cpts, infirmier=True, adherent=False, participation_incertaine=True)
    assert not membres.decompter(cpts).pluriprofessionnelle


def test_cent_adherents_atteignent_le_seuil_de_la_majoration_de_taille_4() -> None:
    cpts = CptsFactory()
    MembreFactory.create_batch(99, cpts=cpts)
    MembreFactory(cpts=cpts, adherent=False)
    assert not membres.decompter(cpts).seuil_atteint
    MembreFactory(cpts=cpts, structure_=True)
    decompte = membres.decompter(cpts)
    assert (decompte.adherents, decompte.seuil_majoration, decompte.seuil_atteint) == (100, 100, True)


def test_un_professionnel_de_premier_recours_dans_deux_cpts_est_signale() -> None:
    autre = CptsFactory(nom="CPTS voisine")
    MembreFactory(cpts=autre, nom="Durand", prenom="Élise")
    cpts = CptsFactory()
    MembreFactory(cpts=cpts, nom="DURAND", prenom="Elise")
    (double,) = membres.doubles_appartenances(cpts)
    assert (double.autre_cpts, double.admise) == (autre, False)


def test_un_professionnel_de_second_recours_peut_etre_dans_deux_cpts() -> None:
    MembreFactory(cpts=CptsFactory(), rpps="10001234567", recours="second", nom="Martin")
    cpts = CptsFactory()
    MembreFactory(cpts=cpts, rpps="10001234567", recours="second", nom="Martin")
    (double,) = membres.doubles_appartenances(cpts)
    assert double.admise


def test_un_membre_d_une_cpts_abandonnee_n_est_pas_un_double() -> None:
    MembreFactory(cpts=CptsFactory(etape=Etape.ABANDONNE), nom="Durand")
    cpts = CptsFactory()
    MembreFactory(cpts=cpts, nom="Durand")
    assert membres.doubles_appartenances(cpts) == []


CSV_VALIDE = (
    "Type;Profession;Catégorie;Nom;Prénom;Lieu d'exercice;Structure;Gouvernance;Recours\r\n"
    "Professionnel de santé;Médecin généraliste;;Durand;Élise;Yzeron;MSP d'Yzeron;oui;premier\r\n"
    "professionnel;infirmier;;Petit;Louis;Duerne;;non;\r\n"
    "structure;;Établissement de santé (hôpital, clinique, maternité);Hôpital des Monts;;Saint-Martin;;oui;\r\n"
).encode()


def test_une_liste_de_membres_s_importe_depuis_un_csv() -> None:
    cpts = CptsFactory()
    importes = membres.importer(cpts, "membres.csv", CSV_VALIDE)
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
    membres.importer(cpts, "membres.xlsx", fichier.getvalue())
    assert cpts.membres.get().profession == Profession.SAGE_FEMME


def test_un_import_fautif_n_ecrit_rien_et_numerote_ses_erreurs() -> None:
    contenu = (
        "type;profession;nom;gouvernance\r\n"
        "professionnel;médecin généraliste;Durand;oui\r\n"
        "professionnel;sorcier;Merlin;oui\r\n"
        "professionnel;infirmier;;peut-être\r\n"
    ).encode()
    with pytest.raises(membres.ImportRefuse) as refus:
        membres.importer(CptsFactory(), "membres.csv", contenu)
    assert refus.value.messages == [
        "Ligne 3, profession : « sorcier » n'est pas dans la liste des professions.",
        "Ligne 4, nom : obligatoire.",
        "Ligne 4, gouvernance : « peut-être » n'est ni oui ni non.",
    ]
    assert not Membre.objects.exists()


def test_un_fichier_d_un_autre_format_est_refuse() -> None:
    with pytest.raises(membres.ImportRefuse, match="formats acceptés CSV"):
        membres.importer(CptsFactory(), "membres.pdf", b"%PDF")


def test_une_colonne_inconnue_est_refusee() -> None:
    with pytest.raises(membres.ImportRefuse, match="Ligne 1 : colonne « couleur » inconnue"):
        membres.importer(CptsFactory(), "membres.csv", b"type;nom;couleur\r\nstructure;X;bleu\r\n")


def test_un_xlsx_qui_declare_des_milliers_de_colonnes_vides_s_importe_sans_les_lire() -> None:
    """La dimension déclarée A1:XFD3000 (16 384 colonnes, 3 000 lignes) n'est pas crue : seules les bornes sont lues."""
    from tests.securite.hostiles import _xlsx

    contenu = _xlsx([["type", "profession", "nom"], ["professionnel", "infirmier", "Martin"]], "A1:XFD3000")
    assert [m.nom for m in membres.importer(CptsFactory(), "membres.xlsx", contenu)] == ["Martin"]


def test_un_csv_d_une_seule_colonne_est_refuse_en_francais() -> None:
    with pytest.raises(membres.ImportRefuse) as refus:
        membres.importer(CptsFactory(), "membres.csv", b"nom\nMartin\n")
    assert refus.value.messages == ["Ligne 1 : colonne « type » manquante."]


def test_un_csv_a_la_virgule_s_importe_aussi() -> None:
    contenu = b"type,profession,nom\nprofessionnel,infirmier,Martin\n"
    assert [m.nom for m in membres.importer(CptsFactory(), "membres.csv", contenu)] == ["Martin"]


def test_un_fichier_faux_de_bout_en_bout_montre_cinquante_erreurs_au_plus() -> None:
    contenu = ("type;nom\n" + "druide;Merlin\n" * 200).encode()
    with pytest.raises(membres.ImportRefuse) as refus:
        membres.importer(CptsFactory(), "membres.csv", contenu)
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
