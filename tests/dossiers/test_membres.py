"""Membres : décomptes, pluriprofessionnalité, majoration, doubles appartenances."""

import pytest

from cpts.dossiers import membres
from cpts.dossiers.enums import Etape, Profession
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
