from core.contributions import SearchResult
from core.matching import terms_of

from .models import Document


def search(*, query: str, limit: int) -> list[SearchResult]:
    if not terms_of(query):
        return []
    # Document.objects.matching holds the match (core.matching), shared with the library's list.
    return [
        SearchResult(
            kind="library",
            title=document.title,
            url=document.get_absolute_url(),
            summary=document.summary,
            date=document.published_at,
        )
        for document in Document.objects.published().matching(query)[:limit]
    ]
