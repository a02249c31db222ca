"""Change requests during the project: requesting, approving and refusing a change."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import format_yen

from ..models import Application, ChangeRequest, Move
from . import cap
from .rules import ApplicationError, begin_move, finish_move, require_text


@transaction.atomic
def request_change(
    *,
    application_id: int,
    actor,
    reason: str,
    new_granted_amount: int | None = None,
    new_period_end: datetime.date | None = None,
) -> ChangeRequest:
    """変更申請: a change of amount or period during the project."""
    application = begin_move(application_id=application_id, move=Move.REQUEST_CHANGE, actor=actor)
    reason = require_text(reason, _("Describe the change and why it is needed."))
    if new_granted_amount is not None and new_granted_amount <= 0:
        raise ApplicationError(
            _("The new amount must be more than ¥0; withdraw the application instead.")
        )
    if new_granted_amount is not None and new_granted_amount > application.granted_amount:
        remaining = cap.remaining_balance(
            program=application.program,
            municipality_id=application.municipality_id,
            excluding=application.pk,
        )
        if new_granted_amount > remaining:
            raise ApplicationError(
                _("%(amount)s exceeds the remaining balance of %(remaining)s.")
                % {"amount": format_yen(new_granted_amount), "remaining": format_yen(remaining)}
            )
    if new_period_end is not None and new_period_end < application.period_start:
        raise ApplicationError(_("The new end of the project is before its start."))
    change = ChangeRequest.objects.create(
        application=application,
        reason=reason,
        new_granted_amount=new_granted_amount,
        new_period_end=new_period_end,
        requested_by=actor,
    )
    finish_move(application, move=Move.REQUEST_CHANGE, actor=actor, note=reason)
    return change


def _pending_change(application: Application) -> ChangeRequest:
    change = (
        application.change_requests.select_for_update()
        .filter(outcome=ChangeRequest.Outcome.PENDING)
        .order_by("-pk")
        .first()
    )
    if change is None:
        raise ApplicationError(_("There is no pending change request."))
    return change


@transaction.atomic
def approve_change(
    *, application_id: int, actor, note: str = "", budget_override_reason: str = ""
) -> Application:
    """変更承認: a larger amount must fit the cap, decided under the ledger lock."""
    application = begin_move(application_id=application_id, move=Move.APPROVE_CHANGE, actor=actor)
    change = _pending_change(application)
    fields = ["secretariat_note"]
    if change.new_granted_amount is not None:
        cap.lock_ledger(
            program_id=application.program_id, municipality_id=application.municipality_id
        )
        cap.check_fits_cap(application, change.new_granted_amount)
        cap.check_fits_budget(
            application,
            change.new_granted_amount - application.committed_amount,
            actor=actor,
            override_reason=budget_override_reason,
        )
        application.granted_amount = change.new_granted_amount
        fields.append("granted_amount")
    if change.new_period_end is not None:
        application.period_end = change.new_period_end
        fields.append("period_end")
    change.outcome = ChangeRequest.Outcome.APPROVED
    change.decided_at = timezone.now()
    change.save(update_fields=["outcome", "decided_at"])
    application.secretariat_note = note.strip()
    return finish_move(
        application, move=Move.APPROVE_CHANGE, actor=actor, note=note, fields=tuple(fields)
    )


@transaction.atomic
def refuse_change(*, application_id: int, actor, reason: str) -> Application:
    application = begin_move(application_id=application_id, move=Move.REFUSE_CHANGE, actor=actor)
    change = _pending_change(application)
    application.secretariat_note = require_text(
        reason, _("Give the reason for refusing the change.")
    )
    change.outcome = ChangeRequest.Outcome.REFUSED
    change.decided_at = timezone.now()
    change.save(update_fields=["outcome", "decided_at"])
    return finish_move(
        application,
        move=Move.REFUSE_CHANGE,
        actor=actor,
        note=reason,
        fields=("secretariat_note",),
    )
