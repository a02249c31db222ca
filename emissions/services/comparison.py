"""Comparing two editions figure by figure."""

from dataclasses import dataclass
from decimal import Decimal

from ..models import Edition


@dataclass(frozen=True)
class DiffRow:
    municipality_code: str
    fiscal_year: int
    sector: str
    gas: str
    old: Decimal | None
    new: Decimal | None

    @property
    def change(self) -> Decimal:
        return (self.new or Decimal(0)) - (self.old or Decimal(0))

    @property
    def change_percent(self) -> Decimal | None:
        if not self.old:
            return None
        return (self.change / self.old * 100).quantize(Decimal("0.01"))

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"


def _summed(edition: Edition) -> dict[tuple, Decimal]:
    from django.db.models import Sum

    return {
        (row["municipality_id"], row["fiscal_year"], row["sector"], row["gas"]): row["total"]
        for row in edition.results.values("municipality_id", "fiscal_year", "sector", "gas")
        .annotate(total=Sum("value"))
        .order_by()
    }


def diff_editions(*, old: Edition, new: Edition) -> list[DiffRow]:
    """Every municipality, year, sector and gas whose figure differs between two editions."""
    before, after = _summed(old), _summed(new)
    rows = []
    for key in sorted(before.keys() | after.keys()):
        old_value, new_value = before.get(key), after.get(key)
        if old_value != new_value:
            rows.append(DiffRow(*key, old=old_value, new=new_value))
    return rows
