"""Awareness goods bought for the year's initiatives spend the goods line."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from core.contributions import SpendingSource

from .models import GoodsPurchase


def _bought(fiscal_year: int) -> int:
    spent = (
        GoodsPurchase.objects.filter(initiative__fiscal_year=fiscal_year)
        .order_by()
        .aggregate(total=Sum("amount"))["total"]
    )
    return int(spent or 0)


SPENDING_SOURCES = [
    SpendingSource(key="goods", label=_("Awareness goods bought"), total=_bought),
]
