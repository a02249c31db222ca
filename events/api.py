"""Open data: public events (no registrant data, ever)."""

import datetime

from django.conf import settings
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from core.pagination import LimitOffsetPagination

from .models import Event

router = Router(tags=["events"])


class EventOut(Schema):
    id: int
    title_ja: str
    title_en: str | None = None
    category: str
    municipality_code: str | None = Field(None, alias="municipality_id")
    venue_name: str
    venue_address: str
    latitude: float | None = None
    longitude: float | None = None
    start: datetime.datetime
    end: datetime.datetime
    registration_mode: str
    capacity: int | None = None
    seats_left: int | None = None
    url: str

    @staticmethod
    def resolve_url(event):
        return settings.SITE_URL + event.get_absolute_url()


@router.get("/", response=list[EventOut], summary="Public events, soonest first")
@paginate(LimitOffsetPagination)
def list_events(
    request,
    category: str | None = None,
    municipality: str | None = None,
    since: datetime.date | None = None,
):
    events = Event.objects.public()
    if category:
        events = events.filter(category=category)
    if municipality:
        events = events.filter(municipality_id=municipality)
    if since:
        events = events.filter(start__date__gte=since)
    return events.order_by("start", "pk")


@router.get("/{event_id}", response=EventOut, summary="One public event")
def get_event(request, event_id: int):
    return get_object_or_404(Event.objects.public(), pk=event_id)
