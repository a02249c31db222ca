"""iCalendar (RFC 5545) for one event and for subscription feeds."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

PRODID = "-//ECO Net Tokyo 62//Events//JA"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    return calendar


def _vevent(event, *, stamp) -> VEvent:
    vevent = VEvent()
    # A stable UID lets calendar apps update the entry instead of adding a second one.
    vevent.add("uid", f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname}")
    vevent.add("dtstamp", stamp)
    # UTC instants are valid everywhere without shipping a VTIMEZONE block.
    vevent.add("dtstart", event.start.astimezone(timezone.UTC))
    vevent.add("dtend", event.end.astimezone(timezone.UTC))
    vevent.add("summary", event.title)
    vevent.add("description", event.description[:2000])
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if location or event.online_url:
        vevent.add("location", location or event.online_url)
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (float(event.latitude), float(event.longitude)))
    vevent.add("url", settings.SITE_URL + event.get_absolute_url())
    vevent.add("last-modified", event.updated_at.astimezone(timezone.UTC))
    vevent.add("categories", [event.get_category_display()])
    vevent.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
    return vevent


def event_calendar(event) -> bytes:
    calendar = _calendar(event.title)
    calendar.add_component(_vevent(event, stamp=timezone.now().astimezone(timezone.UTC)))
    return calendar.to_ical()


def feed_calendar(events, *, name: str) -> bytes:
    calendar = _calendar(name)
    stamp = timezone.now().astimezone(timezone.UTC)
    for event in events:
        calendar.add_component(_vevent(event, stamp=stamp))
    return calendar.to_ical()
