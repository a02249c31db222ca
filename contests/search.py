"""Announced contests and works in public galleries in the site search (core.contributions)."""

from django.db import models
from django.db.models import F, Value

from core.contributions import SearchResult
from core.matching import match_fields, terms_of, translated

from .models import Contest, Entry


def search(*, query: str, limit: int) -> list[SearchResult]:
    """Contests first, newest first, then their works; never entrant contacts. One query: the
    two kinds are one UNION of the same columns, so the search stays flat as kinds are added."""
    terms = terms_of(query)
    if not terms:
        return []
    # Each part is its first `limit` matches, chosen in a subquery (a part of a UNION cannot be
    # ordered or sliced on SQLite), so the UNION sorts at most twice `limit` rows.
    first_contests = (
        Contest.objects.announced()
        .filter(match_fields(terms, translated("title")))
        .order_by("-year")
        .values("pk")[:limit]
    )
    first_works = (
        Entry.objects.in_public_gallery()
        .filter(match_fields(terms, ("title", "display_name")))
        .order_by("-contest__year", "number")
        .values("pk")[:limit]
    )
    contests = (
        Contest.objects.filter(pk__in=first_contests)
        .order_by()  # the whole UNION is ordered below
        .rewrite(False)  # modeltranslation would add every field to these columns
        .values(
            kind_rank=Value(0),
            hit_year=F("year"),
            hit_number=Value(0),
            hit_public_id=Value(None, output_field=models.UUIDField()),
            hit_title_ja=F("title_ja"),
            hit_title_en=F("title_en"),
            hit_summary_ja=F("summary_ja"),
            hit_summary_en=F("summary_en"),
            hit_moment=F("entries_open_at"),
        )
    )
    works = (
        Entry.objects.filter(pk__in=first_works)
        .order_by()
        .values(
            kind_rank=Value(1),
            hit_year=F("contest__year"),
            hit_number=F("number"),
            hit_public_id=F("public_id"),
            hit_title_ja=F("title"),
            hit_title_en=F("title"),
            hit_summary_ja=F("description"),
            hit_summary_en=F("description"),
            hit_moment=F("contest__judging_starts_at"),
        )
    )
    hits = contests.union(works, all=True).order_by("kind_rank", "-hit_year", "hit_number")
    return [_result(hit) for hit in hits[:limit]]


def _result(hit: dict) -> SearchResult:
    # Unsaved instances give the page language's title (modeltranslation's fallback) and the
    # address (get_absolute_url) the way a fetched record would.
    contest = Contest(
        year=hit["hit_year"],
        title_ja=hit["hit_title_ja"],
        title_en=hit["hit_title_en"],
        summary_ja=hit["hit_summary_ja"],
        summary_en=hit["hit_summary_en"],
    )
    if hit["kind_rank"] == 0:
        title, summary, url = contest.title, contest.summary, contest.get_absolute_url()
    else:
        work = Entry(contest=contest, public_id=hit["hit_public_id"])
        title, summary, url = hit["hit_title_ja"], hit["hit_summary_ja"], work.get_absolute_url()
    return SearchResult(
        kind="contests", title=title, url=url, summary=summary[:160], date=hit["hit_moment"]
    )
