from core.contributions import SearchResult

from .models import Document


def search(*, query: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(
            kind="library",
            title=document.title,
            url=document.get_absolute_url(),
            summary=document.summary,
            date=document.published_at.date(),
        )
        for document in Document.objects.published().matching(query)[:limit]
    ]
