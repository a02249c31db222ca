"""Funded projects in the site search (public records only)."""

from django.db.models import Q

from core.contributions import SearchResult
from core.fiscal import fiscal_year_label

from .models import Application


def search(*, query: str, limit: int) -> list[SearchResult]:
    query = (query or "").strip()
    if not query:
        return []
    matches = (
        Application.objects.funded()
        .filter(
            Q(title_ja__icontains=query)
            | Q(title_en__icontains=query)
            | Q(summary_ja__icontains=query)
            | Q(summary_en__icontains=query)
            | Q(results_ja__icontains=query)
            | Q(municipality__name_ja__icontains=query)
        )
        .select_related("municipality", "program")
        .order_by("-program__fiscal_year", "-pk")[:limit]
    )
    return [
        SearchResult(
            kind="grants",
            title=project.title,
            url=project.get_absolute_url(),
            summary=f"{project.municipality.name} · "
            f"{fiscal_year_label(project.program.fiscal_year)} · " + project.summary[:120],
            date=project.decided_at.date() if project.decided_at else None,
        )
        for project in matches
    ]
