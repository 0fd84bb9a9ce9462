"""Les enveloppes conditionnelles sont des choix du contrat : rien n'est dû sans elles, chacune
court de sa propre date, et un montant non vérifié au texte le dit."""

from datetime import date
from decimal import Decimal

import pytest

from cpts.regles import Contrat, EntreeInvalide, echeancier, montants_annuels

ACI_2019 = date(2021, 6, 1)
AVENANT_2 = date(2023, 1, 1)


def volets(financement_lignes: object) -> set[tuple[str, str]]:
    return {(ligne.mission, ligne.volet) for ligne in financement_lignes}  # type: ignore[attr-defined]


def test_les_enveloppes_soins_non_programmes_ne_sont_pas_dues_sans_etre_choisies() -> None:
    financement = montants_annuels(ACI_2019, 1, ["acces"])

    assert ("acces", "snp_compensation") not in volets(financement.lignes)
    assert ("acces", "snp_regulation") not in volets(financement.lignes)
    assert financement.total == Decimal("80000.00")


def test_chaque_enveloppe_choisie_est_comptee_seule() -> None:
    financement = montants_annuels(ACI_2019, 1, ["acces"], options=["snp-compensation"])

    assert ("acces", "snp_compensation") in volets(financement.lignes)
    assert ("acces", "snp_regulation") not in volets(financement.lignes)
    assert financement.options == ("snp-compensation",)


def test_une_option_inconnue_est_refusee_en_nommant_les_codes_permis() -> None:
    with pytest.raises(EntreeInvalide, match=r"option « snp » inconnue \(snp-compensation, snp-regulation"):
        montants_annuels(ACI_2019, 1, ["acces"], options=["snp"])


def test_le_fonctionnement_additionnel_choisi_est_compte_et_signale_non_verifie() -> None:
    financement = montants_annuels(AVENANT_2, 1, ["acces"], options=["fonctionnement-additionnel"])

    fonctionnement = sum(ligne.montant for ligne in financement.lignes if ligne.mission == "fonctionnement")
    assert fonctionnement == Decimal("87500.00")
    assert any(phrase.startswith("Montant non vérifié au texte") for phrase in financement.avertissements)


def test_une_option_que_le_texte_ignore_est_sans_effet_et_le_dit() -> None:
    financement = montants_annuels(AVENANT_2, 1, ["acces"], options=["snp-regulation"])

    assert ("acces", "snp_regulation") not in volets(financement.lignes)
    assert any("snp-regulation" in phrase and "sans effet" in phrase for phrase in financement.avertissements)


def test_une_enveloppe_du_contrat_court_de_la_date_de_son_ouverture() -> None:
    # Année 1 du 01/06/2021 au 01/06/2022 : compensation ouverte le 01/12/2021, 182 jours sur 365
    contrat = Contrat(ACI_2019, 1, {"acces": ACI_2019}, options={"snp-compensation": date(2021, 12, 1)})

    avances = [v for v in echeancier(contrat) if v.volet == "snp_compensation" and v.nature == "avance"]

    assert (avances[0].annee_contrat, avances[0].du_le, avances[0].base) == (1, date(2021, 12, 1), Decimal("4986.30"))


def test_une_enveloppe_ouverte_avant_la_signature_est_refusee() -> None:
    contrat = Contrat(ACI_2019, 1, {"acces": ACI_2019}, options={"snp-compensation": date(2021, 1, 1)})

    with pytest.raises(EntreeInvalide, match="ouverte le 01/01/2021, avant la signature du 01/06/2021"):
        echeancier(contrat)


def test_le_fonctionnement_additionnel_d_un_contrat_de_2021_commence_avec_sa_premiere_annee_sous_l_avenant_2() -> None:
    contrat = Contrat(ACI_2019, 1, {}, options={"fonctionnement-additionnel": ACI_2019})

    additionnels = [(v.annee_contrat, v.montant, v.verifie) for v in echeancier(contrat) if v.volet == "additionnel"]

    assert additionnels[0] == (2, Decimal("37500.00"), False)
