"""Le moteur de rendu des formulaires, construit une fois par processus.

django-dsfr rend ses formulaires avec `DsfrDjangoTemplates` tant que FORM_RENDERER garde sa valeur par défaut, mais
il en crée alors une instance par formulaire : un moteur de gabarits neuf à chaque page, qui recherche toutes les
bibliothèques de balises et recompile chaque gabarit de champ (la moitié du temps de la plus petite page d'un
utilisateur connecté, mesuré par pyinstrument). Nommé dans FORM_RENDERER, le même rendu est construit une fois
(`get_default_renderer` le garde) et ses gabarits compilés restent en cache.
"""

from dsfr.forms import DsfrDjangoTemplates


class RenduDsfr(DsfrDjangoTemplates):
    pass
