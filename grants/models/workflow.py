"""The statuses of an application and its workflow: every allowed move, in one map."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from core.workflow import Move as WorkflowMove
from core.workflow import ServiceError, Workflow, by_secretariat


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft (作成中)")
    SUBMITTED = "submitted", _("Submitted (交付申請)")
    RETURNED = "returned", _("Returned for correction (差戻し)")
    RESUBMITTED = "resubmitted", _("Resubmitted (再申請)")
    DECIDED = "decided", _("Decided (交付決定)")
    REJECTED = "rejected", _("Rejected (不交付)")
    WITHDRAWN = "withdrawn", _("Withdrawn (取下げ)")
    CHANGE_REQUESTED = "change_requested", _("Change requested (変更申請)")
    REPORTED = "reported", _("Completion reported (実績報告)")
    CONFIRMED = "confirmed", _("Amount confirmed (額の確定)")
    CLAIMED = "claimed", _("Claimed (請求)")
    PAID = "paid", _("Paid (支払済)")


# Statuses whose granted (or, once fixed, confirmed) amount counts against the cap.
COMMITTED_STATUSES = (
    Status.DECIDED,
    Status.CHANGE_REQUESTED,
    Status.REPORTED,
    Status.CONFIRMED,
    Status.CLAIMED,
    Status.PAID,
)
# Statuses shown to the public as funded projects.
PUBLIC_STATUSES = COMMITTED_STATUSES
# Statuses of a project that has ended and reported its results (the showcase's "completed").
COMPLETED_STATUSES = (Status.REPORTED, Status.CONFIRMED, Status.CLAIMED, Status.PAID)
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)


class Move(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    RETURN = "return", _("Return for correction")
    RESUBMIT = "resubmit", _("Resubmit")
    DECIDE = "decide", _("Decide the grant")
    REJECT = "reject", _("Reject")
    WITHDRAW = "withdraw", _("Withdraw")
    REQUEST_CHANGE = "request_change", _("Request a change")
    APPROVE_CHANGE = "approve_change", _("Approve the change")
    REFUSE_CHANGE = "refuse_change", _("Refuse the change")
    REPORT = "report", _("Submit the completion report")
    RETURN_REPORT = "return_report", _("Return the completion report")
    CONFIRM = "confirm", _("Confirm the final amount")
    CLAIM = "claim", _("Claim payment")
    PAY = "pay", _("Record the payment")


def by_applying_municipality(actor, application) -> bool:
    """Staff of the application's own municipality."""
    return (
        has_role(actor, Role.MUNICIPAL_STAFF)
        and actor.municipality_code is not None
        and actor.municipality_code == application.municipality_id
    )


def _move(sources, target, move: Move, allowed) -> WorkflowMove:
    refusal = (
        _("Only the secretariat may do this.")
        if allowed is by_secretariat
        else _("Only staff of the applying municipality may do this.")
    )
    return WorkflowMove(sources, target, label=move.label, allowed=allowed, refusal=refusal)


class ApplicationError(ServiceError):
    """A move or edit of an application refused by the rules."""


BEFORE_PAYMENT = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.RESUBMITTED,
    Status.DECIDED,
    Status.CHANGE_REQUESTED,
    Status.REPORTED,
    Status.CONFIRMED,
    Status.CLAIMED,
)

WORKFLOW = Workflow(
    model="grants.Application",
    error=ApplicationError,
    moves={
        move: _move(sources, target, move, who)
        for move, sources, target, who in [
            (Move.SUBMIT, Status.DRAFT, Status.SUBMITTED, by_applying_municipality),
            (Move.RETURN, (Status.SUBMITTED, Status.RESUBMITTED), Status.RETURNED, by_secretariat),
            (Move.RESUBMIT, Status.RETURNED, Status.RESUBMITTED, by_applying_municipality),
            (Move.DECIDE, (Status.SUBMITTED, Status.RESUBMITTED), Status.DECIDED, by_secretariat),
            (Move.REJECT, (Status.SUBMITTED, Status.RESUBMITTED), Status.REJECTED, by_secretariat),
            # 取下げ: by the municipality, at any point before payment.
            (Move.WITHDRAW, BEFORE_PAYMENT, Status.WITHDRAWN, by_applying_municipality),
            (
                Move.REQUEST_CHANGE,
                Status.DECIDED,
                Status.CHANGE_REQUESTED,
                by_applying_municipality,
            ),
            (Move.APPROVE_CHANGE, Status.CHANGE_REQUESTED, Status.DECIDED, by_secretariat),
            (Move.REFUSE_CHANGE, Status.CHANGE_REQUESTED, Status.DECIDED, by_secretariat),
            (Move.REPORT, Status.DECIDED, Status.REPORTED, by_applying_municipality),
            (Move.RETURN_REPORT, Status.REPORTED, Status.DECIDED, by_secretariat),
            (Move.CONFIRM, Status.REPORTED, Status.CONFIRMED, by_secretariat),
            (Move.CLAIM, Status.CONFIRMED, Status.CLAIMED, by_applying_municipality),
            (Move.PAY, Status.CLAIMED, Status.PAID, by_secretariat),
        ]
    },
)


def moves_from(status: str) -> list[Move]:
    return [Move(name) for name in WORKFLOW.moves_from(status)]
