"""Moments at which public pages change by themselves, with no save to raise the data version.

A scheduled article goes live at its publication time, an event moves from "upcoming" to
"past" when it ends, registration opens and closes. Each app names these fields as
`timed_fields` on its AppConfig ("Model.field", date-time fields). A beat job looks every minute
for a moment passed since its last look and raises the data version when it finds one, so
cached pages and fragments follow within a minute instead of their lifetime. A new day in Tokyo
counts as such a moment too: pages that show "today", date fields and the fiscal year follow it.
"""

import functools
from datetime import datetime, timedelta

from django.apps import apps
from django.core.cache import cache
from django.utils import timezone

from .pagecache import invalidate_pages

LAST_LOOK_KEY = "moments:last-look"
# A first look (or one after the key was lost) covers this much of the past.
FIRST_LOOK_SPAN = timedelta(minutes=10)


@functools.cache
def timed_fields() -> tuple[tuple[type, str], ...]:
    fields = []
    for config in apps.get_app_configs():
        for name in getattr(config, "timed_fields", ()):
            model_name, field = name.split(".")
            fields.append((config.get_model(model_name), field))
    return tuple(fields)


def moment_passed(since: datetime, until: datetime) -> bool:
    """Whether a day began or any timed field falls in (since, until]."""
    if timezone.localdate(since) != timezone.localdate(until):
        return True
    return any(
        model._base_manager.filter(**{f"{field}__gt": since, f"{field}__lte": until}).exists()
        for model, field in timed_fields()
    )


def refresh_pages_for_passed_moments(now: datetime | None = None) -> bool:
    """Raise the data version if a moment passed since the last look; True when it did."""
    now = now or timezone.now()
    since = cache.get(LAST_LOOK_KEY) or now - FIRST_LOOK_SPAN
    passed = since < now and moment_passed(since, now)
    if passed:
        invalidate_pages()
    cache.set(LAST_LOOK_KEY, max(since, now), timeout=None)
    return passed
