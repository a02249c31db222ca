"""Funded projects in the site search (public records only)."""

from core.contributions import SearchResult
from core.fiscal import fiscal_year_label
from core.matching import match_fields, terms_of, translated

from .models import Application


def search(*, query: str, limit: int) -> list[SearchResult]:
    terms = terms_of(query)
    if not terms:
        return []
    matches = (
        Application.objects.funded()
        .filter(
            match_fields(
                terms,
                (*translated("title", "summary"), "results_ja", "municipality__name_ja"),
            )
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
            date=project.decided_at,
        )
        for project in matches
    ]
