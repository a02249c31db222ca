"""Credits bought jointly spend the carbon-offset research line."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from core.contributions import SpendingSource
from core.fiscal import fiscal_year_bounds

from .models import CreditPurchase


def _bought(fiscal_year: int) -> int:
    first, last = fiscal_year_bounds(fiscal_year)
    spent = (
        CreditPurchase.objects.filter(purchased_on__range=(first, last))
        .order_by()
        .aggregate(total=Sum("price_yen"))["total"]
    )
    return int(spent or 0)


SPENDING_SOURCES = [
    SpendingSource(key="offsets", label=_("Carbon credits bought"), total=_bought),
]
