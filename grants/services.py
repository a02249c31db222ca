"""The rules of the grant course: one function per move of the workflow (see models.WORKFLOW)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role, is_secretariat
from core.audit import record_audit
from core.money import format_yen

from .models import (
    MUNICIPALITY,
    SECRETARIAT,
    WORKFLOW,
    Application,
    ChangeRequest,
    GrantLedger,
    GrantProgram,
    Move,
    moves_from,
)


class ApplicationError(Exception):
    """A move refused by the rules; the message is translated and safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Who may do what --------------------------------------------------------------------


def acts_for_municipality(user, application: Application) -> bool:
    return (
        has_role(user, Role.MUNICIPAL_STAFF)
        and user.municipality_code is not None
        and user.municipality_code == application.municipality_id
    )


def may_make(user, application: Application, move: Move) -> bool:
    sources, _target, who = WORKFLOW[move]
    if application.status not in sources:
        return False
    if who == SECRETARIAT:
        return is_secretariat(user)
    return acts_for_municipality(user, application)


def allowed_moves(user, application: Application) -> list[Move]:
    return [move for move in moves_from(application.status) if may_make(user, application, move)]


# --- The cap ----------------------------------------------------------------------------


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


def _check_fits_cap(application: Application, amount: int) -> None:
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


# --- Moves ------------------------------------------------------------------------------


def _begin(*, application_id: int, move: Move, actor) -> Application:
    """Lock the application, then check the map and the actor's right to make the move."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=application_id)
    )
    sources, _target, who = WORKFLOW[move]
    if application.status not in sources:
        raise ApplicationError(
            _("“%(move)s” is not possible while the application is “%(status)s”.")
            % {"move": move.label, "status": application.get_status_display()}
        )
    if who == SECRETARIAT and not is_secretariat(actor):
        raise ApplicationError(_("Only the secretariat may do this."))
    if who == MUNICIPALITY and not acts_for_municipality(actor, application):
        raise ApplicationError(_("Only staff of the applying municipality may do this."))
    return application


def _finish(
    application: Application, *, move: Move, actor, note: str = "", fields: tuple[str, ...] = ()
) -> Application:
    from_state = application.status
    application.status = WORKFLOW[move][1]
    application.save(update_fields=["status", "updated_at", *fields])
    entry = record_audit(
        subject=application,
        actor=actor,
        action=move.value,
        from_state=from_state,
        to_state=application.status,
        note=note,
    )
    from .tasks import notify_move

    transaction.on_commit(lambda: notify_move.delay(entry.pk))
    return application


def _require(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(message)
    return text


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
    remaining = remaining_balance(
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
    application = _begin(application_id=application_id, move=Move.SUBMIT, actor=actor)
    if not application.program.is_open():
        raise ApplicationError(_("The application window of this program is closed."))
    _check_ready_to_submit(application)
    application.submitted_at = timezone.now()
    return _finish(
        application,
        move=Move.SUBMIT,
        actor=actor,
        fields=("requested_amount", "submitted_at"),
    )


@transaction.atomic
def return_application(*, application_id: int, actor, reason: str) -> Application:
    """差戻し: back to the municipality with the reason."""
    application = _begin(application_id=application_id, move=Move.RETURN, actor=actor)
    application.secretariat_note = _require(reason, _("Give the reason for returning it."))
    return _finish(
        application, move=Move.RETURN, actor=actor, note=reason, fields=("secretariat_note",)
    )


@transaction.atomic
def resubmit_application(*, application_id: int, actor) -> Application:
    """再申請 after a return; the window may have closed meanwhile."""
    application = _begin(application_id=application_id, move=Move.RESUBMIT, actor=actor)
    _check_ready_to_submit(application)
    application.submitted_at = timezone.now()
    return _finish(
        application,
        move=Move.RESUBMIT,
        actor=actor,
        fields=("requested_amount", "submitted_at"),
    )


@transaction.atomic
def decide_application(
    *, application_id: int, actor, granted_amount: int, note: str = ""
) -> Application:
    """交付決定: the granted amount must fit what is left of the municipality's cap."""
    application = _begin(application_id=application_id, move=Move.DECIDE, actor=actor)
    if granted_amount is None or granted_amount <= 0:
        raise ApplicationError(_("The granted amount must be more than ¥0."))
    if granted_amount > application.requested_amount:
        raise ApplicationError(
            _("The granted amount cannot be more than the requested amount %(requested)s.")
            % {"requested": format_yen(application.requested_amount)}
        )
    lock_ledger(program_id=application.program_id, municipality_id=application.municipality_id)
    _check_fits_cap(application, granted_amount)
    application.granted_amount = granted_amount
    application.decided_at = timezone.now()
    application.secretariat_note = note.strip()
    return _finish(
        application,
        move=Move.DECIDE,
        actor=actor,
        note=f"{format_yen(granted_amount)} {note}".strip(),
        fields=("granted_amount", "decided_at", "secretariat_note"),
    )


