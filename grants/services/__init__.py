"""The rules of the grant course: one function per move of the workflow (see models.WORKFLOW)."""

from .applications import (
    decide_application,
    reject_application,
    resubmit_application,
    return_application,
    submit_application,
    withdraw_application,
)
from .cap import check_fits_cap, committed_total, lock_ledger, remaining_balance
from .changes import approve_change, refuse_change, request_change
from .completion import claim_payment, confirm_amount, record_payment, return_report, submit_report
from .records import REMINDER_ACTION, REPORT_DUE_DAYS, record_edit, send_report_reminders
from .rules import (
    ApplicationError,
    acts_for_municipality,
    allowed_moves,
    begin_move,
    finish_move,
    may_make,
    require_text,
)

__all__ = [
    "ApplicationError",
    "REMINDER_ACTION",
    "REPORT_DUE_DAYS",
    "acts_for_municipality",
    "allowed_moves",
    "approve_change",
    "begin_move",
    "check_fits_cap",
    "claim_payment",
    "committed_total",
    "confirm_amount",
    "decide_application",
    "finish_move",
    "lock_ledger",
    "may_make",
    "record_edit",
    "record_payment",
    "refuse_change",
    "reject_application",
    "remaining_balance",
    "request_change",
    "require_text",
    "resubmit_application",
    "return_application",
    "return_report",
    "send_report_reminders",
    "submit_application",
    "submit_report",
    "withdraw_application",
]
