from core.contributions import SearchResult
from core.matching import match_fields, terms_of, translated

from .models import Contest, Entry


def search(*, query: str, limit: int) -> list[SearchResult]:
    """Announced contests and works in public galleries; never entrant contacts."""
    terms = terms_of(query)
    if not terms:
        return []
    results = [
        SearchResult(
            kind="contests",
            title=contest.title,
            url=contest.get_absolute_url(),
            summary=contest.summary,
            date=contest.entries_open_at,
        )
        for contest in Contest.objects.announced()
        .filter(match_fields(terms, translated("title")))
        .order_by("-year")[:limit]
    ]
    works = (
        Entry.objects.in_public_gallery()
        .filter(match_fields(terms, ("title", "display_name")))
        .select_related("contest")
        .order_by("-contest__year", "number")[: max(limit - len(results), 0)]
    )
    results += [
        SearchResult(
            kind="contests",
            title=work.title,
            url=work.get_absolute_url(),
            summary=work.description[:160],
            date=work.contest.judging_starts_at,
        )
        for work in works
    ]
    return results
