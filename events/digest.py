import datetime

from django.utils.translation import gettext_lazy as _

from core.contributions import DigestItem
from core.dates import format_datetime

from .models import Event

HEADING = _("Events")


def items_since(*, since: datetime.datetime, until: datetime.datetime) -> list[DigestItem]:
    """Public events announced in the period that have not yet taken place."""
    events = Event.objects.public().filter(
        created_at__gte=since, created_at__lt=until, start__gte=until
    )
    return [
        DigestItem(
            kind="events",
            title_ja=event.title_ja,
            title_en=event.title_en or "",
            url=f"/events/{event.pk}/",
            summary_ja=f"{format_datetime(event.start, 'ja')} {event.venue_name_ja or ''}".strip(),
            summary_en=f"{format_datetime(event.start, 'en')} {venue_en(event)}".strip(),
            published_at=event.created_at,
            municipality_codes=(event.municipality_id,) if event.municipality_id else (),
            themes=("events",),
        )
        for event in events.order_by("start")[:50]
    ]


def venue_en(event: Event) -> str:
    return event.venue_name_en or event.venue_name_ja or ""
