"""Le résumé, les actions et les lignes du compositeur, écrits en Python : seuls rédacteurs de ce texte, pour le
fragment d'un ajout ou d'un retrait d'une commune (annonce, résumé, actions, ligne ajoutée ou retirée, en hors-bande
pour htmx) comme pour la page entière (`territoires/_composition.html`, par les balises de `cpts_composition`).

Pourquoi pas dans les gabarits : à chaque clic, le moteur de gabarits résolvait et échappait une à une les variables
du résumé, des actions et de la ligne (cinq inclusions, une vingtaine de conditions) : après le calcul du résumé, le
plus gros du temps de la réponse. Ici le même texte, au caractère près, chaque valeur échappée comme par les gabarits
qu'il remplace (`tests/www/territoires/test_changement_ecrit.py` le compare à ces gabarits, gardés sous
`tests/www/territoires/gabarits/`). Les lignes des conflits, qui reviennent d'un clic à l'autre, sont gardées écrites.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from cpts.affichage import nombre
from cpts.territoires.composition import Chevauchement, Enclave, Resume
from cpts.territoires.memoire import CommuneGardee
from cpts.www.formulaires import echapper

OOB = 'hx-swap-oob="true"'


@dataclass(frozen=True)
class Changement:
    """Ce que dit le fragment : le résumé recalculé et la commune ajoutée (avec celle qui la précède) ou retirée."""

    resume: Resume
    urls: Mapping[str, str]
    jeton: str
    annonce: str
    non_enregistre: bool
    # La composition d'une CPTS (et non libre) : la question du vidage rappelle que son territoire enregistré reste.
    pour_une_cpts: bool = False
    ajoutee: CommuneGardee | None = None
    precedente: str | None = None
    retiree: str | None = None


def _liste(valeurs: Iterable[str]) -> str:
    """`{{ valeurs|join:", "|default:"—" }}`."""
    return ", ".join(echapper(valeur) for valeur in valeurs) or "—"


@lru_cache(maxsize=8192)
def _conflit(conflit: Chevauchement) -> str:
    # Le n-uplet porte tout ce qui est écrit : une ligne gardée ne peut pas être périmée.
    return f"<li>{echapper(conflit.nom_commune)} ({echapper(conflit.commune)}) : {echapper(conflit.cpts)}</li>"


def _enclaves(enclaves: list[Enclave]) -> str:
    dernier = len(enclaves) - 1
    noms = "".join(
        f"\n          {echapper(enclave.nom)} ({echapper(enclave.code)})\n"
        f"          {',' if rang < dernier else ''}\n        "
        for rang, enclave in enumerate(enclaves)
    )
    return (
        '\n    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w" id="enclaves">\n'
        "      <p>\n"
        "        Communes d'aucune CPTS entourées par ce territoire :\n"
        f"        {noms}\n"
        "      </p>\n"
        "    </div>\n  "
    )


def _hors_bande(oob: bool) -> str:
    return OOB if oob else ""


def resume(resume: Resume, urls: Mapping[str, str], non_enregistre: bool, *, oob: bool) -> str:
    """Le résumé de la composition ; `oob`, en hors-bande (fragment d'un ajout ou d'un retrait)."""
    non_enr = (
        '\n    <p class="fr-badge fr-badge--warning" id="non-enregistre">Modifications non enregistrées</p>\n  '
        if non_enregistre
        else ""
    )
    taille = f"Taille {resume.taille}" if resume.taille else "—"
    contigu = "Oui" if resume.contigu else "Non : le territoire est en plusieurs morceaux"
    liens = (
        "\n    <p>\n"
        '      <a class="fr-link"\n'
        '         id="lien-simulation"\n'
        f'         href="{echapper(urls["simulation"])}?population={resume.population:d}">Simuler le financement avec '
        "ce territoire</a>\n"
        "    </p>\n"
        "    <p>\n"
        '      <a class="fr-link"\n'
        '         id="lien-profil"\n'
        f'         href="{echapper(urls["profil"])}">Profil du territoire : indicateurs comparés au département, à la '
        "région et à la France</a>\n"
        "    </p>\n  "
        if resume.population
        else ""
    )
    seuil = (
        '\n    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w">\n'
        "      <p>Moins de 15 000 habitants : le guide de l'ARS invite à vérifier la pertinence d'un territoire aussi "
        "petit.</p>\n"
        "    </div>\n  "
        if resume.sous_le_seuil_conseille
        else ""
    )
    chevauchements = (
        '\n    <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w">\n      '
        + "".join(f"<p>{echapper(texte)}</p>" for texte in resume.chevauchements)
        + "\n    </div>\n  "
        if resume.chevauchements
        else ""
    )
    conflits = (
        '\n    <div class="fr-alert fr-alert--warning fr-mb-2w" id="conflits">\n'
        '      <h3 class="fr-alert__title">Communes déjà dans une autre CPTS</h3>\n'
        "      <ul>\n        " + "".join(map(_conflit, resume.conflits)) + "\n      </ul>\n    </div>\n  "
        if resume.conflits
        else ""
    )
    enclaves = _enclaves(resume.enclaves) if resume.enclaves else ""
    sans_contour = (
        '\n    <p class="fr-text--sm">Sans contour connu (comptées dans la population, absentes de la carte) : '
        f"{_liste(resume.sans_contour)}</p>\n  "
        if resume.sans_contour
        else ""
    )
    return (
        '<section class="fr-mt-4w"\n'
        '         aria-labelledby="titre-resume"\n'
        '         id="composition-resume"\n'
        f"         {_hors_bande(oob)}>\n"
        '  <h2 id="titre-resume">Résumé</h2>\n'
        f"  {non_enr}\n"
        '  <dl class="cpts-resume" id="resume">\n'
        "    <div>\n"
        "      <dt>Population</dt>\n"
        '      <dd id="resume-population">\n'
        f"        {nombre(resume.population)} habitants\n"
        "      </dd>\n"
        "    </div>\n"
        "    <div>\n"
        "      <dt>Taille</dt>\n"
        '      <dd id="resume-taille">\n'
        f"        \n          {taille}\n        \n"
        "      </dd>\n"
        "    </div>\n"
        "    <div>\n"
        "      <dt>Communes</dt>\n"
        '      <dd id="resume-communes">\n'
        f"        {resume.communes}\n"
        "      </dd>\n"
        "    </div>\n"
        "    <div>\n"
        "      <dt>Départements</dt>\n"
        "      <dd>\n"
        f"        {_liste(resume.departements)}\n"
        "      </dd>\n"
        "    </div>\n"
        "    <div>\n"
        "      <dt>Régions</dt>\n"
        "      <dd>\n"
        f"        {_liste(resume.regions)}\n"
        "      </dd>\n"
        "    </div>\n"
        "    <div>\n"
        "      <dt>D'un seul tenant</dt>\n"
        '      <dd id="resume-contigu">\n'
        f"        \n          {contigu}\n        \n"
        "      </dd>\n"
        "    </div>\n"
        "  </dl>\n"
        f"  {liens}\n"
        f"  {seuil}\n"
        f"  {chevauchements}\n"
        f"  {conflits}\n"
        f"  {enclaves}\n"
        f"  {sans_contour}\n"
        "</section>\n"
    )


def _export(adresse: str, format_: str) -> str:
    return (
        "  <li>\n"
        '    <a class="fr-btn fr-btn--secondary"\n'
        f'       href="{echapper(adresse)}"\n'
        f"       download>Exporter en {format_}</a>\n"
        "  </li>\n"
    )


def actions(communes: int, urls: Mapping[str, str], jeton: str, cpts: bool, *, oob: bool) -> str:
    """Les exports et le vidage de la composition ; `oob`, en hors-bande. `jeton` : le jeton CSRF déjà échappé."""
    vider = echapper(urls["vider"])
    question = (
        "Retirer la seule commune de la composition ?"
        if communes == 1
        else f"Retirer les {communes} communes de la composition ?"
    )
    if cpts:
        question += " Le territoire enregistré ne change pas tant que vous n'enregistrez pas."
    vidage = (
        "\n    <li>\n"
        '      <form class="cpts-vidage"\n'
        '            method="post"\n'
        f'            action="{vider}"\n'
        f'            hx-post="{vider}"\n'
        '            hx-target="#composition"\n'
        f'            hx-confirm="{question}">\n'
        f'        <input type="hidden" name="csrfmiddlewaretoken" value="{jeton}">\n'
        '        <button type="submit" class="fr-btn fr-btn--tertiary">Tout retirer</button>\n'
        "      </form>\n"
        "    </li>\n  "
        if communes
        else ""
    )
    return (
        '<ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm"\n'
        '    id="composition-actions"\n'
        f"    {_hors_bande(oob)}>\n"
        + _export(urls["export_csv"], "CSV")
        + _export(urls["export_xlsx"], "XLSX")
        + _export(urls["export_geojson"], "GeoJSON")
        + f"  {vidage}\n</ul>\n"
    )


def ligne(unite: CommuneGardee, urls: Mapping[str, str], jeton: str) -> str:
    """La ligne d'une commune du tableau, avec son bouton de retrait. `jeton` : le jeton CSRF déjà échappé."""
    # Le jeton de la page, masqué une fois pour toutes les lignes (`{% csrf_token %}` le masquerait 200 fois).
    retirer, code, nom = echapper(urls["retirer"]), echapper(unite.code), echapper(unite.nom)
    population = "" if unite.population is None else nombre(unite.population)
    return (
        f'<tr id="ligne-commune-{code}">\n'
        f"  <td>{nom}</td>\n"
        f"  <td>{code}</td>\n"
        f"  <td>{echapper(unite.departement_id)}</td>\n"
        f'  <td class="cpts-nombre">{population}</td>\n'
        "  <td>\n"
        '    <form class="cpts-retrait"\n'
        '          method="post"\n'
        f'          action="{retirer}"\n'
        f'          hx-post="{retirer}"\n'
        '          hx-target="#composition">\n'
        "      \n"
        f'      <input type="hidden" name="csrfmiddlewaretoken" value="{jeton}">\n'
        f'      <input type="hidden" name="code" value="{code}">\n'
        '      <button type="submit"\n'
        '              class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-icon-delete-line fr-btn--icon-left">\n'
        f'        Retirer <span class="fr-sr-only">{nom}</span>\n'
        "      </button>\n"
        "    </form>\n"
        "  </td>\n"
        "</tr>\n"
    )


