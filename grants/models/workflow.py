"""The statuses of an application and its workflow: every allowed move, in one map."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


MUNICIPALITY = "municipality"  # staff of the application's own municipality
SECRETARIAT = "secretariat"


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


# move: (statuses it may start from, status it leads to, who may make it)
WORKFLOW: dict[Move, tuple[tuple[Status, ...], Status, str]] = {
    Move.SUBMIT: ((Status.DRAFT,), Status.SUBMITTED, MUNICIPALITY),
    Move.RETURN: ((Status.SUBMITTED, Status.RESUBMITTED), Status.RETURNED, SECRETARIAT),
    Move.RESUBMIT: ((Status.RETURNED,), Status.RESUBMITTED, MUNICIPALITY),
    Move.DECIDE: ((Status.SUBMITTED, Status.RESUBMITTED), Status.DECIDED, SECRETARIAT),
    Move.REJECT: ((Status.SUBMITTED, Status.RESUBMITTED), Status.REJECTED, SECRETARIAT),
    # 取下げ: by the municipality, at any point before payment.
    Move.WITHDRAW: (
        (
            Status.DRAFT,
            Status.SUBMITTED,
            Status.RETURNED,
            Status.RESUBMITTED,
            Status.DECIDED,
            Status.CHANGE_REQUESTED,
            Status.REPORTED,
            Status.CONFIRMED,
            Status.CLAIMED,
        ),
        Status.WITHDRAWN,
        MUNICIPALITY,
    ),
    Move.REQUEST_CHANGE: ((Status.DECIDED,), Status.CHANGE_REQUESTED, MUNICIPALITY),
    Move.APPROVE_CHANGE: ((Status.CHANGE_REQUESTED,), Status.DECIDED, SECRETARIAT),
    Move.REFUSE_CHANGE: ((Status.CHANGE_REQUESTED,), Status.DECIDED, SECRETARIAT),
    Move.REPORT: ((Status.DECIDED,), Status.REPORTED, MUNICIPALITY),
    Move.RETURN_REPORT: ((Status.REPORTED,), Status.DECIDED, SECRETARIAT),
    Move.CONFIRM: ((Status.REPORTED,), Status.CONFIRMED, SECRETARIAT),
    Move.CLAIM: ((Status.CONFIRMED,), Status.CLAIMED, MUNICIPALITY),
    Move.PAY: ((Status.CLAIMED,), Status.PAID, SECRETARIAT),
}


def moves_from(status: str) -> list[Move]:
    return [move for move, (sources, _target, _who) in WORKFLOW.items() if status in sources]
