from core.contributions import SearchResult
from core.matching import match_fields, terms_of, translated

from .models import Initiative


def search(*, query: str, limit: int) -> list[SearchResult]:
    terms = terms_of(query)
    if not terms:
        return []
    matches = Initiative.objects.public().filter(
        match_fields(terms, translated("title", "summary"))
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
