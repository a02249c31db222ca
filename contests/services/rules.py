"""The contest's error and the locked entry every decision starts from."""

from ..models import Entry
from ..workflow import WORKFLOW, ContestError

__all__ = ["ContestError", "lock_entry"]


def lock_entry(entry_id: int) -> Entry:
    return WORKFLOW.lock(entry_id, queryset=Entry.objects.select_related("contest", "category"))
