"""Event costs entered with the report spend the budget line of their kind of event."""

from django.db.models import Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.contributions import SpendingSource
from core.fiscal import fiscal_year_range

from .models import Category, Event


def _cost_of(category: str):
    def total(fiscal_year: int) -> int:
        start, end = fiscal_year_range(fiscal_year)
        spent = (
            Event.objects.filter(category=category, start__gte=start, start__lt=end)
            .order_by()
            .aggregate(total=Sum("cost_yen"))["total"]
        )
        return int(spent or 0)

    return total


SPENDING_SOURCES = [
    SpendingSource(
        key=f"events:{category.value}",
        label=format_lazy("{}: {}", _("Costs of events"), category.label),
        total=_cost_of(category.value),
    )
    for category in Category
]