def _lignes(changement: Changement, jeton: str) -> str:
    ajout = ""
    if changement.ajoutee is not None:
        place = (
            f"afterend:#ligne-commune-{echapper(changement.precedente)}"
            if changement.precedente
            else "afterbegin:#communes-lignes"
        )
        ajout = (
            f'\n    <tbody hx-swap-oob="{place}">\n'
            f"      {ligne(changement.ajoutee, changement.urls, jeton)}\n"
            "    </tbody>\n  "
        )
    retrait = (
        f'\n    <tr id="ligne-commune-{echapper(changement.retiree)}" hx-swap-oob="delete"></tr>\n  '
        if changement.retiree
        else ""
    )
    return f"<template>\n  {ajout}\n  {retrait}\n</template>\n"


def fragment(changement: Changement, enregistrer: Mapping[str, object] | None = None) -> SafeString:
    """Tout le fragment : l'annonce, les messages (vides), le résumé, les actions, le bloc d'enregistrement, la ligne.

    `enregistrer` : le contexte du bloc d'enregistrement pour qui peut enregistrer (son formulaire d'arbitrage, un
    choix par conflit, passe par son gabarit) ; None, le bloc est vide."""
    jeton = echapper(changement.jeton)
    bloc = (
        render_to_string("territoires/_composition_enregistrer.html", {**enregistrer, "oob": True})
        if enregistrer is not None
        else f'<div id="composition-enregistrer"\n     {OOB}>\n  \n</div>\n'
    )
    return mark_safe(
        "\n\n"
        f'<p class="fr-sr-only" id="annonce" hx-swap-oob="innerHTML">{echapper(changement.annonce)}</p>\n'
        f'<div id="composition-messages" {OOB}>\n  \n  \n</div>\n\n'
        f"{resume(changement.resume, changement.urls, changement.non_enregistre, oob=True)}\n"
        f"{actions(changement.resume.communes, changement.urls, jeton, changement.pour_une_cpts, oob=True)}\n"
        f"{bloc}\n\n"
        f"{_lignes(changement, jeton)}"
    )


def depuis_contexte(contexte: Mapping[str, Any], jeton: str, ajoutee: str | None, retiree: str | None) -> SafeString:
    """Le fragment d'après le contexte de la page (`views._contexte`) : la commune `ajoutee` placée après celle qui la
    précède dans le tableau, ou la commune `retiree`."""
    resume: Resume = contexte["resume"]
    unites = resume.unites
    rang = next((rang for rang, unite in enumerate(unites) if unite.code == ajoutee), None)
    return fragment(
        Changement(
            resume,
            contexte["urls"],
            jeton,
            contexte["annonce"],
            contexte["non_enregistre"],
            pour_une_cpts=contexte["cpts"] is not None,
            ajoutee=unites[rang] if rang is not None else None,
            precedente=unites[rang - 1].code if rang else None,
            retiree=retiree,
        ),
        {**contexte, "csrf_token": jeton} if contexte["peut_enregistrer"] else None,
    )
