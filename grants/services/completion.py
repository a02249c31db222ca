"""Closing the grant: the completion report, the confirmed amount, the claim and the payment."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_date
from core.money import format_yen

from ..models import Application, Move
from . import cap
from .rules import ApplicationError, begin_move, finish_move, require_text


@transaction.atomic
def submit_report(
    *,
    application_id: int,
    actor,
    results: str,
    actual_cost: int,
    eligible_actual_cost: int,
    results_en: str = "",
) -> Application:
    """実績報告: results for the public, and the actual costs for 額の確定."""
    application = begin_move(application_id=application_id, move=Move.REPORT, actor=actor)
    results = require_text(results, _("Describe the results of the project."))
    if actual_cost is None or eligible_actual_cost is None:
        raise ApplicationError(_("Enter the actual cost and the eligible actual cost."))
    if eligible_actual_cost > actual_cost:
        raise ApplicationError(_("The eligible actual cost cannot be more than the actual cost."))
    application.results_ja = results
    application.results_en = (results_en or "").strip()
    application.actual_cost = actual_cost
    application.eligible_actual_cost = eligible_actual_cost
    application.reported_at = timezone.now()
    return finish_move(
        application,
        move=Move.REPORT,
        actor=actor,
        fields=("results_ja", "results_en", "actual_cost", "eligible_actual_cost", "reported_at"),
    )


@transaction.atomic
def return_report(*, application_id: int, actor, reason: str) -> Application:
    application = begin_move(application_id=application_id, move=Move.RETURN_REPORT, actor=actor)
    application.secretariat_note = require_text(reason, _("Give the reason for returning it."))
    return finish_move(
        application,
        move=Move.RETURN_REPORT,
        actor=actor,
        note=reason,
        fields=("secretariat_note",),
    )


@transaction.atomic
def confirm_amount(*, application_id: int, actor) -> Application:
    """額の確定: the smaller of the granted amount and the eligible actual cost."""
    application = begin_move(application_id=application_id, move=Move.CONFIRM, actor=actor)
    cap.lock_ledger(program_id=application.program_id, municipality_id=application.municipality_id)
    application.confirmed_amount = min(
        application.granted_amount, application.eligible_actual_cost or 0
    )
    application.confirmed_at = timezone.now()
    return finish_move(
        application,
        move=Move.CONFIRM,
        actor=actor,
        note=format_yen(application.confirmed_amount),
        fields=("confirmed_amount", "confirmed_at"),
    )


@transaction.atomic
def claim_payment(*, application_id: int, actor) -> Application:
    """請求 of the confirmed amount."""
    application = begin_move(application_id=application_id, move=Move.CLAIM, actor=actor)
    return finish_move(
        application,
        move=Move.CLAIM,
        actor=actor,
        note=format_yen(application.confirmed_amount),
    )


@transaction.atomic
def record_payment(*, application_id: int, actor, paid_on: datetime.date | None = None):
    """支払: the confirmed amount, paid in full."""
    application = begin_move(application_id=application_id, move=Move.PAY, actor=actor)
    application.paid_amount = application.confirmed_amount
    application.paid_at = timezone.now()
    note = format_yen(application.paid_amount)
    if paid_on is not None:
        note = f"{note} {format_date(paid_on, 'ja')}"
    return finish_move(
        application, move=Move.PAY, actor=actor, note=note, fields=("paid_amount", "paid_at")
    )
