"""La page de l'échéancier d'un contrat (et son double de l'API) lit l'état gardé du contrat
(`cpts.contrats.etat_du_contrat.echeancier_garde`) : ce qu'elle montre (lignes, statuts, totaux, soldes,
avertissements, lignes payables) est exactement ce que le calcul complet donnerait, le jour de l'affichage, même
longtemps après le calcul de l'état et sans écriture entre-temps. De même pour la fiche du contrat (totaux,
avertissements, alertes du jour)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from ninja.testing import TestClient

from cpts.api.app import api
from cpts.comptes.models import Utilisateur
from cpts.contrats.alertes import Alerte, alertes_du_contrat
from cpts.contrats.colonnes import COLONNES_LIGNE, ligne_json
from cpts.contrats.echeancier import Echeancier, Ligne, echeancier_du_contrat
from cpts.contrats.etat_du_contrat import EcheancierGarde, TotauxGardes, echeancier_garde, totaux_gardes
from cpts.contrats.models import Annulation, Contrat, EtatContrat, OptionChoisie
from cpts.www.exports import exporter
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import BilanFactory, ContratFactory, DialogueFactory, IndicateurFactory, PaiementFactory

pytestmark = pytest.mark.django_db

SIGNATURE = datetime.date(2020, 9, 15)
# La signature, une année à cheval sur l'avenant 2, un jour ordinaire, un anniversaire, le jour des tests, après la fin.
JOURS = [
    SIGNATURE,
    datetime.date(2022, 3, 1),
    datetime.date(2023, 11, 20),
    datetime.date(2024, 9, 15),
    datetime.date(2026, 11, 16),
    datetime.date(2031, 1, 1),
]


def contrat_complet() -> Contrat:
    """Un contrat signé sous l'ACI 2019 (sans mission crise, une année à cheval sur l'avenant 2), sur un petit
    territoire, avec une option au montant non vérifié, des versements (dont un annulé), des valeurs d'indicateur et
    une atteinte retenue : tout ce qui change une ligne, un statut ou un avertissement."""
    contrat = ContratFactory(aci_2019=True, population=12_000, taille=1)
    OptionChoisie.objects.create(contrat=contrat, option="fonctionnement-additionnel", depuis=SIGNATURE)
    PaiementFactory(contrat=contrat, date=SIGNATURE)
    annule = PaiementFactory(contrat=contrat, annee=1, mission="acces", date=SIGNATURE)
    Annulation.objects.create(paiement=annule, motif="Saisi deux fois.", annule_par=contrat.enregistre_par)
    IndicateurFactory(contrat=contrat, mission="acces", cibles={1: 100, 2: 100}, valeurs={1: 40, 2: 90})
    dialogue = DialogueFactory(contrat=contrat, annee=1)
    BilanFactory(
        dialogue=dialogue,
        mission="parcours",
        taux_retenu=Decimal("0.5"),
        retenu_par=contrat.enregistre_par,
        retenu_le=timezone.now(),
    )
    return contrat


def _ligne(ligne: Ligne) -> tuple[object, ...]:
    return (
        ligne.cle,
        ligne.montant,
        ligne.paye,
        ligne.restant,
        ligne.payable,
        ligne.du_le,
        ligne.au_plus_tard,
        ligne.definitif,
        ligne.statut,
        ligne.libelle_texte,
        ligne.references,
    )


def _soldes(groupes: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(groupe["annee"], groupe["mission"], groupe["total"]) for groupe in groupes]


def _echeancier(agent: Utilisateur, contrat: Contrat, le: datetime.date) -> dict[str, object]:
    with time_machine.travel(datetime.datetime.combine(le, datetime.time(12)), tick=False):
        # Une session ouverte le jour même : celle du jour des tests aurait expiré des années plus tard.
        client = Client()
        client.force_login(agent)
        reponse = client.get(reverse("contrats:echeancier", args=[contrat.pk]))
    assert reponse.status_code == 200
    return reponse.context  # type: ignore[return-value]


def _calcul(contrat: Contrat, le: datetime.date) -> Echeancier:
    return echeancier_du_contrat(Contrat.objects.get(pk=contrat.pk), le)


@pytest.fixture
def agent() -> Utilisateur:
    return UtilisateurFactory(agent_ars_region=True)


def test_l_echeancier_lu_de_l_etat_garde_egale_le_calcul_complet_chaque_jour_sans_ecriture(
    agent: Utilisateur,
) -> None:
    contrat = contrat_complet()
    _echeancier(agent, contrat, JOURS[4])
    calcule_le = EtatContrat.objects.get(contrat=contrat).calcule_le
    for le in JOURS:
        page = _echeancier(agent, contrat, le)
        calcul = _calcul(contrat, le)
        assert isinstance(page["echeancier"], EcheancierGarde)
        ordre = sorted(calcul.lignes, key=lambda ligne: (ligne.annee, ligne.du_le or datetime.date.max))
        assert [_ligne(ligne) for ligne in page["lignes"]] == [_ligne(ligne) for ligne in ordre], f"le {le}"
        assert page["total"] == calcul.total
        assert _soldes(page["par_annee_et_mission"]) == _soldes(calcul.par_annee_et_mission())
        assert page["echeancier"].avertissements == calcul.avertissements
    # Aucun recalcul entre-temps : c'est bien l'état gardé, calculé une fois, qui a été lu chaque jour.
    assert EtatContrat.objects.get(contrat=contrat).calcule_le == calcule_le


def test_le_contrat_de_l_exemple_a_des_avertissements_des_statuts_varies_et_des_references() -> None:
    """Le test d'égalité ci-dessus compare quelque chose : chaque sorte de valeur y paraît."""
    calcul = _calcul(contrat_complet(), JOURS[1])
    assert len(calcul.avertissements) >= 3
    assert len({ligne.statut for ligne in calcul.lignes}) >= 3
    assert any(ligne.references for ligne in calcul.lignes)
    assert any(ligne.lecture for ligne in calcul.lignes)


