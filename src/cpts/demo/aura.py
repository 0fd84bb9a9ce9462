"""La démonstration : l'Auvergne-Rhône-Alpes au 1er juin 2021, telle que la décrit la CPR du 9 juin 2021.

Sources ([cpr-aura-2021-06-09], CPR CPTS Auvergne-Rhône-Alpes du 9 juin 2021) :
- « ETAT DES LIEUX DES CPTS EN AURA (AU 1ER JUIN 2021) » : projets par département et par étape (96) ;
- « FOCUS CONTRATS ACI SIGNES » : les 20 contrats, avec leur nom, leur date et leur taille ;
- « CPTS Signés au 04/06/21 » : couverture nationale par région, reprise en statistiques publiées.
Et [cpr-pdl-2021-02-04] (CPR Pays de la Loire du 4 février 2021) : France et Pays de la Loire, décembre 2020.

Le support ne donne ni les noms des autres projets ni leurs dates : ils reçoivent un nom neutre
(« Projet 69-07 ») et des dates plausibles, toutes antérieures au 1er juin 2021, pour que l'historique des étapes
redonne exactement les comptes publiés. Les territoires des CPTS signataires sont faits de vraies communes de
leur département, voisines, dont la population tombe dans la taille publiée. Aucune donnée personnelle. Ces
projets sont écrits une fois dans le fichier de portefeuille de la démonstration (`cpts.demo.fabrique`), que
`cpts demo` importe.
"""

import datetime
from collections.abc import Iterator

from shapely import STRtree

from cpts.dossiers.enums import Instance, TransitionEtape
from cpts.pilotage.models import StatistiquePubliee
from cpts.territoires.geometrie import decoder_multipolygone
from cpts.territoires.models import Commune

REGION = "84"
ETAT_DES_LIEUX = datetime.date(2021, 6, 1)
SOURCE_003 = "CPR CPTS Auvergne-Rhône-Alpes du 9 juin 2021"
SOURCE_004 = "CPR CPTS Pays de la Loire du 4 février 2021, d'après la fédération nationale des CPTS"

# Département : (dynamiques, pré-projets validés, projets de santé validés, contrats signés) au 1er juin 2021.
ETAT_PUBLIE = {
    "01": (3, 1, 0, 2),
    "03": (1, 2, 0, 1),
    "07": (3, 1, 0, 0),
    "15": (0, 0, 0, 1),
    "26": (7, 2, 0, 1),
    "38": (3, 6, 0, 3),
    "42": (3, 1, 0, 2),
    "43": (3, 0, 0, 1),
    "63": (5, 1, 0, 1),
    "69": (16, 8, 1, 4),
    "73": (2, 1, 0, 3),
    "74": (4, 2, 0, 1),
}

# (département, nom, date de signature publiée, taille publiée), dans l'ordre du support.
CONTRATS_PUBLIES = (
    ("01", "Ussès ValsRhône", datetime.date(2021, 2, 4), 1),
    ("01", "Bugey Sud", datetime.date(2020, 2, 7), 2),
    ("03", "Sud Allier", datetime.date(2020, 6, 17), 1),
    ("15", "Mauriac", datetime.date(2020, 2, 21), 1),
    ("26", "Sud Valence", datetime.date(2020, 9, 1), 1),
    ("38", "Lacs et Montagne Sud Isère", datetime.date(2021, 5, 20), 1),
    ("38", "Sud Est Grenoblois", datetime.date(2021, 7, 9), 2),
    ("38", "Vercors", datetime.date(2019, 12, 16), 1),
    ("42", "Roanne", datetime.date(2020, 12, 9), 3),
    ("42", "Forez Est", datetime.date(2020, 7, 8), 2),
    ("43", "Nord Velay Forez", datetime.date(2020, 12, 18), 1),
    ("63", "Haute Combraille Et Volcans", datetime.date(2020, 2, 19), 1),
    ("69", "Monts du Lyonnais", datetime.date(2020, 10, 5), 2),
    ("69", "Pays de l'Ozon", datetime.date(2021, 2, 1), 2),
    ("69", "Beaujolais Dombes", datetime.date(2020, 11, 4), 4),
    ("69", "Vénissieux", datetime.date(2019, 9, 24), 2),
    ("73", "Cœur de Savoie", datetime.date(2021, 3, 1), 2),
    ("73", "Yenne", datetime.date(2020, 12, 14), 1),
    ("73", "Haute Tarentaise", datetime.date(2021, 3, 1), 1),
    ("74", "Grand Annecy", datetime.date(2020, 12, 17), 4),
)

