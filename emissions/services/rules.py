"""The emissions error, who may change editions, and the checks of a new edition."""

from django.utils.translation import gettext as _

from ..errors import EmissionsError
from ..models import ONLY_SECRETARIAT, Edition, by_secretariat_or_system


def require_secretariat(actor) -> None:
    if not by_secretariat_or_system(actor, None):
        raise EmissionsError(ONLY_SECRETARIAT)


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
