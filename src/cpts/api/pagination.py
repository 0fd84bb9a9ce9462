from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class PaginationEntree(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Numéro de page, à partir de 1")
    page_size: int | None = Field(None, ge=1, le=200, description="Taille de page (200 au plus)")


class Pagination(PageNumberPagination):
    """Pages bornées : un numéro de page démesuré serait un décalage SQL hors des entiers de la base."""

    Input = PaginationEntree  # le nom que django-ninja attend ; le schéma suit la convention *Entree

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=50, max_page_size=200, **kwargs)