# Le support compte « Sud Est Grenoblois » parmi les 3 contrats isérois au 1er juin 2021 mais date son contrat
# du 09/07/2021 : l'historique des étapes suit les comptes (signature constatée au 1er juin), le contrat garde
# la date publiée, et le tableau des contrats signale l'écart.
SIGNATURE_AU_DOSSIER = {"Sud Est Grenoblois": ETAT_DES_LIEUX}

# Point de départ de chaque territoire : la commune qui donne son nom à la CPTS, ou un chef-lieu de son secteur.
COMMUNES_CENTRES = {
    "Ussès ValsRhône": "01033",  # Bellegarde-sur-Valserine (Valserhône)
    "Bugey Sud": "01034",  # Belley
    "Sud Allier": "03118",  # Gannat
    "Mauriac": "15120",
    "Sud Valence": "26252",  # Portes-lès-Valence
    "Lacs et Montagne Sud Isère": "38269",  # La Mure
    "Sud Est Grenoblois": "38151",  # Échirolles
    "Vercors": "38548",  # Villard-de-Lans
    "Roanne": "42187",
    "Forez Est": "42094",  # Feurs
    "Nord Velay Forez": "43162",  # Retournac
    "Haute Combraille Et Volcans": "63283",  # Pontaumur
    "Monts du Lyonnais": "69238",  # Saint-Symphorien-sur-Coise
    "Pays de l'Ozon": "69291",  # Saint-Symphorien-d'Ozon
    "Beaujolais Dombes": "69264",  # Villefranche-sur-Saône
    "Vénissieux": "69259",
    "Cœur de Savoie": "73171",  # Montmélian
    "Yenne": "73330",
    "Haute Tarentaise": "73054",  # Bourg-Saint-Maurice
    "Grand Annecy": "74010",  # Annecy
}

# Population visée pour chaque taille : dans la tranche de l'ACI, et au moins 15 000 habitants ([ars-aura-guide]).
POPULATIONS = {1: (20_000, 40_000), 2: (45_000, 80_000), 3: (90_000, 175_000), 4: (180_000, 400_000)}

# Couverture publiée au 4 juin 2021 : région, CPTS signées, population couverte, habitants ([cpr-aura-2021-06-09]).
COUVERTURE_PUBLIEE = (
    ("84", 20, 1_183_680, 8_032_377),
    ("27", 5, 372_372, 2_783_039),
    ("53", 3, 212_799, 3_340_379),
    ("24", 18, 1_825_050, 2_559_073),
    ("94", 0, 0, 344_679),
    ("44", 12, 1_239_779, 5_511_747),
    ("01", 0, 0, 376_879),
    ("03", 0, 0, 290_691),
    ("32", 7, 765_074, 5_962_662),
    ("11", 20, 2_471_665, 12_278_210),
    ("04", 1, 55_100, 859_959),
    ("02", 1, 358_749, 358_749),
    ("06", 0, 0, 279_471),
    ("28", 6, 718_506, 3_303_500),
    ("75", 6, 284_131, 5_999_982),
    ("76", 7, 461_379, 5_924_858),
    ("52", 11, 941_653, 3_801_797),
    ("93", 10, 848_422, 5_055_651),
)
DATE_COUVERTURE = datetime.date(2021, 6, 4)
DECEMBRE_2020 = datetime.date(2020, 12, 31)
Indicateur = StatistiquePubliee.Indicateur
# France (599 CPTS, source : fédération nationale des CPTS) et Pays de la Loire, décembre 2020 ([cpr-pdl-2021-02-04],
# « Etat des lieux des adhésions »). Pour les Pays de la Loire, notre lecture du support en quatre colonnes
# (`cpts.demo.pdl`) : 5 en réflexion, 11 lettres d'intention validées, 5 projets de santé validés, 7 ACI signés.
ETATS_PUBLIES_2020 = (
    ("FR", Indicateur.PROJETS_TOTAL, 599),
    ("FR", Indicateur.PROJETS_DYNAMIQUE, 326),
    ("FR", Indicateur.PROJETS_PRE_PROJET_VALIDE, 158),
    ("FR", Indicateur.PROJETS_PROJET_SANTE_VALIDE, 30),
    ("FR", Indicateur.CPTS_SIGNEES, 85),
    ("52", Indicateur.PROJETS_TOTAL, 28),
    ("52", Indicateur.PROJETS_DYNAMIQUE, 5),
    ("52", Indicateur.PROJETS_PRE_PROJET_VALIDE, 11),
    ("52", Indicateur.PROJETS_PROJET_SANTE_VALIDE, 5),
    ("52", Indicateur.CPTS_SIGNEES, 7),
)


def _jour(debut: datetime.date, rang: int, etendue: int) -> datetime.date:
    """Une date déterministe, étalée sur `etendue` jours après `debut`."""
    return debut + datetime.timedelta(days=(rang * 47) % etendue)


