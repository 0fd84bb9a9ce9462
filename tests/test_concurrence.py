"""Le verrouillage optimiste : la révision compte les enregistrements ; une révision lue périmée est un conflit qui
dit qui a modifié l'objet, quand, et ce qui a changé."""

import datetime
import zoneinfo

import pytest
from django.db import transaction

from cpts.concurrence import ModificationConcurrente, verrouiller
from cpts.dossiers.models import Cpts
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory, DocumentFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _modifier_par_une_autre_personne(cpts: Cpts, **champs: object) -> None:
    """Une autre personne enregistre la fiche le 23/11/2026 à 14:02, heure de Paris."""
    autre = Cpts.objects.get(pk=cpts.pk)
    for champ, valeur in champs.items():
        setattr(autre, champ, valeur)
    autre._history_user = UtilisateurFactory(first_name="Camille", last_name="Martin")
    autre._history_date = datetime.datetime(2026, 11, 23, 14, 2, tzinfo=PARIS)
    autre.save()


def _conflit(objet: Cpts, revision_lue: int | None) -> ModificationConcurrente:
    with pytest.raises(ModificationConcurrente) as conflit, transaction.atomic():
        verrouiller(objet, revision_lue)
    return conflit.value


def test_une_fiche_creee_est_a_la_revision_1_et_chaque_enregistrement_l_augmente() -> None:
    cpts = CptsFactory()
    assert cpts.revision == 1
    cpts.save()
    cpts.save(update_fields=["nom"])
    cpts.refresh_from_db()
    assert cpts.revision == 3


def test_la_revision_lue_encore_a_jour_laisse_enregistrer() -> None:
    cpts = CptsFactory()
    with transaction.atomic():
        verrouiller(cpts, 1)
        cpts.association_nom = "Association des Monts"
        cpts.save()
    cpts.refresh_from_db()
    assert (cpts.association_nom, cpts.revision) == ("Association des Monts", 2)


def test_le_conflit_dit_qui_a_modifie_la_fiche_et_quand() -> None:
    lue = CptsFactory()
    _modifier_par_une_autre_personne(lue, association_nom="Autre nom")
    assert _conflit(lue, 1).message == (
        "Cette fiche a été modifiée par Camille Martin le 23/11/2026 à 14:02 pendant que vous la modifiiez : vos "
        "changements n'ont pas été enregistrés. Vérifiez la version actuelle puis enregistrez à nouveau."
    )


def test_le_conflit_s_accorde_au_genre_de_l_objet() -> None:
    document = DocumentFactory()
    autre = type(document).objects.get(pk=document.pk)
    autre.save()
    assert _conflit(document, 1).message.startswith("Ce brouillon a été modifié le ")
    assert "pendant que vous le modifiiez" in _conflit(document, 1).message


def test_le_conflit_nomme_les_champs_changes_et_donne_la_revision_actuelle() -> None:
    lue = CptsFactory()
    _modifier_par_une_autre_personne(lue, association_nom="Autre nom", contact_telephone="04 78 00 00 00")
    conflit = _conflit(lue, 1)
    assert sorted(conflit.details) == [
        "Modifié entre-temps : nom de l'association",
        "Modifié entre-temps : téléphone de contact",
    ]
    assert conflit.revision == 2


@pytest.mark.parametrize("revision_lue", [None, 0, -1, 99, 2**80])
def test_une_revision_absente_ou_inventee_est_un_conflit(revision_lue: int | None) -> None:
    cpts = CptsFactory()
    _modifier_par_une_autre_personne(cpts, association_nom="Autre nom")
    cpts.refresh_from_db()
    assert _conflit(cpts, revision_lue).revision == 2


def test_un_objet_relu_avant_la_derniere_modification_ne_s_enregistre_pas_meme_avec_la_bonne_revision() -> None:
    # Enregistrer l'objet en mémoire écraserait ce que l'autre personne vient d'écrire.
    en_memoire = CptsFactory()
    _modifier_par_une_autre_personne(en_memoire, association_nom="Autre nom")
    assert _conflit(en_memoire, 2).revision == 2