def test_une_ecriture_qui_change_les_avertissements_se_voit_a_l_affichage_suivant(agent: Utilisateur) -> None:
    contrat = contrat_complet()
    avant = _echeancier(agent, contrat, JOURS[2])["echeancier"].avertissements
    OptionChoisie.objects.filter(contrat=contrat).delete()
    apres = _echeancier(agent, contrat, JOURS[2])["echeancier"].avertissements
    assert apres == _calcul(contrat, JOURS[2]).avertissements
    assert len(apres) < len(avant)


def test_un_etat_calcule_par_d_autres_regles_n_est_pas_lu_par_la_page(agent: Utilisateur) -> None:
    contrat = contrat_complet()
    _echeancier(agent, contrat, JOURS[4])
    EtatContrat.objects.filter(contrat=contrat).update(version="ancienne", avertissements=[])
    contrat.lignes_etat.update(montant=Decimal("1.00"), restant=Decimal("1.00"))
    page = _echeancier(agent, contrat, JOURS[4])
    calcul = _calcul(contrat, JOURS[4])
    assert page["total"] == calcul.total
    assert page["echeancier"].avertissements == calcul.avertissements


def test_l_export_de_l_echeancier_lu_de_l_etat_garde_egale_celui_du_calcul(agent: Utilisateur) -> None:
    contrat = contrat_complet()
    chemin = reverse("contrats:echeancier", args=[contrat.pk])
    _echeancier(agent, contrat, JOURS[4])
    with time_machine.travel(datetime.datetime.combine(JOURS[3], datetime.time(12)), tick=False):
        client = Client()
        client.force_login(agent)
        garde = client.get(f"{chemin}?format=csv").content
    calcule = exporter("csv", "echeancier", COLONNES_LIGNE, _calcul(contrat, JOURS[3]).lignes)
    assert calcule is not None
    assert garde == calcule.content
    assert b"VIR-TEST" in garde


def test_l_echeancier_de_l_api_lu_de_l_etat_garde_egale_le_calcul_complet_plus_tard_sans_ecriture(
    agent: Utilisateur,
) -> None:
    contrat = contrat_complet()
    client = TestClient(api)
    chemin = f"/contrats/{contrat.pk}/echeancier"
    client.get(chemin, user=agent)
    calcule_le = EtatContrat.objects.get(contrat=contrat).calcule_le
    with time_machine.travel(datetime.datetime.combine(JOURS[1], datetime.time(12)), tick=False):
        donnees = client.get(chemin, user=agent).json()
    calcul = _calcul(contrat, JOURS[1])
    assert donnees["lignes"] == [ligne_json(ligne) for ligne in calcul.lignes]
    assert donnees["avertissements"] == calcul.avertissements
    assert EtatContrat.objects.get(contrat=contrat).calcule_le == calcule_le