def projets() -> Iterator[tuple[str, str, str, datetime.date | None]]:
    """(département, nom, colonne au 1er juin 2021, signature publiée) pour les 96 projets."""
    signes = {departement: [] for departement in ETAT_PUBLIE}
    for departement, nom, signature, _ in CONTRATS_PUBLIES:
        signes[departement].append((nom, signature))
    for departement, (dynamiques, pre_projets, projets_sante, contrats) in ETAT_PUBLIE.items():
        assert len(signes[departement]) == contrats, departement
        yield from ((departement, nom, "contrat_signe", signature) for nom, signature in signes[departement])
        numero = 0
        for colonne, nombre in (
            ("projet_sante_valide", projets_sante),
            ("pre_projet_valide", pre_projets),
            ("dynamique", dynamiques),
        ):
            for _ in range(nombre):
                numero += 1
                yield departement, f"Projet {departement}-{numero:02d}", colonne, None


# Les décisions franchies pour atteindre chaque colonne, avec leur écart (en jours) avant la date repère.
PARCOURS = {
    "dynamique": (),
    "pre_projet_valide": ((TransitionEtape.DEPOSER_PRE_PROJET, 120), (TransitionEtape.VALIDER_PRE_PROJET, 60)),
    "projet_sante_valide": (
        (TransitionEtape.DEPOSER_PRE_PROJET, 400),
        (TransitionEtape.VALIDER_PRE_PROJET, 330),
        (TransitionEtape.DEPOSER_PROJET_SANTE, 150),
        (TransitionEtape.VALIDER_PROJET_SANTE, 90),
    ),
    "contrat_signe": (
        (TransitionEtape.DEPOSER_PRE_PROJET, 420),
        (TransitionEtape.VALIDER_PRE_PROJET, 360),
        (TransitionEtape.DEPOSER_PROJET_SANTE, 150),
        (TransitionEtape.VALIDER_PROJET_SANTE, 60),
        (TransitionEtape.SIGNER_CONTRAT, 0),
    ),
}
INSTANCES = {
    TransitionEtape.DEPOSER_PRE_PROJET: Instance.EQUIPE_PROJET,
    TransitionEtape.VALIDER_PRE_PROJET: Instance.ECD,
    TransitionEtape.DEPOSER_PROJET_SANTE: Instance.EQUIPE_PROJET,
    TransitionEtape.VALIDER_PROJET_SANTE: Instance.ARS,
    TransitionEtape.SIGNER_CONTRAT: Instance.ARS_CPAM,
}


def composer_territoire(departement: str, centre: str, bornes: tuple[int, int], prises: set[str]) -> list[str]:
    """Des communes voisines autour du centre, ajoutées de la plus peuplée à la moins peuplée des voisines
    disponibles, jusqu'à entrer dans la tranche de population visée sans la dépasser."""
    communes = list(
        Commune.objects.filter(departement_id=departement, active=True, type="commune")
        .exclude(contour="")
        .exclude(code__in=prises)
        .only("code", "population", "contour")
    )
    par_code = {commune.code: commune for commune in communes}
    rangs = {commune.code: rang for rang, commune in enumerate(communes)}
    geometries = [decoder_multipolygone(commune.contour) for commune in communes]
    arbre = STRtree(geometries)
    minimum, maximum = bornes
    choisies = [centre]
    total = par_code[centre].population
    while total < minimum:
        voisines = {
            communes[i].code for code in choisies for i in arbre.query(geometries[rangs[code]], predicate="intersects")
        } - set(choisies)
        candidates = sorted(
            (par_code[code] for code in voisines if total + par_code[code].population < maximum),
            key=lambda commune: (-commune.population, commune.code),
        )
        if not candidates:
            break
        choisies.append(candidates[0].code)
        total += candidates[0].population
    return sorted(choisies)


def creer_statistiques() -> None:
    for region, signees, couverte, habitants in COUVERTURE_PUBLIEE:
        for indicateur, valeur in (
            (Indicateur.CPTS_SIGNEES, signees),
            (Indicateur.POPULATION_COUVERTE, couverte),
            (Indicateur.HABITANTS, habitants),
        ):
            StatistiquePubliee.objects.get_or_create(
                zone=region,
                date=DATE_COUVERTURE,
                indicateur=indicateur,
                defaults={"valeur": valeur, "source": SOURCE_003},
            )
    for zone, indicateur, valeur in ETATS_PUBLIES_2020:
        StatistiquePubliee.objects.get_or_create(
            zone=zone, date=DECEMBRE_2020, indicateur=indicateur, defaults={"valeur": valeur, "source": SOURCE_004}
        )