@transaction.atomic
def reject_application(*, application_id: int, actor, reason: str) -> Application:
    """不交付."""
    application = _begin(application_id=application_id, move=Move.REJECT, actor=actor)
    application.secretariat_note = _require(reason, _("Give the reason for the rejection."))
    application.decided_at = timezone.now()
    return _finish(
        application,
        move=Move.REJECT,
        actor=actor,
        note=reason,
        fields=("secretariat_note", "decided_at"),
    )


@transaction.atomic
def withdraw_application(*, application_id: int, actor, reason: str = "") -> Application:
    """取下げ: frees the amount for the municipality's other projects."""
    application = _begin(application_id=application_id, move=Move.WITHDRAW, actor=actor)
    ChangeRequest.objects.filter(
        application=application, outcome=ChangeRequest.Outcome.PENDING
    ).update(outcome=ChangeRequest.Outcome.REFUSED, decided_at=timezone.now())
    return _finish(application, move=Move.WITHDRAW, actor=actor, note=reason.strip())


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
    application = _begin(application_id=application_id, move=Move.REQUEST_CHANGE, actor=actor)
    reason = _require(reason, _("Describe the change and why it is needed."))
    if new_granted_amount is not None and new_granted_amount <= 0:
        raise ApplicationError(
            _("The new amount must be more than ¥0; withdraw the application instead.")
        )
    if new_granted_amount is not None and new_granted_amount > application.granted_amount:
        remaining = remaining_balance(
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
    _finish(application, move=Move.REQUEST_CHANGE, actor=actor, note=reason)
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
def approve_change(*, application_id: int, actor, note: str = "") -> Application:
    """変更承認: a larger amount must fit the cap, decided under the ledger lock."""
    application = _begin(application_id=application_id, move=Move.APPROVE_CHANGE, actor=actor)
    change = _pending_change(application)
    fields = ["secretariat_note"]
    if change.new_granted_amount is not None:
        lock_ledger(program_id=application.program_id, municipality_id=application.municipality_id)
        _check_fits_cap(application, change.new_granted_amount)
        application.granted_amount = change.new_granted_amount
        fields.append("granted_amount")
    if change.new_period_end is not None:
        application.period_end = change.new_period_end
        fields.append("period_end")
    change.outcome = ChangeRequest.Outcome.APPROVED
    change.decided_at = timezone.now()
    change.save(update_fields=["outcome", "decided_at"])
    application.secretariat_note = note.strip()
    return _finish(
        application, move=Move.APPROVE_CHANGE, actor=actor, note=note, fields=tuple(fields)
    )


@transaction.atomic
def refuse_change(*, application_id: int, actor, reason: str) -> Application:
    application = _begin(application_id=application_id, move=Move.REFUSE_CHANGE, actor=actor)
    change = _pending_change(application)
    application.secretariat_note = _require(reason, _("Give the reason for refusing the change."))
    change.outcome = ChangeRequest.Outcome.REFUSED
    change.decided_at = timezone.now()
    change.save(update_fields=["outcome", "decided_at"])
    return _finish(
        application,
        move=Move.REFUSE_CHANGE,
        actor=actor,
        note=reason,
        fields=("secretariat_note",),
    )


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
    application = _begin(application_id=application_id, move=Move.REPORT, actor=actor)
    results = _require(results, _("Describe the results of the project."))
    if actual_cost is None or eligible_actual_cost is None:
        raise ApplicationError(_("Enter the actual cost and the eligible actual cost."))
    if eligible_actual_cost > actual_cost:
        raise ApplicationError(_("The eligible actual cost cannot be more than the actual cost."))
    application.results_ja = results
    application.results_en = (results_en or "").strip()
    application.actual_cost = actual_cost
    application.eligible_actual_cost = eligible_actual_cost
    application.reported_at = timezone.now()
    return _finish(
        application,
        move=Move.REPORT,
        actor=actor,
        fields=("results_ja", "results_en", "actual_cost", "eligible_actual_cost", "reported_at"),
    )


@transaction.atomic
def return_report(*, application_id: int, actor, reason: str) -> Application:
    application = _begin(application_id=application_id, move=Move.RETURN_REPORT, actor=actor)
    application.secretariat_note = _require(reason, _("Give the reason for returning it."))
    return _finish(
        application,
        move=Move.RETURN_REPORT,
        actor=actor,
        note=reason,
        fields=("secretariat_note",),
    )


@transaction.atomic
def confirm_amount(*, application_id: int, actor) -> Application:
    """額の確定: the smaller of the granted amount and the eligible actual cost."""
    application = _begin(application_id=application_id, move=Move.CONFIRM, actor=actor)
    lock_ledger(program_id=application.program_id, municipality_id=application.municipality_id)
    application.confirmed_amount = min(
        application.granted_amount, application.eligible_actual_cost or 0
    )
    application.confirmed_at = timezone.now()
    return _finish(
        application,
        move=Move.CONFIRM,
        actor=actor,
        note=format_yen(application.confirmed_amount),
        fields=("confirmed_amount", "confirmed_at"),
    )


@transaction.atomic
def claim_payment(*, application_id: int, actor) -> Application:
    """請求 of the confirmed amount."""
    application = _begin(application_id=application_id, move=Move.CLAIM, actor=actor)
    return _finish(
        application,
        move=Move.CLAIM,
        actor=actor,
        note=format_yen(application.confirmed_amount),
    )


@transaction.atomic
def record_payment(*, application_id: int, actor, paid_on: datetime.date | None = None):
    """支払: the confirmed amount, paid in full."""
    application = _begin(application_id=application_id, move=Move.PAY, actor=actor)
    application.paid_amount = application.confirmed_amount
    application.paid_at = timezone.now()
    note = format_yen(application.paid_amount)
    if paid_on is not None:
        note = f"{note} {paid_on.isoformat()}"
    return _finish(
        application, move=Move.PAY, actor=actor, note=note, fields=("paid_amount", "paid_at")
    )


@transaction.atomic
def record_edit(*, application: Application, actor, changed_fields: list[str]) -> None:
    """Audit an edit made in the admin (who changed which fields)."""
    if changed_fields:
        record_audit(
            subject=application,
            actor=actor,
            action="edit",
            from_state=application.status,
            to_state=application.status,
            note=", ".join(changed_fields),
        )


# 実績報告 is due within 30 days of the end of the project (the program's usual rule).
REPORT_DUE_DAYS = 30
REMINDER_ACTION = "report_reminder"


@transaction.atomic
def send_report_reminders(*, today: datetime.date) -> list[Application]:
    """Remind each municipality once when a completion report is overdue."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import AuditEntry

    from .models import Status

    reminded = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), action=REMINDER_ACTION
    ).values_list("object_id", flat=True)
    overdue = list(
        Application.objects.select_for_update(skip_locked=True)
        .filter(
            status__in=(Status.DECIDED, Status.CHANGE_REQUESTED),
            period_end__lt=today - datetime.timedelta(days=REPORT_DUE_DAYS),
        )
        .exclude(pk__in=[int(pk) for pk in reminded if pk.isdigit()])
    )
    from .tasks import notify_move

    for application in overdue:
        entry = record_audit(
            subject=application,
            actor=None,
            action=REMINDER_ACTION,
            from_state=application.status,
            to_state=application.status,
            note=application.period_end.isoformat(),
        )
        transaction.on_commit(lambda entry_id=entry.pk: notify_move.delay(entry_id))
    return overdue
