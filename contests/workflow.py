"""An entry's workflow: confirmed by its entrant, screened by the secretariat, or withdrawn."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Move, ServiceError, Workflow, by_secretariat

from .models import Entry, EntryStatus


class ContestError(ServiceError):
    """A contest rule refused the action; the message is shown to the person."""


def _screening(sources, target) -> Move:
    return Move(
        sources,
        target,
        allowed=by_secretariat,
        refusal=_("Only the secretariat screens entries."),
    )


# The entrant's moves come through the signed links (actor None); screening is the secretariat's,
# and a screening decision may be reversed until the results are published.
WORKFLOW = Workflow(
    model=Entry,
    error=ContestError,
    moves={
        "confirm": Move(EntryStatus.UNCONFIRMED, EntryStatus.SUBMITTED),
        "withdraw": Move(
            (EntryStatus.UNCONFIRMED, EntryStatus.SUBMITTED, EntryStatus.ACCEPTED),
            EntryStatus.WITHDRAWN,
        ),
        "expire": Move(EntryStatus.UNCONFIRMED, EntryStatus.WITHDRAWN),
        "accept": _screening((EntryStatus.SUBMITTED, EntryStatus.REJECTED), EntryStatus.ACCEPTED),
        "reject": _screening((EntryStatus.SUBMITTED, EntryStatus.ACCEPTED), EntryStatus.REJECTED),
    },
)
