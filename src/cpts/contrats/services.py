"""Le contrat lui-même : sa signature (qui fait passer la CPTS à l'étape « contrat signé »), ses missions datées,
ses avenants et ses documents.

Chaque opération vérifie les droits (`cpts.comptes.droits`), contrôle tout avant d'écrire et s'exécute dans une
transaction : un refus lève `ValidationError` (messages en français, par champ quand c'est possible) et n'écrit rien.
Les termes proposés passent par l'échéancier des règles avant d'être enregistrés : un contrat en base est toujours
calculable.

Plus de 400 lignes : signature, avenant et reprise d'un contrat partagent leurs contrôles (missions, options, termes
calculables par l'échéancier) ; les séparer les dupliquerait ou ferait s'importer les modules l'un l'autre.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cpts.comptes.droits import Action, exiger
from cpts.contrats import fichiers, missions
from cpts.contrats.echeancier import termes_du_contrat, versements_prevus
from cpts.contrats.enums import OptionContrat
from cpts.contrats.indicateurs import creer_nationaux
from cpts.contrats.models import Avenant, Contrat, MissionContrat, OptionChoisie
from cpts.contrats.peremption import peremption_groupee
from cpts.contrats.termes import Changement, MissionDatee, Termes, termes_proposes
from cpts.dossiers.enums import Etape, Instance, TransitionEtape
from cpts.dossiers.models import Cpts
from cpts.regles import EntreeInvalide, referentiel, taille
from cpts.regles.dates import anniversaire, jour_fr


def _verifier_calculable(termes: Termes) -> None:
    try:
        versements_prevus(termes)
    except EntreeInvalide as erreur:
        raise ValidationError(f"Ces termes sont hors des règles de l'ACI : {erreur}.") from None


def _membres_adherents(cpts: Cpts) -> int:
    from cpts.dossiers.membres import decompter

    return decompter(cpts).adherents


@dataclass(frozen=True)
class Apercu:
    """Ce que la signature retiendra, lu dans le dossier : à montrer avant de signer."""

    texte: str
    libelle_texte: str
    population: int | None
    taille: int | None
    membres: int
    fin: date
    missions_du_texte: list[str]
    socles: list[str]
    majoration: bool


def apercu(cpts: Cpts, signature: date) -> Apercu:
    from cpts.territoires.enregistrement import territoire_en_cours

    textes = referentiel()
    texte = textes.texte_en_vigueur(signature)
    territoire = territoire_en_cours(cpts)
    population = territoire.population if territoire else None
    taille_ = taille(population, signature) if population is not None else None
    membres = _membres_adherents(cpts)
    majoration = textes.bareme_au(signature).majoration_au(signature)
    return Apercu(
        texte=texte.code,
        libelle_texte=texte.libelle,
        population=population,
        taille=taille_,
        membres=membres,
        fin=anniversaire(signature, missions.duree_contrat(signature)),
        missions_du_texte=missions.du_texte(signature),
        socles=missions.socles(signature),
        majoration=bool(majoration and taille_ == majoration.taille and membres >= majoration.membres_minimum),
    )


def _erreurs_missions(
    choisies: Mapping[str, date | None], permises: list[str], debut: date, fin: date, depuis: str
) -> list[str]:
    """`depuis` nomme la date `debut` : « la signature », « la date d'effet de l'avenant »."""
    erreurs = []
    for code, demarrage in choisies.items():
        libelle = missions.libelle_mission(code)
        if code not in permises:
            erreurs.append(f"La mission « {libelle} » n'existe pas dans le texte en vigueur à {depuis}.")
        elif demarrage is not None and demarrage < debut:
            erreurs.append(
                f"La mission « {libelle} » ne peut démarrer le {jour_fr(demarrage)}, avant {depuis} ({jour_fr(debut)})."
            )
        elif demarrage is not None and demarrage >= fin:
            erreurs.append(
                f"La mission « {libelle} » ne peut démarrer le {jour_fr(demarrage)}, après la fin du contrat"
                f" ({jour_fr(fin)})."
            )
    return erreurs


@peremption_groupee()
def signer(
    cpts: Cpts,
    auteur: Any,
    *,
    signature: date,
    missions_choisies: Mapping[str, date | None],
    document: UploadedFile | None = None,
    motif: str = "",
    options: Mapping[str, date] | None = None,
) -> Contrat:
    """Enregistre le contrat signé : la CPTS passe à l'étape « contrat signé » par la décision d'étape des dossiers
    (instance ARS et CPAM conjointement), la population du territoire en cours et la taille qui en découle, le
    nombre de membres adhérents, les missions choisies et leur démarrage, les enveloppes conditionnelles choisies
    (`options` : code et date d'où chacune est due ; aucune par défaut) et les indicateurs nationaux."""
    from cpts.dossiers.etapes import franchir
    from cpts.territoires.enregistrement import territoire_en_cours

    exiger(auteur, Action.SIGNER_CONTRAT, cpts)
    cpts = Cpts.objects.select_for_update().get(pk=cpts.pk)
    try:
        texte = referentiel().texte_en_vigueur(signature)
    except EntreeInvalide as erreur:
        raise ValidationError({"signature": f"Date de signature : {erreur}."}) from None
    erreurs: dict[str, list[str]] = {}
    fin = anniversaire(signature, missions.duree_contrat(signature))
    erreurs_missions = _erreurs_missions(
        missions_choisies, missions.du_texte(signature), signature, fin, "la signature"
    )
    absentes = [code for code in missions.socles(signature) if code not in missions_choisies]
    if absentes:
        erreurs_missions.append(
            "Missions socles obligatoires au contrat (texte "
            f"{texte.libelle}) : {', '.join(missions.libelle_mission(code) for code in absentes)}."
        )
    if erreurs_missions:
        erreurs["missions"] = erreurs_missions
    options = dict(options or {})
    if erreurs_options := _erreurs_options(options, signature, fin):
        erreurs["options"] = erreurs_options
    en_cours = cpts.contrats.filter(fin__gt=signature).first()
    if en_cours is not None:
        erreurs.setdefault("signature", []).append(
            f"La CPTS a déjà un contrat en cours jusqu'au {jour_fr(en_cours.fin)}."
        )
    territoire = territoire_en_cours(cpts)
    if territoire is None or not territoire.population:
        erreurs.setdefault("__all__", []).append(
            "La CPTS n'a pas de territoire enregistré : sa population donne la taille du contrat."
        )
    if problemes := fichiers.erreurs_pdf(document):
        erreurs["document"] = problemes
    if erreurs:
        raise ValidationError(erreurs)
    population = territoire.population
    termes = Termes(
        signature=signature,
        duree=missions.duree_contrat(signature),
        taille=taille(population, signature),
        membres=_membres_adherents(cpts),
        missions=[MissionDatee(code, demarrage) for code, demarrage in missions_choisies.items()],
        options=options,
    )
    _verifier_calculable(termes)
    franchir(
        cpts,
        TransitionEtape.SIGNER_CONTRAT,
        auteur,
        date=signature,
        instance=Instance.ARS_CPAM,
        motif=motif,
    )
    contrat = Contrat(
        cpts=cpts,
        signature=signature,
        fin=fin,
        texte=texte.code,
        population=population,
        territoire=territoire,
        taille=termes.taille,
        membres=termes.membres,
        enregistre_par=auteur,
    )
    if document is not None:
        contrat.document = document
    contrat._history_user = auteur
    contrat.save()
    _ajouter_missions(contrat, missions_choisies, auteur)
    for code, depuis in options.items():
        option = OptionChoisie(contrat=contrat, option=code, depuis=depuis)
        option._history_user = auteur
        option.save()
    creer_nationaux(contrat, signature)
    return contrat


def _erreurs_options(options: Mapping[str, date], signature: date, fin: date) -> list[str]:
    erreurs = []
    for code, depuis in options.items():
        if code not in OptionContrat.values:
            erreurs.append(f"Option « {code} » inconnue : {', '.join(OptionContrat.values)}.")
        elif not signature <= depuis < fin:
            erreurs.append(
                f"{OptionContrat(code).label} : due à partir du {jour_fr(depuis)}, hors du contrat"
                f" ({jour_fr(signature)} – {jour_fr(fin)})."
            )
    return erreurs


def _ajouter_missions(
    contrat: Contrat, demarrages: Mapping[str, date | None], auteur: Any, ajoutee_par: Avenant | None = None
) -> None:
    """Les missions dans l'ordre du texte : leur rang d'enregistrement est celui de l'affichage."""
    ordre = referentiel().ordre_missions
    for code in sorted(demarrages, key=ordre.__getitem__):
        mission = MissionContrat(contrat=contrat, mission=code, demarrage=demarrages[code], ajoutee_par=ajoutee_par)
        mission._history_user = auteur
        mission.save()


def _contrat_verrouille(contrat: Contrat) -> Contrat:
    return Contrat.objects.select_for_update().select_related("cpts").get(pk=contrat.pk)


def _paiements_de_la_mission(contrat: Contrat, mission: str) -> bool:
    return contrat.paiements.filter(mission=mission, annulation__isnull=True).exists()


@transaction.atomic
def dater_mission(
    mission: MissionContrat, auteur: Any, *, demarrage: date | None, deploiement: date | None
) -> MissionContrat:
    """Fixe le démarrage (prévu ou effectif) et le déploiement complet d'une mission. Un démarrage tardif n'est pas
    refusé : il donne une alerte. Une fois des versements faits sur la mission, son démarrage ne change plus."""
    contrat = _contrat_verrouille(mission.contrat)
    exiger(auteur, Action.SUIVRE_CONTRAT, contrat)
    mission = MissionContrat.objects.select_related("ajoutee_par", "retiree_par").get(pk=mission.pk)
    erreurs: dict[str, list[str]] = {}
    if mission.retiree_par is not None:
        raise ValidationError(f"La mission « {mission.libelle} » a été retirée du contrat par avenant.")
    debut = mission.ajoutee_par.effet_le if mission.ajoutee_par else contrat.signature
    if demarrage != mission.demarrage and _paiements_de_la_mission(contrat, mission.mission):
        erreurs["demarrage"] = [
            "Des versements ont déjà été faits pour cette mission : sa date de démarrage ne change plus."
        ]
    elif demarrage is not None:
        quand = "la date d'effet de l'avenant qui l'ajoute" if mission.ajoutee_par else "la signature du contrat"
        if demarrage < debut:
            erreurs["demarrage"] = [f"Le démarrage ne peut précéder {quand} ({jour_fr(debut)})."]
        elif demarrage >= contrat.fin:
            erreurs["demarrage"] = [f"Le démarrage doit précéder la fin du contrat ({jour_fr(contrat.fin)})."]
    if deploiement is not None:
        if demarrage is None or deploiement < demarrage:
            erreurs["deploiement"] = ["Le déploiement complet vient après le démarrage de la mission."]
        elif deploiement > timezone.localdate():
            erreurs["deploiement"] = ["Le déploiement complet se constate : sa date ne peut être dans le futur."]
    if erreurs:
        raise ValidationError(erreurs)
    termes = termes_du_contrat(contrat)
    proposee = MissionDatee(
        mission.mission,
        demarrage,
        mission.ajoutee_par.effet_le if mission.ajoutee_par else None,
        None,
    )
    _verifier_calculable(termes_proposes(termes, missions={mission.mission: proposee}))
    mission.demarrage, mission.deploiement = demarrage, deploiement
    mission._history_user = auteur
    mission.save()
    return mission


@peremption_groupee()
def signer_avenant(
    contrat: Contrat,
    auteur: Any,
    *,
    signe_le: date,
    effet_le: date,
    objet: str,
    actualiser_territoire: bool = False,
    actualiser_membres: bool = False,
    missions_ajoutees: Mapping[str, date | None] | None = None,
    missions_retirees: Iterable[str] = (),
    indicateurs_nationaux: bool = False,
    document: UploadedFile | None = None,
) -> Avenant:
    """Enregistre un avenant : un changement daté des missions, de la taille (par la population du territoire en
    cours) ou du nombre de membres. L'échéancier suit : voir `cpts.contrats.termes` pour la date d'effet."""
    from cpts.territoires.enregistrement import territoire_en_cours

    contrat = _contrat_verrouille(contrat)
    exiger(auteur, Action.SIGNER_CONTRAT, contrat)
    missions_ajoutees = dict(missions_ajoutees or {})
    missions_retirees = list(missions_retirees)
    aujourd_hui = timezone.localdate()
    erreurs: dict[str, list[str]] = {}

    def ajouter(champ: str, message: str) -> None:
        erreurs.setdefault(champ, []).append(message)

    if signe_le > aujourd_hui:
        ajouter("signe_le", "Un avenant s'enregistre une fois signé : la date de signature ne peut être dans le futur.")
    if signe_le < contrat.signature:
        ajouter("signe_le", f"Un avenant ne peut précéder le contrat, signé le {jour_fr(contrat.signature)}.")
    if not contrat.signature <= effet_le < contrat.fin:
        ajouter(
            "effet_le",
            f"La date d'effet tombe pendant le contrat : du {jour_fr(contrat.signature)} au {jour_fr(contrat.fin)}"
            " (exclu).",
        )
    if not objet.strip():
        ajouter("objet", "Objet : décrivez ce que l'avenant change.")
    presentes = {m.mission: m for m in contrat.missions.all()}
    for code in missions_ajoutees:
        if code in presentes:
            ajouter("missions_ajoutees", f"La mission « {missions.libelle_mission(code)} » figure déjà au contrat.")
    if "effet_le" not in erreurs:
        for message in _erreurs_missions(
            {code: d for code, d in missions_ajoutees.items() if code not in presentes},
            missions.du_texte(effet_le),
            effet_le,
            contrat.fin,
            "la date d'effet de l'avenant",
        ):
            ajouter("missions_ajoutees", message)
    for code in missions_retirees:
        presente = presentes.get(code)
        libelle = missions.libelle_mission(code)
        if presente is None or presente.retiree_par_id is not None:
            ajouter("missions_retirees", f"La mission « {libelle} » ne figure pas (ou plus) au contrat.")
        elif missions.categorie(code) == "socle":
            ajouter("missions_retirees", f"La mission « {libelle} » est une mission socle : elle reste au contrat.")
    population = territoire = taille_ = None
    if actualiser_territoire:
        territoire = territoire_en_cours(contrat.cpts)
        if territoire is None or not territoire.population:
            ajouter("actualiser_territoire", "La CPTS n'a pas de territoire enregistré dont reprendre la population.")
        elif "effet_le" not in erreurs:
            population = territoire.population
            taille_ = taille(population, effet_le)
    membres = _membres_adherents(contrat.cpts) if actualiser_membres else None
    if not (missions_ajoutees or missions_retirees or actualiser_territoire or actualiser_membres or objet.strip()):
        ajouter("__all__", "Un avenant change au moins une chose.")
    if problemes := fichiers.erreurs_pdf(document):
        erreurs["document"] = problemes
    if erreurs:
        raise ValidationError(erreurs)

    numero = (contrat.avenants.aggregate(dernier=Max("numero"))["dernier"] or 0) + 1
    termes = termes_du_contrat(contrat)
    proposees = {code: MissionDatee(code, demarrage, effet_le) for code, demarrage in missions_ajoutees.items()}
    for code in missions_retirees:
        actuelle = next(m for m in termes.missions if m.code == code)
        proposees[code] = MissionDatee(code, actuelle.demarrage, actuelle.ajoutee_le, effet_le)
    _verifier_calculable(
        termes_proposes(termes, changements=[Changement(effet_le, numero, taille_, membres)], missions=proposees)
    )
    avenant = Avenant(
        contrat=contrat,
        numero=numero,
        signe_le=signe_le,
        effet_le=effet_le,
        objet=objet.strip(),
        taille=taille_,
        population=population,
        territoire=territoire if actualiser_territoire else None,
        membres=membres,
        enregistre_par=auteur,
    )
    if document is not None:
        avenant.document = document
    avenant._history_user = auteur
    avenant.save()
    _ajouter_missions(contrat, missions_ajoutees, auteur, ajoutee_par=avenant)
    for code in missions_retirees:
        mission = presentes[code]
        mission.retiree_par = avenant
        mission._history_user = auteur
        mission.save(update_fields=["retiree_par"])
    if indicateurs_nationaux:
        creer_nationaux(contrat, effet_le)
    return avenant


@transaction.atomic
def deposer_document(objet: Contrat | Avenant, fichier: UploadedFile, auteur: Any) -> None:
    """Joint (ou remplace) le PDF signé d'un contrat ou d'un avenant ; l'ancien reste dans l'historique et sur le
    disque."""
    contrat = objet if isinstance(objet, Contrat) else objet.contrat
    exiger(auteur, Action.SIGNER_CONTRAT, contrat)
    fichiers.valider_pdf(fichier)
    objet.document = fichier
    objet._history_user = auteur
    objet.save(update_fields=["document"])


def contrat_en_cours(cpts: Cpts, le: date | None = None) -> Contrat | None:
    le = le or timezone.localdate()
    return cpts.contrats.filter(signature__lte=le, fin__gt=le).first()


def cpts_a_signer(utilisateur: Any) -> list[Cpts]:
    """Les CPTS au projet de santé validé dont l'utilisateur peut enregistrer le contrat."""
    from cpts.comptes.droits import filtrer

    return list(filtrer(utilisateur, Cpts.objects.filter(etape=Etape.PROJET_SANTE_VALIDE), Action.SIGNER_CONTRAT))


@peremption_groupee()
def reprendre_contrat(
    cpts: Cpts,
    auteur: Any,
    *,
    signature: date,
    taille_publiee: int,
    missions_choisies: Mapping[str, date | None],
    population: int | None = None,
    membres: int = 0,
    signature_au_dossier: date | None = None,
) -> Contrat:
    """Reprend un contrat signé avant la plateforme (tableau publié par l'ARS, démonstration) : la décision de
    signature figure déjà au dossier (étape « contrat signé » à cette date) ; seule la taille publiée est sûre, la
    population quand elle est connue. Les indicateurs nationaux du texte de la signature sont ajoutés."""
    from cpts.dossiers.models import DecisionEtape

    exiger(auteur, Action.SIGNER_CONTRAT, cpts)
    # Quand la source publiée date le contrat autrement que le dossier, les deux dates sont gardées telles quelles.
    au_dossier = signature_au_dossier or signature
    signee = DecisionEtape.objects.filter(cpts=cpts, transition=TransitionEtape.SIGNER_CONTRAT, date=au_dossier)
    if cpts.etape != Etape.CONTRAT_SIGNE or not signee.exists():
        raise ValidationError(
            f"Le dossier de {cpts} ne porte pas la signature du contrat au {jour_fr(au_dossier)} : enregistrez d'abord "
            "la décision d'étape."
        )
    if signature > timezone.localdate():
        raise ValidationError(
            {"signature": "Un contrat s'enregistre une fois signé : la date ne peut être dans le futur."}
        )
    # Comme à la signature : deux contrats ne financent jamais la même période (reprise d'un renouvellement).
    en_cours = cpts.contrats.filter(signature__lte=signature, fin__gt=signature).first()
    if en_cours is not None:
        raise ValidationError(
            {
                "signature": f"La CPTS a déjà un contrat en cours jusqu'au {jour_fr(en_cours.fin)}, signé le "
                f"{jour_fr(en_cours.signature)}."
            }
        )
    texte = referentiel().texte_en_vigueur(signature)
    termes = Termes(
        signature=signature,
        duree=missions.duree_contrat(signature),
        taille=taille_publiee,
        membres=membres,
        missions=[MissionDatee(code, demarrage) for code, demarrage in missions_choisies.items()],
    )
    erreurs = _erreurs_missions(
        missions_choisies,
        missions.du_texte(signature),
        signature,
        termes.fin(termes.duree),
        "la signature",
    )
    if erreurs:
        raise ValidationError({"missions": erreurs})
    _verifier_calculable(termes)
    contrat = Contrat(
        cpts=cpts,
        signature=signature,
        fin=termes.fin(termes.duree),
        texte=texte.code,
        population=population,
        taille=taille_publiee,
        membres=membres,
        enregistre_par=auteur,
    )
    contrat._history_user = auteur
    contrat.save()
    _ajouter_missions(contrat, missions_choisies, auteur)
    creer_nationaux(contrat, signature)
    return contrat
