"""Les Pays de la Loire de la démonstration, tels que la CPR du 4 février 2021 les présente ([cpr-pdl-2021-02-04]).

« Les projets en région », décembre 2020 : « 12 projets validés et 7 ACI signés ; 11 projets en cours (lettres
d'intention) ; 5 projets en réflexion ». Notre lecture, en quatre colonnes de l'état des lieux (README, « Les
tableaux publiés ») : 5 dynamiques (réflexion), 11 pré-projets validés (lettre d'intention acceptée, projet de santé
en écriture, comme les « 158 CPTS [qui] ont validé la lettre d'intention » du chiffre national du même support),
5 projets de santé validés et 7 contrats signés (les 12 projets validés comptent les 7 signés) : 28 projets.

« 686 000 € ont été versés en 2020 par les CPAM pour les 7 premiers accords ACI (1ère année partielle) » : les
dates de démarrage des missions des sept contrats sont choisies pour que l'échéancier, payé à ses dates, redonne
cette somme. Tailles : « La taille moyenne des projets est de 88 000 habitants, la majorité est autour de 100 000
habitants (début taille 3). La plus petite couvre 30 000 habitants et la plus importante 220 000. »

Le support ne nomme aucun projet : ils reçoivent un nom neutre (« Projet 85-01 ») et des territoires de vraies
communes autour d'un chef-lieu de leur secteur. La couverture publiée au 4 juin 2021 compte 11 CPTS signées dans la
région ([cpr-aura-2021-06-09]) : quatre des cinq projets validés signent au premier semestre 2021.
"""

import datetime

REGION = "52"
DECEMBRE_2020 = datetime.date(2020, 12, 31)
VERSE_EN_2020 = 686_000

# Département : (dynamiques, pré-projets validés, projets de santé validés, contrats signés) en décembre 2020.
ETAT_PUBLIE = {
    "44": (1, 3, 1, 2),
    "49": (1, 2, 1, 1),
    "53": (1, 2, 1, 1),
    "72": (1, 2, 1, 1),
    "85": (1, 2, 1, 2),
}

# (département, chef-lieu du territoire, signature, (population minimale, maximale visée)).
SIGNES_2020 = (
    ("85", "85109", datetime.date(2020, 3, 5), (90_000, 110_000)),  # Les Herbiers
    ("49", "49099", datetime.date(2020, 6, 30), (95_000, 120_000)),  # Cholet
    ("44", "44036", datetime.date(2020, 7, 9), (30_000, 36_000)),  # Châteaubriant : la plus petite
    ("53", "53147", datetime.date(2020, 9, 24), (50_000, 70_000)),  # Mayenne
    ("72", "72154", datetime.date(2020, 10, 15), (45_000, 60_000)),  # La Flèche
    ("85", "85191", datetime.date(2020, 11, 19), (200_000, 220_000)),  # La Roche-sur-Yon : la plus importante
    ("44", "44184", datetime.date(2020, 12, 10), (95_000, 115_000)),  # Saint-Nazaire
)
# Les cinq projets de santé validés en décembre 2020, et leur signature ensuite.
VALIDES_2020 = (
    ("49", "49328", datetime.date(2021, 2, 11), (80_000, 100_000)),  # Saumur
    ("44", "44131", datetime.date(2021, 3, 18), (60_000, 80_000)),  # Pornic
    ("53", "53062", datetime.date(2021, 4, 22), (40_000, 60_000)),  # Château-Gontier-sur-Mayenne
    ("85", "85047", datetime.date(2021, 5, 27), (80_000, 100_000)),  # Challans
    ("72", "72264", datetime.date(2021, 10, 14), (40_000, 60_000)),  # Sablé-sur-Sarthe
)