# La fiche du contrat lit le même état : ses totaux, ses avertissements et ses alertes du jour égalent ce que donnerait
# le calcul complet (échéancier, puis alertes du contrat), le jour de l'affichage, sans écriture entre-temps.
def _fiche(agent: Utilisateur, contrat: Contrat, le: datetime.date) -> dict[str, object]:
    with time_machine.travel(datetime.datetime.combine(le, datetime.time(12)), tick=False):
        client = Client()
        client.force_login(agent)
        reponse = client.get(reverse("contrats:detail", args=[contrat.pk]))
    assert reponse.status_code == 200
    return reponse.context  # type: ignore[return-value]


def _alerte(alerte: Alerte) -> tuple[object, ...]:
    return (alerte.type, alerte.niveau, alerte.echeance, alerte.message, alerte.echeance_du_jour)


def test_la_fiche_du_contrat_lue_de_l_etat_garde_egale_le_calcul_complet_chaque_jour_sans_ecriture(
    agent: Utilisateur,
) -> None:
    contrat = contrat_complet()
    _fiche(agent, contrat, JOURS[4])
    calcule_le = EtatContrat.objects.get(contrat=contrat).calcule_le
    vues = []
    for le in JOURS:
        page = _fiche(agent, contrat, le)
        calcul = _calcul(contrat, le)
        alertes = alertes_du_contrat(calcul.contrat, le, calcul)
        assert [_alerte(alerte) for alerte in page["alertes"]] == [_alerte(alerte) for alerte in alertes], f"le {le}"
        assert page["total"] == calcul.total
        assert page["par_annee"] == calcul.par_annee()
        messages = {alerte.message for alerte in alertes}
        assert page["avertissements"] == [phrase for phrase in calcul.avertissements if phrase not in messages]
        annee = calcul.termes.annee_au(le)
        assert page["annee_en_cours"] == annee
        assert (page["taille_actuelle"], page["membres_actuels"]) == calcul.termes.taille_et_membres(
            annee or calcul.termes.duree
        )
        vues.extend(alertes)
    # Aucun recalcul entre-temps ; et le test compare quelque chose : des alertes de plusieurs sortes, des deux niveaux.
    assert EtatContrat.objects.get(contrat=contrat).calcule_le == calcule_le
    assert len({alerte.type for alerte in vues}) >= 3
    assert len({alerte.niveau for alerte in vues}) == 2


def test_une_ecriture_se_voit_sur_la_fiche_du_contrat_a_l_affichage_suivant(agent: Utilisateur) -> None:
    contrat = contrat_complet()
    avant = _fiche(agent, contrat, JOURS[2])
    PaiementFactory(contrat=contrat, annee=2, mission="acces", date=JOURS[2])
    apres = _fiche(agent, contrat, JOURS[2])
    calcul = _calcul(contrat, JOURS[2])
    assert apres["total"] == calcul.total
    assert apres["total"].paye > avant["total"].paye  # type: ignore[attr-defined]
    assert [_alerte(a) for a in apres["alertes"]] == [
        _alerte(a) for a in alertes_du_contrat(calcul.contrat, JOURS[2], calcul)
    ]


# La fiche ne lit de l'état que le dû et le versé de chaque ligne (`cpts.contrats.etat_du_contrat.totaux_gardes`).
def test_les_totaux_lus_sans_les_lignes_sont_ceux_de_l_echeancier_garde_etat_calcule_d_abord() -> None:
    contrat = contrat_complet()
    EtatContrat.objects.filter(contrat=contrat).delete()
    totaux = totaux_gardes(contrat, JOURS[3], None)
    assert isinstance(totaux, TotauxGardes)
    garde = echeancier_garde(contrat, JOURS[3])
    assert isinstance(garde, EcheancierGarde)
    assert totaux.total == garde.total
    assert totaux.total.paye > 0
    assert totaux.par_annee() == garde.par_annee()
    assert totaux.avertissements == garde.avertissements


def test_un_etat_perime_pendant_sa_lecture_laisse_les_totaux_au_calcul_complet(monkeypatch: pytest.MonkeyPatch) -> None:
    contrat = contrat_complet()
    EtatContrat.objects.filter(contrat=contrat).delete()
    # Une écriture concurrente efface l'état aussitôt calculé : le recalcul ne laisse rien à lire.
    monkeypatch.setattr("cpts.contrats.etat_du_contrat.recalculer", lambda _contrats: None)
    totaux = totaux_gardes(contrat, JOURS[3], None)
    assert isinstance(totaux, Echeancier)
    assert totaux.par_annee() == echeancier_du_contrat(contrat, JOURS[3]).par_annee()
