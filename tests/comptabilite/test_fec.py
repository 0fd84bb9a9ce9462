"""Import d'un fichier des écritures comptables (FEC) : un fichier réaliste donne les comptes de l'exercice ; chaque
refus (encodage, colonnes, dates, écritures hors de l'exercice, déséquilibre, taille, compte sans correspondance)
nomme la ligne et le champ, et rien n'est écrit."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cpts.comptabilite import services
from cpts.comptabilite.enums import Source
from cpts.comptabilite.models import Correspondance, Exercice
from cpts.regles.comptabilite import fec as regles_fec
from cpts.regles.comptabilite.fec import COLONNES, FecRefuse, lire
from cpts.regles.comptabilite.parametres import correspondance_par_defaut
from tests.comptabilite import fec
from tests.comptabilite.factories import ExerciceFactory
from tests.comptes.factories import UtilisateurFactory

D = Decimal
MISSIONS = ["fonctionnement", "acces", "parcours", "prevention", "crise", "qualite", "accompagnement"]


def _lire(contenu: bytes, annee: int = 2025) -> regles_fec.Import:
    return lire(contenu, annee, correspondance_par_defaut().prefixes, MISSIONS)


def _refus(contenu: bytes, annee: int = 2025) -> list[str]:
    with pytest.raises(FecRefuse) as refus:
        _lire(contenu, annee)
    return refus.value.erreurs


def test_un_fec_realiste_donne_les_produits_et_les_charges_par_poste_et_par_mission() -> None:
    lu = _lire(fec.fichier())
    lignes = {(x.poste, x.mission): x.montant for x in lu.lignes}

    assert lignes[("aci", "acces")] == D("52500.00")
    assert lignes[("aci", "fonctionnement")] == D("45000.00")
    assert lignes[("fir", "fonctionnement")] == D("15000.00")
    assert lignes[("personnel", "fonctionnement")] == D("4550.50")
    assert lignes[("personnel", "parcours")] == D("3200.00")
    assert lignes[("indemnites", "parcours")] == D("4500.00")
    assert lignes[("numerique", "acces")] == D("2400.00")
    assert lignes[("locaux", "fonctionnement")] == D("6000.00")
    assert lu.reserves_ouverture == D("60000.00")


def test_le_rapport_d_import_dit_ce_qui_n_est_pas_repris() -> None:
    rapport = _lire(fec.fichier()).rapport

    assert rapport[0] == "28 lignes lues, 13 écritures équilibrées."
    assert "14 lignes de comptes de bilan (classes 1 à 5) non reprises, hors réserves à l'ouverture." in rapport
    assert "2 lignes de classe 8 (contributions volontaires en nature) non reprises." in rapport


def test_le_separateur_barre_verticale_et_l_encodage_iso_8859_15_sont_acceptes() -> None:
    attendu = _lire(fec.fichier()).lignes

    assert _lire(fec.fichier(separateur="|", encodage="iso-8859-15")).lignes == attendu


def test_un_fichier_utf_16_est_refuse() -> None:
    assert _refus(fec.fichier(encodage="utf-16")) == [
        "Encodage refusé : le fichier semble en UTF-16 ou binaire ; UTF-8 ou ISO-8859-15 attendu."
    ]


def test_un_fichier_windows_1252_est_refuse_en_nommant_la_ligne() -> None:
    ecritures = fec.avec(fec.ecritures(), 7, libelle="Loyer du local \u2019janvier\u2019")

    (erreur,) = _refus(fec.fichier(ecritures, encodage="cp1252"))

    assert erreur.startswith("Ligne 18 : encodage refusé, caractère 0x92 illisible")


def test_un_en_tete_sans_les_dix_huit_colonnes_est_refuse() -> None:
    assert _refus(fec.fichier(entete=COLONNES[:17])) == [
        "Ligne 1 : 18 colonnes attendues (JournalCode … Idevise), 17 lues."
    ]


def test_une_colonne_mal_nommee_est_refusee_en_nommant_son_rang() -> None:
    entete = list(COLONNES)
    entete[4] = "Compte"

    assert _refus(fec.fichier(entete=entete)) == ["Ligne 1, colonne 5 : « CompteNum » attendue, « Compte » lue."]


def test_une_date_illisible_est_refusee_en_nommant_la_ligne_et_le_champ() -> None:
    ecritures = fec.avec(fec.ecritures(), 1, date="15/02/2025")

    erreurs = _refus(fec.fichier(ecritures))

    assert "Ligne 4, EcritureDate : date AAAAMMJJ attendue, « 15/02/2025 » lu." in erreurs


def test_une_ecriture_hors_de_l_exercice_est_refusee() -> None:
    ecritures = fec.avec(fec.ecritures(), 7, date="20260105")

    erreurs = _refus(fec.fichier(ecritures))

    assert erreurs == [
        "Ligne 18, EcritureDate : écriture du 05/01/2026, hors de l'exercice 2025 (01/01/2025 au 31/12/2025).",
        "Ligne 19, EcritureDate : écriture du 05/01/2026, hors de l'exercice 2025 (01/01/2025 au 31/12/2025).",
    ]


def test_une_ecriture_desequilibree_est_refusee_avec_ses_lignes() -> None:
    ecritures = fec.ecritures()
    loyer = ecritures[7]
    ecritures = fec.avec(
        ecritures, 7, mouvements=[loyer.mouvements[0], fec._m("401000", "Fournisseurs", credit="5000")]
    )

    assert _refus(fec.fichier(ecritures)) == [
        "Écriture AC1 du journal AC (lignes 18, 19) non équilibrée : débit 6000.00, crédit 5000.00."
    ]


def test_un_montant_negatif_est_refuse_en_nommant_le_champ() -> None:
    ecritures = fec.avec(
        fec.ecritures(), 7, mouvements=[fec._m("613200", "Loyer", debit="-6000"), fec._m("401000", "F", credit="0")]
    )

    assert "Ligne 18, Debit : montant positif attendu, « -6000,00 » lu." in _refus(fec.fichier(ecritures))


def test_un_fichier_au_dela_de_la_taille_documentee_est_refuse() -> None:
    (erreur,) = _refus(fec.fichier() + b" " * regles_fec.TAILLE_MAX_OCTETS)

    assert erreur.startswith("Fichier trop volumineux")


def test_un_fichier_de_plus_de_lignes_que_la_limite_documentee_est_refuse() -> None:
    entete = "\t".join(COLONNES)
    ligne = "\t".join(["OD", "", "1", "20250101", "512", "", "", "", "", "", "", "0", "0", "", "", "", "", ""])

    (erreur,) = _refus("\n".join([entete, *[ligne] * (regles_fec.LIGNES_MAX + 1)]).encode())

    assert erreur == f"Fichier trop long : {regles_fec.LIGNES_MAX + 1} lignes d'écritures pour 50000 au plus."


def test_un_compte_de_resultat_sans_correspondance_figure_au_rapport_ligne_par_ligne() -> None:
    ecritures = [
        *fec.ecritures(),
        fec.Ecriture(
            "OD",
            "OD9",
            "20251231",
            "Transfert de charges",
            [
                fec._m("791000", "Transferts de charges", credit="300.00"),
                fec._m("467000", "Divers", debit="300.00"),
            ],
        ),
    ]

    assert _refus(fec.fichier(ecritures)) == [
        "Ligne 30, CompteNum : le compte 791000 n'a pas de correspondance dans le plan des comptes annuels ; "
        "ajoutez-la dans la correspondance des comptes."
    ]


# Par le service : tout ou rien, et la correspondance propre de la CPTS


@pytest.fixture
def brouillon(db: None) -> Exercice:
    return ExerciceFactory(lignes={("aci", "fonctionnement"): "1.00"})


def _coordinateur(exercice: Exercice) -> object:
    return UtilisateurFactory(cpts=[exercice.cpts])


def test_un_fec_importe_remplace_les_lignes_et_les_reserves_et_garde_le_rapport(brouillon: Exercice) -> None:
    services.importer_fec(brouillon, _coordinateur(brouillon), fec.fichier())

    brouillon.refresh_from_db()
    assert brouillon.source == Source.FEC
    assert brouillon.lignes.count() == 11
    assert (brouillon.reserves_ouverture, brouillon.reserves_cloture) == (D("60000.00"), D("175349.50"))
    assert brouillon.rapport_import.startswith("28 lignes lues")


def test_un_fec_refuse_n_ecrit_rien(brouillon: Exercice) -> None:
    ecritures = fec.avec(fec.ecritures(), 7, date="20240105")

    with pytest.raises(ValidationError) as refus:
        services.importer_fec(brouillon, _coordinateur(brouillon), fec.fichier(ecritures))

    assert "hors de l'exercice 2025" in refus.value.message_dict["fichier"][0]
    brouillon.refresh_from_db()
    assert [(x.poste, x.montant) for x in brouillon.lignes.all()] == [("aci", D("1.00"))]
    assert brouillon.source == Source.SAISIE


def test_la_correspondance_propre_de_la_cpts_passe_avant_celle_par_defaut(brouillon: Exercice) -> None:
    Correspondance.objects.create(cpts=brouillon.cpts, prefixe="6135", poste="autre_charge")

    services.importer_fec(brouillon, _coordinateur(brouillon), fec.fichier())

    assert brouillon.lignes.filter(poste="autre_charge", mission="acces").get().montant == D("2400.00")
    assert not brouillon.lignes.filter(poste="numerique").exists()
