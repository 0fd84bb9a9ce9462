"""Le vidage de la base à la fin d'un test transactionnel (voir `referentiel_garde_par_les_tests_transactionnels`
dans `tests/conftest.py`) laisse le référentiel tel que son import l'a écrit aux tests suivants du processus."""

from django.core.management import call_command

from cpts.diagnostic.models import Surface


def test_le_vidage_d_un_test_transactionnel_garde_les_superficies_calculees_par_l_import_des_communes(
    communes: None,
) -> None:
    superficies = Surface.objects.count()
    assert superficies > 0  # calculées par l'import des communes de la base de test

    # Comme Django à la fin d'un test transactionnel, dans la transaction de ce test-ci, annulée ensuite.
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=True)

    assert Surface.objects.count() == superficies
