from django.db.models import Q
from django.utils import timezone

from core.contributions import SearchResult

from .models import Event


def search(*, query: str, limit: int) -> list[SearchResult]:
    query = query.strip()
    if not query:
        return []
    events = (
        Event.objects.public()
        .filter(
            Q(title_ja__icontains=query)
            | Q(title_en__icontains=query)
            | Q(venue_name_ja__icontains=query)
        )
        .order_by("-start")[:limit]
    )
    return [
        SearchResult(
            kind="events",
            title=event.title,
            url=event.get_absolute_url(),
            summary=event.venue_name,
            date=timezone.localtime(event.start).date(),
        )
        for event in events
    ]
