"""Spending against the program's budget lines, and the one check every commitment passes."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.roles import is_secretariat
from core.audit import record_audit
from core.contributions import collect_spending_sources
from core.dates import format_date
from core.fiscal import fiscal_year_bounds
from core.money import format_yen
from core.workflow import ServiceError

from .models import BudgetLine, Expenditure

EXCEED_ACTION = "exceed_budget"


class BudgetError(ServiceError):
    """A commitment refused by the budget."""


@dataclass
class LineFigures:
    line: BudgetLine
    source_label: str
    from_records: int
    entered: int
    parts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def budget(self) -> int:
        return self.line.amount

    @property
    def spent(self) -> int:
        return self.from_records + self.entered

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    @property
    def rate(self) -> Decimal | None:
        """執行率 in per cent, one decimal; none for a line without budget."""
        return execution_rate(self.spent, self.budget)


def execution_rate(spent: int, budget: int) -> Decimal | None:
    if budget <= 0:
        return None
    return (Decimal(spent) * 100 / Decimal(budget)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def source_choices() -> list[tuple[str, str]]:
    return [(key, str(source.label)) for key, source in collect_spending_sources().items()]


def _entered_total(line: BudgetLine) -> int:
    total = line.expenditures.order_by().aggregate(total=Sum("amount"))["total"]
    return int(total or 0)


def line_figures(line: BudgetLine) -> LineFigures:
    source = collect_spending_sources().get(line.source) if line.source else None
    return LineFigures(
        line=line,
        source_label=str(source.label) if source else "",
        from_records=source.total(line.fiscal_year) if source else 0,
        entered=_entered_total(line),
        parts=list(source.parts(line.fiscal_year)) if source and source.parts else [],
    )


@dataclass
class YearFigures:
    fiscal_year: int
    lines: list[LineFigures]

    @property
    def budget(self) -> int:
        return sum(figures.budget for figures in self.lines)

    @property
    def spent(self) -> int:
        return sum(figures.spent for figures in self.lines)

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    @property
    def rate(self) -> Decimal | None:
        return execution_rate(self.spent, self.budget)


def fiscal_year_figures(fiscal_year: int) -> YearFigures:
    lines = BudgetLine.objects.of_fiscal_year(fiscal_year).select_related("initiative")
    return YearFigures(fiscal_year=fiscal_year, lines=[line_figures(line) for line in lines])


# --- Commitments --------------------------------------------------------------------------


def _check_line(
    line: BudgetLine, amount: int, *, actor, override_reason: str, what: str, audit: bool = True
) -> None:
    """Caller holds the line's row lock: recount its spending, then refuse or audit an excess."""
    figures = line_figures(line)
    if amount <= figures.remaining:
        return
    reason = (override_reason or "").strip()
    if not reason:
        raise BudgetError(
            _(
                "%(amount)s exceeds what is left of the budget line “%(line)s”: %(remaining)s of "
                "%(budget)s. To exceed it anyway, give the reason (it is recorded)."
            )
            % {
                "amount": format_yen(amount),
                "line": line.title,
                "remaining": format_yen(max(figures.remaining, 0)),
                "budget": format_yen(line.amount),
            }
        )
    if not is_secretariat(actor):
        raise BudgetError(_("Only the secretariat may exceed a budget line."))
    if not audit:
        return
    record_audit(
        subject=line,
        actor=actor,
        action=EXCEED_ACTION,
        note=_("%(what)s: %(amount)s with %(remaining)s left. Reason: %(reason)s")
        % {
            "what": what,
            "amount": format_yen(amount),
            "remaining": format_yen(figures.remaining),
            "reason": reason,
        },
    )


def check_commitment(
    *, fiscal_year: int, source: str, amount: int, actor, what: str, override_reason: str = ""
) -> BudgetLine | None:
    """Refuse `amount` more of `source`'s spending beyond its line, unless overridden and audited.

    Call inside the transaction that makes the commitment: the line stays locked until it
    commits, so two commitments at once cannot both take the last of the line. A year without a
    line for the source has no budget to keep.
    """
    line = (
        BudgetLine.objects.select_for_update()
        .filter(fiscal_year=fiscal_year, source=source)
        .first()
    )
    if line is not None and amount > 0:
        _check_line(line, amount, actor=actor, override_reason=override_reason, what=what)
    return line


@transaction.atomic
def save_expenditure(
    *,
    expenditure_id: int | None,
    line_id: int,
    spent_on: datetime.date,
    description: str,
    amount: int,
    actor,
    payee: str = "",
    override_reason: str = "",
    dry_run: bool = False,
) -> Expenditure:
    """Record a new expenditure row (no id) or a correction; the increase must fit its line.

    With dry_run, only check (a form's clean inside the admin's transaction, which then keeps
    the line locked until the save).
    """
    line = BudgetLine.objects.select_for_update().get(pk=line_id)
    expenditure = (
        Expenditure.objects.select_for_update().get(pk=expenditure_id)
        if expenditure_id
        else Expenditure()
    )
    # What the line already carries of this row: nothing if it is new or moves from another line.
    previous = expenditure.amount if expenditure.pk and expenditure.line_id == line.pk else 0
    first, last = fiscal_year_bounds(line.fiscal_year)
    if not first <= spent_on <= last:
        raise BudgetError(
            _("The date must fall within the line's fiscal year (%(first)s to %(last)s).")
            % {"first": format_date(first), "last": format_date(last)}
        )
    if amount <= 0:
        raise BudgetError(_("The amount must be more than ¥0."))
    increase = amount - previous
    if increase > 0:
        _check_line(
            line,
            increase,
            actor=actor,
            override_reason=override_reason,
            what=description,
            audit=not dry_run,
        )
    expenditure.line = line
    expenditure.spent_on = spent_on
    expenditure.description = description
    expenditure.payee = payee
    expenditure.amount = amount
    if dry_run:
        return expenditure
    if expenditure.recorded_by_id is None and getattr(actor, "is_authenticated", False):
        expenditure.recorded_by = actor
    expenditure.save()
    return expenditure


def record_expenditure(
    *,
    line_id: int,
    spent_on: datetime.date,
    description: str,
    amount: int,
    actor,
    payee: str = "",
    override_reason: str = "",
) -> Expenditure:
    return save_expenditure(
        expenditure_id=None,
        line_id=line_id,
        spent_on=spent_on,
        description=description,
        amount=amount,
        actor=actor,
        payee=payee,
        override_reason=override_reason,
    )
