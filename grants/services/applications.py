"""Applying and deciding: submit, return, resubmit, decide, reject, withdraw."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import format_yen

from ..models import Application, ChangeRequest, Move
from . import cap
from .rules import ApplicationError, begin_move, finish_move, require_text


def _check_ready_to_submit(application: Application) -> None:
    lines = list(application.budget_lines.all())
    if not any(line.eligible and line.amount > 0 for line in lines):
        raise ApplicationError(_("Add at least one eligible budget line before submitting."))
    if not application.attachments.exists():
        raise ApplicationError(_("Attach the project plan or an estimate before submitting."))
    eligible = application.eligible_total()
    if application.requested_amount is None:
        application.requested_amount = min(eligible, application.program.cap_per_municipality)
    if application.requested_amount <= 0:
        raise ApplicationError(_("The requested amount must be more than ¥0."))
    if application.requested_amount > eligible:
        raise ApplicationError(
            _("The requested amount %(requested)s is more than the eligible costs %(eligible)s.")
            % {
                "requested": format_yen(application.requested_amount),
                "eligible": format_yen(eligible),
            }
        )
    remaining = cap.remaining_balance(
        program=application.program,
        municipality_id=application.municipality_id,
        excluding=application.pk,
    )
    if application.requested_amount > remaining:
        raise ApplicationError(
            _(
                "The requested amount %(requested)s is more than the remaining balance "
                "%(remaining)s (cap %(cap)s)."
            )
            % {
                "requested": format_yen(application.requested_amount),
                "remaining": format_yen(remaining),
                "cap": format_yen(application.program.cap_per_municipality),
            }
        )


@transaction.atomic
def submit_application(*, application_id: int, actor) -> Application:
    """交付申請: within the program's application window."""
    application = begin_move(application_id=application_id, move=Move.SUBMIT, actor=actor)
    if not application.program.is_open():
        raise ApplicationError(_("The application window of this program is closed."))
    _check_ready_to_submit(application)
    application.submitted_at = timezone.now()
    return finish_move(
        application,
        move=Move.SUBMIT,
        actor=actor,
        fields=("requested_amount", "submitted_at"),
    )


@transaction.atomic
def return_application(*, application_id: int, actor, reason: str) -> Application:
    """差戻し: back to the municipality with the reason."""
    application = begin_move(application_id=application_id, move=Move.RETURN, actor=actor)
    application.secretariat_note = require_text(reason, _("Give the reason for returning it."))
    return finish_move(
        application, move=Move.RETURN, actor=actor, note=reason, fields=("secretariat_note",)
    )


@transaction.atomic
def resubmit_application(*, application_id: int, actor) -> Application:
    """再申請 after a return; the window may have closed meanwhile."""
    application = begin_move(application_id=application_id, move=Move.RESUBMIT, actor=actor)
    _check_ready_to_submit(application)
    application.submitted_at = timezone.now()
    return finish_move(
        application,
        move=Move.RESUBMIT,
        actor=actor,
        fields=("requested_amount", "submitted_at"),
    )


@transaction.atomic
def decide_application(
    *,
    application_id: int,
    actor,
    granted_amount: int,
    note: str = "",
    budget_override_reason: str = "",
) -> Application:
    """交付決定: the granted amount must fit what is left of the municipality's cap, and of the
    program's grants budget unless the secretariat records why it goes beyond it."""
    application = begin_move(application_id=application_id, move=Move.DECIDE, actor=actor)
    if granted_amount is None or granted_amount <= 0:
        raise ApplicationError(_("The granted amount must be more than ¥0."))
    if granted_amount > application.requested_amount:
        raise ApplicationError(
            _("The granted amount cannot be more than the requested amount %(requested)s.")
            % {"requested": format_yen(application.requested_amount)}
        )
    cap.lock_ledger(program_id=application.program_id, municipality_id=application.municipality_id)
    cap.check_fits_cap(application, granted_amount)
    cap.check_fits_budget(
        application, granted_amount, actor=actor, override_reason=budget_override_reason
    )
    application.granted_amount = granted_amount
    application.decided_at = timezone.now()
    application.secretariat_note = note.strip()
    return finish_move(
        application,
        move=Move.DECIDE,
        actor=actor,
        note=f"{format_yen(granted_amount)} {note}".strip(),
        fields=("granted_amount", "decided_at", "secretariat_note"),
    )


@transaction.atomic
def reject_application(*, application_id: int, actor, reason: str) -> Application:
    """不交付."""
    application = begin_move(application_id=application_id, move=Move.REJECT, actor=actor)
    application.secretariat_note = require_text(reason, _("Give the reason for the rejection."))
    application.decided_at = timezone.now()
    return finish_move(
        application,
        move=Move.REJECT,
        actor=actor,
        note=reason,
        fields=("secretariat_note", "decided_at"),
    )


@transaction.atomic
def withdraw_application(*, application_id: int, actor, reason: str = "") -> Application:
    """取下げ: frees the amount for the municipality's other projects."""
    application = begin_move(application_id=application_id, move=Move.WITHDRAW, actor=actor)
    ChangeRequest.objects.filter(
        application=application, outcome=ChangeRequest.Outcome.PENDING
    ).update(outcome=ChangeRequest.Outcome.REFUSED, decided_at=timezone.now())
    return finish_move(application, move=Move.WITHDRAW, actor=actor, note=reason.strip())
