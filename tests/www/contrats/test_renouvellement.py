"""Le renouvellement dans les pages et l'API v1, et l'alerte qui l'annonce."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cpts.contrats.alertes import alertes_du_contrat
from cpts.contrats.enums import TypeAlerte
from cpts.contrats.models import Contrat
from cpts.contrats.renouvellement import renouveler
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.test_renouvellement import FIN_2025, SOCLES_AVENANT_2, agent, ancien  # noqa: F401

pytestmark = pytest.mark.usefixtures("communes")


def test_l_alerte_de_fin_parait_six_mois_avant_la_fin_du_contrat(ancien: Contrat) -> None:  # noqa: F811
    def fins(le: datetime.date) -> list[str]:
        return [a.message for a in alertes_du_contrat(ancien, le) if a.type == TypeAlerte.FIN]

    assert fins(datetime.date(2025, 3, 14)) == []
    assert fins(datetime.date(2025, 3, 15)) == ["Le contrat prend fin le 15/09/2025 : préparer son renouvellement."]


def test_un_contrat_deja_renouvele_n_est_plus_alerte_pour_sa_fin(ancien: Contrat, agent: object) -> None:  # noqa: F811
    ancien.fin = datetime.date(2027, 1, 10)
    Contrat.objects.filter(pk=ancien.pk).update(fin=ancien.fin)
    assert any(a.type == TypeAlerte.FIN for a in alertes_du_contrat(ancien, datetime.date(2026, 11, 16)))
    Contrat.objects.filter(pk=ancien.pk).update(fin=FIN_2025)
    renouveler(ancien, agent, signature=FIN_2025, missions_choisies=dict.fromkeys(SOCLES_AVENANT_2, FIN_2025))
    Contrat.objects.filter(pk=ancien.pk).update(fin=datetime.date(2027, 1, 10))
    ancien.refresh_from_db()
    assert not any(a.type == TypeAlerte.FIN for a in alertes_du_contrat(ancien, datetime.date(2026, 11, 16)))


def test_l_agent_renouvelle_le_contrat_depuis_sa_page(client: Client, ancien: Contrat) -> None:  # noqa: F811
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    url = reverse("contrats:renouveler", args=[ancien.pk])
    assert "prend fin le 15/09/2025" in client.get(url).content.decode()
    donnees = {"signature": "15/09/2025", **{f"choisie_{code}": "on" for code in SOCLES_AVENANT_2}}
    reponse = client.post(url, donnees)
    nouveau = Contrat.objects.exclude(pk=ancien.pk).get(cpts=ancien.cpts)
    assert reponse.url == reverse("contrats:detail", args=[nouveau.pk])
    assert (nouveau.signature, nouveau.texte) == (FIN_2025, "avenant-2")
    assert nouveau.missions.get(mission="crise").demarrage == FIN_2025


def test_la_page_refuse_un_renouvellement_avant_la_fin_et_dit_pourquoi(client: Client, ancien: Contrat) -> None:  # noqa: F811
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    donnees = {"signature": "01/06/2025", **{f"choisie_{code}": "on" for code in SOCLES_AVENANT_2}}
    reponse = client.post(reverse("contrats:renouveler", args=[ancien.pk]), donnees)
    assert reponse.status_code == 200
    assert "son renouvellement se signe à partir de cette date" in reponse.content.decode()
    assert Contrat.objects.filter(cpts=ancien.cpts).count() == 1


def test_l_api_renouvelle_le_contrat(client: Client, ancien: Contrat) -> None:  # noqa: F811
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    reponse = client.post(
        f"/api/v1/contrats/{ancien.pk}/renouvellement",
        {"signature": "2025-09-15", "missions": dict.fromkeys(SOCLES_AVENANT_2, "2025-09-15")},
        content_type="application/json",
    )
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["signature"] == "2025-09-15"
    assert Contrat.objects.filter(cpts=ancien.cpts).count() == 2


def test_l_api_refuse_un_renouvellement_sans_les_missions_socles(client: Client, ancien: Contrat) -> None:  # noqa: F811
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    reponse = client.post(
        f"/api/v1/contrats/{ancien.pk}/renouvellement",
        {"signature": "2025-09-15", "missions": {"acces": None}},
        content_type="application/json",
    )
    assert reponse.status_code == 409
    assert "Missions socles obligatoires" in reponse.content.decode()
    assert Contrat.objects.filter(cpts=ancien.cpts).count() == 1
