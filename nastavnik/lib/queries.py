"""Query expressions that every app writes the same way."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_subquery(queryset: QuerySet, outer_ref_field: str) -> Coalesce:
    """How many rows of ``queryset`` point at the outer row: a correlated
    COUNT subquery on ``outer_ref_field`` (a path to the outer row's primary
    key), 0 when there are none. Annotate with it instead of ``Count`` over a
    join when several counts would multiply each other's rows."""
    counted = (
        queryset.filter(**{outer_ref_field: OuterRef("pk")})
        .order_by()
        .values(outer_ref_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
