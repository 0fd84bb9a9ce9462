"""Le contenu d'une session, vérifié et décodé une fois par texte signé : chaque lecture reçoit des objets neufs, une
clé secrète changée ne reconnaît plus une session de l'ancienne, une session illisible n'est jamais gardée."""

from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import override_settings

from cpts.comptes.sessions import SessionStore, _decodee

CONTENU = {"_auth_user_id": "7", "composition": ["69123", "69266"], "nombre": 3}


@pytest.fixture(autouse=True)
def memoire_videe() -> None:
    _decodee.cache_clear()


def test_une_session_deja_lue_n_est_pas_reverifiee_et_reste_la_meme() -> None:
    texte = SessionStore().encode(CONTENU)
    SessionStore().decode(texte)
    with mock.patch.object(signing, "loads", wraps=signing.loads) as verifications:
        assert SessionStore().decode(texte) == CONTENU
    assert verifications.call_count == 0


def test_chaque_lecture_recoit_des_objets_neufs() -> None:
    texte = SessionStore().encode(CONTENU)
    premiere = SessionStore().decode(texte)
    premiere["composition"].append("75056")
    premiere["nombre"] = 4
    assert SessionStore().decode(texte) == CONTENU


def test_une_cle_secrete_changee_ne_reconnait_plus_une_session_deja_lue() -> None:
    texte = SessionStore().encode(CONTENU)
    assert SessionStore().decode(texte) == CONTENU
    with override_settings(SECRET_KEY="une-toute-autre-cle-secrete-de-cinquante-caracteres-au-moins"):
        assert SessionStore().decode(texte) == {}


def test_une_session_illisible_n_est_pas_gardee() -> None:
    texte = SessionStore().encode(CONTENU)
    falsifie = texte[:-3] + ("aaa" if not texte.endswith("aaa") else "bbb")
    assert SessionStore().decode(falsifie) == {}
    with mock.patch.object(signing, "loads", wraps=signing.loads) as verifications:
        assert SessionStore().decode(falsifie) == {}
    assert verifications.call_count == 1


@pytest.mark.django_db
def test_une_session_reecrite_se_relit_sans_reverifier_la_signature_que_ce_processus_vient_de_poser() -> None:
    session = SessionStore()
    session.update(CONTENU)
    session.create()
    session["composition"] = ["69123", "69266", "69256"]
    session.save()
    with mock.patch.object(signing, "loads", wraps=signing.loads) as verifications:
        assert SessionStore(session.session_key).load() == {**CONTENU, "composition": ["69123", "69266", "69256"]}
    assert verifications.call_count == 0


@pytest.mark.django_db
def test_le_texte_falsifie_d_une_session_reecrite_est_refuse() -> None:
    session = SessionStore()
    session.update(CONTENU)
    session.create()
    session["nombre"] = 4
    session.save()
    texte = Session.objects.get(session_key=session.session_key).session_data
    falsifie = texte[:-3] + ("aaa" if not texte.endswith("aaa") else "bbb")
    assert SessionStore().decode(texte) == {**CONTENU, "nombre": 4}
    assert SessionStore().decode(falsifie) == {}


def test_une_session_est_signee_sans_compression_et_une_session_compressee_se_relit_encore() -> None:
    texte = SessionStore().encode(CONTENU)
    assert not texte.startswith(".")
    assert signing.loads(texte, salt=SessionStore().key_salt) == CONTENU
    compressee = signing.dumps({**CONTENU, "composition": ["69123"] * 50}, salt=SessionStore().key_salt, compress=True)
    assert compressee.startswith(".")
    assert SessionStore().decode(compressee) == {**CONTENU, "composition": ["69123"] * 50}
