from django.db.models import Q

from core.contributions import SearchResult

from .models import Initiative


def search(*, query: str, limit: int) -> list[SearchResult]:
    matches = Initiative.objects.public().filter(
        Q(title_ja__icontains=query)
        | Q(title_en__icontains=query)
        | Q(summary_ja__icontains=query)
        | Q(summary_en__icontains=query)
    )[:limit]
    return [
        SearchResult(
            kind="initiatives",
            title=initiative.title,
            url=initiative.get_absolute_url(),
            summary=initiative.summary,
        )
        for initiative in matches
    ]
