"""Les exports d'un profil (XLSX et PDF) : les mêmes cases que la page, valeurs masquées comprises."""

from django.http import HttpResponse

from cpts import exports, pdf
from cpts.diagnostic.presentation import lignes_export
from cpts.diagnostic.profil import Profil


def colonnes(profil: Profil) -> list[exports.Colonne]:
    territoire, departement, region, france = profil.colonnes
    return [
        exports.Colonne("Thème", lambda ligne: ligne["theme"]),
        exports.Colonne("Indicateur", lambda ligne: ligne["indicateur"]),
        exports.Colonne("Unité", lambda ligne: ligne["unite"]),
        exports.Colonne("Année", lambda ligne: ligne["annee"]),
        exports.Colonne(territoire, lambda ligne: ligne["territoire"]),
        exports.Colonne(departement, lambda ligne: ligne["departement"]),
        exports.Colonne(region, lambda ligne: ligne["region"]),
        exports.Colonne(france, lambda ligne: ligne["france"]),
        exports.Colonne("Objectif intermédiaire", lambda ligne: ligne["objectif_intermediaire"]),
        exports.Colonne("Objectif cible", lambda ligne: ligne["objectif_cible"]),
        exports.Colonne("Médiane des CPTS du département", lambda ligne: ligne["mediane"]),
        exports.Colonne("Minimum", lambda ligne: ligne["minimum"]),
        exports.Colonne("Maximum", lambda ligne: ligne["maximum"]),
        exports.Colonne("Source", lambda ligne: ligne["source"]),
    ]


def note(profil: Profil) -> str:
    texte = (
        f"Secret statistique : aucune valeur fondée sur moins de {profil.seuil} personnes, ni aucune qui en "
        "révélerait une par différence, n'est affichée (« secret statistique »)."
    )
    if any(any(ligne.calculees) for theme in profil.themes for ligne in theme.lignes):
        texte += (
            " « (calculé) » : valeur que la source n'a pas publiée, calculée des valeurs de toutes les communes du "
            "département, de la région ou de la France."
        )
    return texte


def reponse(profil: Profil, format_: str, nom: str) -> HttpResponse:
    lignes = list(lignes_export(profil))
    if format_ == "xlsx":
        return exports.reponse_xlsx(nom, colonnes(profil), lignes)
    entetes = ["Indicateur", "Année", *profil.colonnes, "Objectifs", "Médiane (min – max) des CPTS"]
    sections = [
        (
            theme.nom,
            pdf.Tableau(
                entetes,
                [
                    [
                        f"{ligne['indicateur']} ({ligne['unite']})" if ligne["unite"] else ligne["indicateur"],
                        ligne["annee"],
                        ligne["territoire"],
                        ligne["departement"],
                        ligne["region"],
                        ligne["france"],
                        " / ".join(o for o in (ligne["objectif_intermediaire"], ligne["objectif_cible"]) if o),
                        f"{ligne['mediane']} ({ligne['minimum']} – {ligne['maximum']})" if ligne["mediane"] else "",
                    ]
                    for ligne in lignes
                    if ligne["theme"] == theme.nom
                ],
                a_droite=frozenset(range(2, 2 + len(profil.colonnes))),
            ),
        )
        for theme in profil.themes
    ]
    contexte = {"profil": profil, "sections": sections, "note": note(profil)}
    contenu = pdf.document("pdf/profil.html", contexte, f"Profil — {profil.titre}", paysage=True)
    reponse_ = HttpResponse(contenu, content_type="application/pdf")
    reponse_["Content-Disposition"] = exports.piece_jointe(f"{nom}.pdf")
    return reponse_
