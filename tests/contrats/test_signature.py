"""Signer le contrat : la CPTS passe à l'étape « contrat signé » par la machine à états des dossiers, et le
contrat garde la population, la taille, les membres, le texte et les missions datées."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cpts.contrats import services
from cpts.contrats.alertes import demarrages_tardifs
from cpts.contrats.models import Contrat, Indicateur
from cpts.dossiers.enums import Etape, TransitionEtape
from cpts.dossiers.models import DecisionEtape
from cpts.regles import taille
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import PDF_MINIMAL, cpts_prete_a_signer
from tests.dossiers.factories import MembreFactory

pytestmark = pytest.mark.usefixtures("communes")

SIGNATURE = datetime.date(2022, 6, 15)
SOCLES = {"acces": SIGNATURE, "parcours": SIGNATURE, "prevention": SIGNATURE, "crise": SIGNATURE}


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_cpam_departement=True)


def signer(cpts: object, agent: object, **autres: object) -> Contrat:
    parametres = {"signature": SIGNATURE, "missions_choisies": SOCLES, **autres}
    return services.signer(cpts, agent, **parametres)


def test_la_signature_fait_passer_la_cpts_a_l_etape_contrat_signe_par_une_decision(agent: object) -> None:
    cpts = cpts_prete_a_signer()
    signer(cpts, agent)
    cpts.refresh_from_db()
    decision = DecisionEtape.objects.get(cpts=cpts)
    assert cpts.etape == Etape.CONTRAT_SIGNE
    assert cpts.etape_depuis == SIGNATURE
    assert (decision.transition, decision.instance, decision.enregistre_par) == (
        TransitionEtape.SIGNER_CONTRAT,
        "ars_cpam",
        agent,
    )


def test_le_contrat_garde_la_population_du_territoire_et_la_taille_qui_en_decoule(agent: object) -> None:
    cpts = cpts_prete_a_signer()
    contrat = signer(cpts, agent)
    population = cpts.territoires.get(fin__isnull=True).population
    assert contrat.population == population
    assert contrat.taille == taille(population, SIGNATURE) == 1
    assert contrat.territoire == cpts.territoires.get(fin__isnull=True)


def test_le_contrat_dure_cinq_ans_sous_le_texte_en_vigueur_a_la_signature(agent: object) -> None:
    contrat = signer(cpts_prete_a_signer(), agent)
    assert contrat.fin == datetime.date(2027, 6, 15)
    assert contrat.texte == "avenant-2"


def test_le_nombre_de_membres_vient_des_membres_adherents_du_dossier(agent: object) -> None:
    cpts = cpts_prete_a_signer()
    MembreFactory.create_batch(3, cpts=cpts)
    MembreFactory(cpts=cpts, adherent=False, participation_incertaine=True)
    assert signer(cpts, agent).membres == 3


def test_les_missions_choisies_gardent_leur_date_de_demarrage(agent: object) -> None:
    missions = {**SOCLES, "parcours": datetime.date(2023, 1, 2), "qualite": None}
    contrat = signer(cpts_prete_a_signer(), agent, missions_choisies=missions)
    assert dict(contrat.missions.values_list("mission", "demarrage")) == missions


def test_la_signature_ajoute_les_indicateurs_nationaux_du_texte_a_la_mission_acces(agent: object) -> None:
    contrat = signer(cpts_prete_a_signer(), agent)
    codes = set(Indicateur.objects.filter(contrat=contrat).values_list("code", flat=True))
    assert "medecins_sas" in codes
    assert "consultations_snp" not in codes
    assert set(contrat.indicateurs.values_list("mission", flat=True)) == {"acces"}


def test_un_demarrage_apres_le_delai_est_accepte_et_signale(agent: object) -> None:
    tardif = {**SOCLES, "acces": datetime.date(2023, 3, 1)}
    contrat = signer(cpts_prete_a_signer(), agent, missions_choisies=tardif)
    assert demarrages_tardifs(contrat, SIGNATURE) == [
        "Mission Accès aux soins : démarrage prévu le 01/03/2023, après la date limite du 15/12/2022."
    ]


def test_une_mission_demarrant_avant_la_signature_est_refusee_sans_rien_ecrire(agent: object) -> None:
    cpts = cpts_prete_a_signer()
    avant = {**SOCLES, "acces": datetime.date(2022, 6, 1)}
    with pytest.raises(ValidationError) as erreur:
        signer(cpts, agent, missions_choisies=avant)
    assert erreur.value.message_dict["missions"] == [
        "La mission « Accès aux soins » ne peut démarrer le 01/06/2022, avant la signature (15/06/2022)."
    ]
    cpts.refresh_from_db()
    assert cpts.etape == Etape.PROJET_SANTE_VALIDE
    assert not Contrat.objects.exists()
    assert not DecisionEtape.objects.exists()


def test_une_mission_socle_absente_est_refusee(agent: object) -> None:
    sans_crise = {code: d for code, d in SOCLES.items() if code != "crise"}
    with pytest.raises(ValidationError, match="Missions socles obligatoires au contrat"):
        signer(cpts_prete_a_signer(), agent, missions_choisies=sans_crise)


def test_une_mission_inconnue_du_texte_de_la_signature_est_refusee(agent: object) -> None:
    with pytest.raises(ValidationError, match="n'existe pas dans le texte en vigueur à la signature"):
        signer(
            cpts_prete_a_signer(),
            agent,
            signature=datetime.date(2021, 6, 15),
            missions_choisies={"acces": None, "parcours": None, "prevention": None, "crise": None},
        )


def test_les_gardes_de_la_machine_a_etats_s_appliquent_a_la_signature(agent: object) -> None:
    cpts = cpts_prete_a_signer(association_statut="en_cours", siret="")
    with pytest.raises(ValidationError, match="association porteuse"):
        signer(cpts, agent)
    assert not Contrat.objects.exists()


def test_une_cpts_dont_le_projet_de_sante_n_est_pas_valide_ne_signe_pas(agent: object) -> None:
    cpts = cpts_prete_a_signer(etape=Etape.PROJET_SANTE_DEPOSE)
    with pytest.raises(ValidationError, match="impossible à l'étape"):
        signer(cpts, agent)


def test_une_signature_dans_le_futur_est_refusee(agent: object) -> None:
    demain = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="dans le futur"):
        signer(cpts_prete_a_signer(), agent, signature=demain, missions_choisies=dict.fromkeys(SOCLES))


def test_un_coordinateur_ne_signe_pas_le_contrat_de_sa_cpts() -> None:
    cpts = cpts_prete_a_signer()
    with pytest.raises(PermissionDenied):
        signer(cpts, UtilisateurFactory(cpts=[cpts]))


def test_le_contrat_signe_se_joint_en_pdf(agent: object) -> None:
    pdf = SimpleUploadedFile("contrat.pdf", PDF_MINIMAL, content_type="application/pdf")
    contrat = signer(cpts_prete_a_signer(), agent, document=pdf)
    assert contrat.document.name.startswith(f"contrats/cpts-{contrat.cpts_id}/contrat-signe-")
    with contrat.document.open("rb") as fichier:
        assert fichier.read() == PDF_MINIMAL


def test_un_document_qui_n_est_pas_un_pdf_est_refuse_sans_rien_ecrire(agent: object) -> None:
    faux = SimpleUploadedFile("contrat.pdf", b"<html>pas un pdf</html>", content_type="application/pdf")
    cpts = cpts_prete_a_signer()
    with pytest.raises(ValidationError) as erreur:
        signer(cpts, agent, document=faux)
    assert erreur.value.message_dict["document"] == [
        "Le fichier « contrat.pdf » n'est pas un PDF : seuls les documents PDF sont acceptés."
    ]
    assert not Contrat.objects.exists()
