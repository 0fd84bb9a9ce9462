"""L'étape d'un projet à une date passée, en expression SQL : les tableaux « à une date » la calculent en base.

L'étape à la date D est celle où mène la dernière décision datée au plus tard de D ; sans décision à cette
date, le projet était en dynamique. Un projet sans aucune décision enregistrée (repris d'un autre outil)
est à son étape actuelle depuis sa date (`etape_depuis`), en dynamique avant : seuls les faits datés au plus tard
de D comptent.
"""

import datetime

from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce

from cpts.dossiers.enums import Etape
from cpts.dossiers.models import DecisionEtape


def etape_a_la_date(date: datetime.date, chemin: str = "") -> Expression:
    """`chemin` mène du modèle interrogé à la CPTS : "" pour Cpts, "territoire__cpts" pour une unité."""
    reference = chemin or "pk"
    prefixe = f"{chemin}__" if chemin else ""
    derniere = (
        DecisionEtape.objects.filter(cpts=OuterRef(reference), date__lte=date)
        .order_by("-date", "-pk")
        .values("etape_apres")[:1]
    )
    sans_historique = ~Exists(DecisionEtape.objects.filter(cpts=OuterRef(reference)))
    etape_datee = Q(**{f"{prefixe}etape_depuis__isnull": True}) | Q(**{f"{prefixe}etape_depuis__lte": date})
    return Case(
        When(sans_historique & etape_datee, then=F(f"{prefixe}etape")),
        default=Coalesce(Subquery(derniere), Value(Etape.DYNAMIQUE.value)),
    )


def engage_a_la_date(date: datetime.date, chemin: str = "") -> Q:
    """Le projet existait à la date : sa dynamique avait commencé, ou une de ses décisions était déjà prise.

    Jamais avant son premier fait daté : la date d'inscription tient lieu de début de la dynamique quand elle n'est
    pas connue (`Cpts.save`, migration 0007)."""
    reference = chemin or "pk"
    prefixe = f"{chemin}__" if chemin else ""
    decidee = Exists(DecisionEtape.objects.filter(cpts=OuterRef(reference), date__lte=date))
    return Q(**{f"{prefixe}dynamique_depuis__lte": date}) | Q(decidee)
