"""Rectifier une décision enregistrée par erreur : une nouvelle décision datée, l'erreur gardée au dossier."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cpts.dossiers import etapes, rectification
from cpts.dossiers.enums import Etape, Instance, TransitionEtape
from cpts.dossiers.etape_datee import etape_a_la_date
from cpts.dossiers.models import Cpts
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import parcours

pytestmark = pytest.mark.usefixtures("communes")

T = TransitionEtape
HIER = datetime.date(2026, 11, 15)


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


@pytest.fixture
def renvoye(agent: object) -> Cpts:
    """Un pré-projet renvoyé à la dynamique d'un clic, alors qu'on voulait le valider."""
    cpts = parcours.dossier_complet(agent)
    etapes.franchir(cpts, T.DEPOSER_PRE_PROJET, agent, date=datetime.date(2026, 9, 1), instance=Instance.EQUIPE_PROJET)
    etapes.franchir(cpts, T.RENVOYER_PRE_PROJET, agent, date=HIER, instance=Instance.ECD, motif="Clic malheureux.")
    cpts.refresh_from_db()
    return cpts


def test_la_rectification_rend_au_projet_son_etape_et_sa_date_d_avant(agent: object, renvoye: Cpts) -> None:
    rectification.rectifier(renvoye.decisions.latest("pk"), agent, motif="Le pré-projet devait être validé.")
    renvoye.refresh_from_db()
    assert (renvoye.etape, renvoye.etape_depuis) == (Etape.LETTRE_INTENTION, datetime.date(2026, 9, 1))


def test_la_decision_rectifiee_reste_au_dossier_et_la_rectification_la_nomme(agent: object, renvoye: Cpts) -> None:
    erreur = renvoye.decisions.latest("pk")
    ligne = rectification.rectifier(erreur, agent, motif="Le pré-projet devait être validé.")
    assert list(renvoye.decisions.order_by("pk"))[-2:] == [erreur, ligne]
    assert (ligne.transition, ligne.rectifie, ligne.etape_avant, ligne.etape_apres, ligne.date) == (
        T.RECTIFIER,
        erreur,
        Etape.DYNAMIQUE,
        Etape.LETTRE_INTENTION,
        timezone.localdate(),
    )


def test_les_tableaux_a_une_date_lisent_l_erreur_jusqu_a_sa_rectification(agent: object, renvoye: Cpts) -> None:
    rectification.rectifier(renvoye.decisions.latest("pk"), agent, motif="Erreur de saisie.")

    def etape(le: datetime.date) -> str:
        return Cpts.objects.annotate(e=etape_a_la_date(le)).values_list("e", flat=True).get(pk=renvoye.pk)

    assert (etape(HIER), etape(timezone.localdate())) == (Etape.DYNAMIQUE, Etape.LETTRE_INTENTION)


def test_apres_la_rectification_la_bonne_decision_s_enregistre(agent: object, renvoye: Cpts) -> None:
    rectification.rectifier(renvoye.decisions.latest("pk"), agent, motif="Erreur de saisie.")
    etapes.franchir(renvoye, T.VALIDER_PRE_PROJET, agent, instance=Instance.ECD)
    renvoye.refresh_from_db()
    assert renvoye.etape == Etape.PRE_PROJET_VALIDE


def test_la_rectification_exige_un_motif_et_n_ecrit_rien_sans(agent: object, renvoye: Cpts) -> None:
    with pytest.raises(ValidationError) as refus:
        rectification.rectifier(renvoye.decisions.latest("pk"), agent, motif="  ")
    assert refus.value.message_dict["motif"] == ["Motif : dites quelle erreur est rectifiée."]
    assert renvoye.decisions.count() == 2


def test_la_rectification_ne_precede_pas_la_decision_rectifiee(agent: object, renvoye: Cpts) -> None:
    with pytest.raises(ValidationError) as refus:
        rectification.rectifier(renvoye.decisions.latest("pk"), agent, date=datetime.date(2026, 11, 1), motif="Erreur.")
    assert "ne peut précéder la décision rectifiée, du 15/11/2026" in refus.value.message_dict["date"][0]


def test_seule_la_derniere_decision_se_rectifie(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION, depuis=datetime.date(2026, 9, 1))
    premiere = etapes.franchir(cpts, T.VALIDER_PRE_PROJET, agent, date=datetime.date(2026, 10, 1), instance="ecd")
    etapes.franchir(cpts, T.ABANDONNER, agent, date=HIER, instance="ecd", motif="Abandon.")
    with pytest.raises(ValidationError) as refus:
        rectification.rectifier(premiere, agent, motif="Erreur.")
    assert "Seule la dernière décision du dossier se rectifie" in refus.value.messages[0]


def test_une_fermeture_ne_se_rectifie_pas_ici(agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION, depuis=datetime.date(2026, 9, 1))
    abandon = etapes.franchir(cpts, T.ABANDONNER, agent, date=HIER, instance="ecd", motif="Abandon.")
    assert rectification.raisons_de_refuser(abandon) == [
        "Une fermeture (abandon, fusion) ne se rectifie pas ici : le territoire du projet a été rendu ou transféré."
    ]


def test_une_rectification_ne_se_rectifie_pas(agent: object, renvoye: Cpts) -> None:
    ligne = rectification.rectifier(renvoye.decisions.latest("pk"), agent, motif="Erreur.")
    with pytest.raises(ValidationError) as refus:
        rectification.rectifier(ligne, agent, motif="Erreur de l'erreur.")
    assert refus.value.messages == ["Une rectification ne se rectifie pas : enregistrez à nouveau la décision voulue."]


def test_un_agent_hors_du_perimetre_ne_rectifie_pas(renvoye: Cpts) -> None:
    autre = UtilisateurFactory(role="agent_ars", region="52")
    with pytest.raises(PermissionDenied):
        rectification.rectifier(renvoye.decisions.latest("pk"), autre, motif="Erreur.")
    assert renvoye.decisions.count() == 2


def test_le_coordinateur_ne_rectifie_pas_une_decision_d_instruction(renvoye: Cpts) -> None:
    coordinateur = UtilisateurFactory(cpts=[renvoye])
    with pytest.raises(PermissionDenied):
        rectification.rectifier(renvoye.decisions.latest("pk"), coordinateur, motif="Erreur.")


# Pages


def test_la_fiche_propose_de_rectifier_la_derniere_decision_a_qui_instruit(
    client: Client, agent: object, renvoye: Cpts
):
    client.force_login(agent)
    contenu = client.get(reverse("dossiers:detail", args=[renvoye.pk])).content.decode()
    url = reverse("dossiers:rectifier_decision", args=[renvoye.pk, renvoye.decisions.latest("pk").pk])
    assert contenu.count('href="' + url + '"') == 1


def test_la_fiche_ne_propose_rien_au_coordinateur(client: Client, renvoye: Cpts) -> None:
    client.force_login(UtilisateurFactory(cpts=[renvoye]))
    assert "Rectifier cette décision" not in client.get(reverse("dossiers:detail", args=[renvoye.pk])).content.decode()


def test_la_page_redit_la_decision_et_ce_que_la_rectification_change(client: Client, agent: object, renvoye: Cpts):
    client.force_login(agent)
    url = reverse("dossiers:rectifier_decision", args=[renvoye.pk, renvoye.decisions.latest("pk").pk])
    contenu = html.unescape(client.get(url).content.decode())
    assert "Pré-projet à retravailler — " in contenu
    assert "La rectifier rend au dossier l'étape « Lettre d'intention" in contenu


def test_la_rectification_envoyee_revient_a_la_fiche_avec_l_etape_d_avant(
    client: Client, agent: object, renvoye: Cpts
) -> None:
    client.force_login(agent)
    url = reverse("dossiers:rectifier_decision", args=[renvoye.pk, renvoye.decisions.latest("pk").pk])
    reponse = client.post(url, {"date": "16/11/2026", "motif": "Clic sur la mauvaise décision."}, follow=True)
    renvoye.refresh_from_db()
    assert renvoye.etape == Etape.LETTRE_INTENTION
    assert "Décision rectifiée : « Pré-projet à retravailler » du 15/11/2026 n'a plus d'effet" in html.unescape(
        reponse.content.decode()
    )


def test_une_rectification_sans_motif_est_refusee_sur_le_champ(client: Client, agent: object, renvoye: Cpts) -> None:
    client.force_login(agent)
    url = reverse("dossiers:rectifier_decision", args=[renvoye.pk, renvoye.decisions.latest("pk").pk])
    reponse = client.post(url, {"date": "16/11/2026", "motif": ""})
    assert reponse.status_code == 422
    assert renvoye.decisions.count() == 2


def test_l_export_du_portefeuille_ne_date_plus_l_etape_rectifiee(agent: object) -> None:
    from cpts.portefeuille.export import avec_dossier, fiche_de

    cpts = parcours.dossier_complet(agent)
    etapes.franchir(cpts, T.DEPOSER_PRE_PROJET, agent, date=datetime.date(2026, 9, 1), instance=Instance.EQUIPE_PROJET)
    validation = etapes.franchir(cpts, T.VALIDER_PRE_PROJET, agent, date=HIER, instance=Instance.ECD)
    rectification.rectifier(validation, agent, motif="Validation saisie sur le mauvais dossier.")
    fiche = fiche_de(avec_dossier(Cpts.objects.filter(pk=cpts.pk)).get())
    assert "pre_projet_valide" not in fiche.etapes
    assert "lettre_intention" in fiche.etapes
