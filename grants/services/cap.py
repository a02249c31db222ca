"""The grant cap per municipality and fiscal year: committed totals, the ledger lock, the check."""

from django.utils.translation import gettext as _

from core.money import format_yen

from ..models import Application, GrantLedger, GrantProgram
from .rules import ApplicationError


def committed_total(*, program_id: int, municipality_id: str, excluding: int | None = None) -> int:
    applications = Application.objects.filter(
        program_id=program_id, municipality_id=municipality_id
    )
    if excluding is not None:
        applications = applications.exclude(pk=excluding)
    return applications.committed_total()


def remaining_balance(
    *, program: GrantProgram, municipality_id: str, excluding: int | None = None
) -> int:
    """What is left of the cap; a display figure unless the caller holds the ledger lock."""
    used = committed_total(
        program_id=program.pk, municipality_id=municipality_id, excluding=excluding
    )
    return max(program.cap_per_municipality - used, 0)


def lock_ledger(*, program_id: int, municipality_id: str) -> GrantLedger:
    """Lock the municipality's ledger of the fiscal year; every cap decision holds this lock."""
    GrantLedger.objects.bulk_create(
        [GrantLedger(program_id=program_id, municipality_id=municipality_id)],
        ignore_conflicts=True,
    )
    return GrantLedger.objects.select_for_update().get(
        program_id=program_id, municipality_id=municipality_id
    )


def check_fits_cap(application: Application, amount: int) -> None:
    """Caller holds the ledger lock: recount everything else committed, then compare."""
    program = application.program
    others = committed_total(
        program_id=program.pk,
        municipality_id=application.municipality_id,
        excluding=application.pk,
    )
    remaining = max(program.cap_per_municipality - others, 0)
    if amount > remaining:
        raise ApplicationError(
            _(
                "%(amount)s exceeds the remaining balance of %(remaining)s for this municipality "
                "in this fiscal year (cap %(cap)s)."
            )
            % {
                "amount": format_yen(amount),
                "remaining": format_yen(remaining),
                "cap": format_yen(program.cap_per_municipality),
            }
        )


def check_fits_budget(application: Application, increase: int, *, actor, override_reason: str):
    """The program's grants budget line (budget app) must hold `increase` more, or be exceeded
    on purpose with a recorded reason. Caller holds the ledger lock; this adds the line's."""
    from budget.services import BudgetError, check_commitment

    try:
        check_commitment(
            fiscal_year=application.program.fiscal_year,
            source="grants",
            amount=increase,
            actor=actor,
            what=f"{application.municipality_id} {application.title}",
            override_reason=override_reason,
        )
    except BudgetError as error:
        raise ApplicationError(error.message) from error
