from core.contributions import SearchResult
from core.matching import match_fields, terms_of

from .models import Event


def search(*, query: str, limit: int) -> list[SearchResult]:
    terms = terms_of(query)
    if not terms:
        return []
    events = (
        Event.objects.public()
        .filter(match_fields(terms, ("title_ja", "title_en", "venue_name_ja")))
        .order_by("-start")[:limit]
    )
    return [
        SearchResult(
            kind="events",
            title=event.title,
            url=event.get_absolute_url(),
            summary=event.venue_name,
            date=event.start,
        )
        for event in events
    ]
