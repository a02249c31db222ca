"""The emissions error, who may change editions, and the one move of an edition."""

from django.utils.translation import gettext as _

from accounts.roles import is_secretariat
from core.audit import record_audit

from ..files import RowError, in_reading_order
from ..models import EDITION_TRANSITIONS, Edition


class EmissionsError(Exception):
    """A refused action; `errors` lists every bad cell of the files involved."""

    def __init__(self, message: str, errors: list[RowError] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = in_reading_order(errors or [])


def require_secretariat(actor) -> None:
    if actor is not None and not is_secretariat(actor):
        raise EmissionsError(_("Only the secretariat may change emission editions."))


def check_new_label(label: str) -> str:
    label = (label or "").strip()
    if not label:
        raise EmissionsError(_("An edition needs a label."))
    if len(label) > 120:
        raise EmissionsError(_("The label is longer than 120 characters."))
    if Edition.objects.filter(label=label).exists():
        raise EmissionsError(
            _("An edition labelled “%s” already exists; a new calculation needs a new label.")
            % label
        )
    return label


def move_edition(edition: Edition, to_state: str, *, actor, action: str) -> None:
    if to_state not in EDITION_TRANSITIONS[edition.status]:
        raise EmissionsError(
            _("An edition cannot move from %(from)s to %(to)s.")
            % {"from": edition.status, "to": to_state}
        )
    from_state = edition.status
    edition.status = to_state
    record_audit(
        subject=edition, actor=actor, action=action, from_state=from_state, to_state=to_state
    )
