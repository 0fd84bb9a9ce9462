"""Affichage des nombres des indicateurs : sans zéros inutiles, à la française (« 55,5 », « 1 200 »)."""

from decimal import Decimal

from django import template

from cpts import affichage

register = template.Library()


@register.filter
def valeur(nombre: Decimal | int | None) -> str:
    if nombre is None:
        return ""
    decimal = Decimal(nombre)
    decimales = max(0, -decimal.normalize().as_tuple().exponent)
    return affichage.nombre(decimal, min(decimales, 4))
