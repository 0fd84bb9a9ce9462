"""Les entrées hostiles du catalogue (`tests.securite.hostiles`), chacune envoyée à la plateforme : un refus en
français, jamais d'erreur serveur, aucune ligne ni aucun fichier écrit."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cpts.dossiers.models import Cpts
from tests.securite.hostiles import Cas, en_francais, tous_les_cas
from tests.securite.monde import DEDANS, Monde
from tests.securite.requetes import empreinte

pytestmark = pytest.mark.django_db

CAS = tous_les_cas()


def _fichiers() -> set[Path]:
    return {chemin for chemin in Path(settings.MEDIA_ROOT).rglob("*") if chemin.is_file()}


def test_le_catalogue_compte_au_moins_deux_cents_entrees_hostiles() -> None:
    assert len(CAS) >= 200
    assert len({cas.nom for cas in CAS}) == len(CAS), "Deux cas du catalogue portent le même nom."


@pytest.mark.parametrize("cas", CAS, ids=[cas.nom for cas in CAS])
def test_l_entree_hostile_est_refusee_en_francais_sans_rien_ecrire(
    cas: Cas, monde: tuple[Monde, dict[str, str]]
) -> None:
    objets, sessions = monde
    lignes, fichiers = empreinte(), _fichiers()
    reponse = cas.envoyer(objets, sessions)
    assert reponse.statut in cas.statuts, (
        f"{cas.nom} : statut {reponse.statut}, attendu {cas.statuts} — {reponse.texte[:400]}"
    )
    assert en_francais(reponse.texte), f"{cas.nom} : message hors du français — {reponse.texte[:400]}"
    assert cas.attendu in reponse.texte, f"{cas.nom} : « {cas.attendu} » absent de — {reponse.texte[:600]}"
    assert empreinte() == lignes, f"{cas.nom} : une ligne a été écrite"
    assert _fichiers() == fichiers, f"{cas.nom} : un fichier a été écrit"


NOM_PIEGE = 'CPTS "du Pilat"\r\nSet-Cookie: piege=1 / [Feuille]: ?*'
EXPORTS = [
    ("dossiers:export", {"format": "csv"}),
    ("dossiers:export", {"format": "xlsx"}),
    ("territoires:export_cpts", {"format": "csv"}),
    ("territoires:export_cpts", {"format": "xlsx"}),
    ("territoires:export_cpts", {"format": "geojson"}),
]


@pytest.mark.parametrize(("route", "parametres"), EXPORTS, ids=[f"{r}-{p['format']}" for r, p in EXPORTS])
def test_un_nom_deja_en_base_avec_guillemets_et_retour_a_la_ligne_ne_casse_aucun_export(
    route: str, parametres: dict[str, str], monde: tuple[Monde, dict[str, str]]
) -> None:
    """Saisi avant le contrôle des champs d'une ligne, ou par l'administration : le téléchargement reste sain."""
    objets, sessions = monde
    cpts = objets.cotes[DEDANS].cpts
    Cpts.objects.filter(pk=cpts.pk).update(nom=NOM_PIEGE)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = sessions["administrateur"]
    if route == "territoires:export_cpts":
        parametres = {**parametres, "pk": cpts.pk}
    reponse = client.get(reverse(route, kwargs=parametres))
    assert reponse.status_code == 200
    disposition = reponse["Content-Disposition"]
    assert not {"\r", "\n"} & set(disposition)
    assert disposition.startswith("attachment; filename")
    assert "Set-Cookie" not in {cle for cle, _ in reponse.items()}
