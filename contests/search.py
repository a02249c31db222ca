from django.db.models import Q

from core.contributions import SearchResult

from .models import Contest, Entry


def search(*, query: str, limit: int) -> list[SearchResult]:
    """Announced contests and works in public galleries; never entrant contacts."""
    query = query.strip()
    if not query:
        return []
    results = [
        SearchResult(
            kind="contests",
            title=contest.title,
            url=contest.get_absolute_url(),
            summary=contest.summary,
            date=contest.entries_open_at.date(),
        )
        for contest in Contest.objects.announced()
        .filter(Q(title_ja__icontains=query) | Q(title_en__icontains=query))
        .order_by("-year")[:limit]
    ]
    works = (
        Entry.objects.in_public_gallery()
        .filter(Q(title__icontains=query) | Q(display_name__icontains=query))
        .select_related("contest")
        .order_by("-contest__year", "number")[: max(limit - len(results), 0)]
    )
    results += [
        SearchResult(
            kind="contests",
            title=work.title,
            url=work.get_absolute_url(),
            summary=work.description[:160],
            date=work.contest.judging_starts_at.date(),
        )
        for work in works
    ]
    return results
