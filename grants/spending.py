"""Grants spend the grants line: the granted amount, replaced by the confirmed one once fixed."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from core.contributions import SpendingSource

from .models import Application


def _of_year(fiscal_year: int):
    return Application.objects.filter(program__fiscal_year=fiscal_year).committed()


def _committed(fiscal_year: int) -> int:
    return _of_year(fiscal_year).committed_total()


def _parts(fiscal_year: int) -> list[tuple[str, int]]:
    sums = (
        _of_year(fiscal_year)
        .order_by()
        .aggregate(granted=Sum("granted_amount"), confirmed=Sum("confirmed_amount"))
    )
    return [
        (str(_("Granted (交付決定額)")), int(sums["granted"] or 0)),
        (str(_("Confirmed (確定額)")), int(sums["confirmed"] or 0)),
    ]


SPENDING_SOURCES = [
    SpendingSource(
        key="grants", label=_("Grants to municipalities"), total=_committed, parts=_parts
    ),
]
