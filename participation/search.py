"""Approved organisations and published activities in the site search (core.contributions)."""

from django.db import models
from django.db.models import F, Value
from django.utils.text import Truncator

from core.contributions import SearchResult
from core.matching import match_fields, terms_of, translated
from municipalities.models import Municipality

from .models import Activity, Organisation

NO_TEXT = Value("", output_field=models.CharField())


def search(*, query: str, limit: int) -> list[SearchResult]:
    """Organisations by name, then activities newest first. One query: the two kinds are one
    UNION of the same columns. Only an activity's published version is read: joining its
    municipality and organisation as well made PostgreSQL loop over every match 62 times."""
    terms = terms_of(query)
    if not terms:
        return []
    # Each part is its first `limit` matches, chosen in a subquery (a part of a UNION cannot be
    # ordered or sliced on SQLite), so the UNION sorts at most twice `limit` rows.
    first_organisations = (
        Organisation.objects.approved()
        .filter(match_fields(terms, translated("name")))
        .order_by("name_ja")
        .values("pk")[:limit]
    )
    first_activities = (
        Activity.objects.public()
        .filter(match_fields(terms, ("published_version__title", "published_version__description")))
        .order_by("-published_version__held_on")
        .values("pk")[:limit]
    )
    organisations = (
        Organisation.objects.filter(pk__in=first_organisations)
        .order_by()  # the whole UNION is ordered below
        .rewrite(False)  # modeltranslation would add every field to these columns
        .values(
            kind_rank=Value(0),
            hit_pk=F("pk"),
            hit_sort=F("name_ja"),
            hit_title_ja=F("name_ja"),
            hit_title_en=F("name_en"),
            hit_kind=F("kind"),
            hit_place_ja=F("municipality__name_ja"),
            hit_place_en=F("municipality__name_en"),
            hit_text=NO_TEXT,
            hit_day=Value(None, output_field=models.DateField()),
        )
    )
    activities = (
        Activity.objects.filter(pk__in=first_activities)
        .order_by()
        .values(
            kind_rank=Value(1),
            hit_pk=F("pk"),
            hit_sort=NO_TEXT,
            hit_title_ja=F("published_version__title"),
            hit_title_en=F("published_version__title"),
            hit_kind=NO_TEXT,
            hit_place_ja=NO_TEXT,
            hit_place_en=NO_TEXT,
            hit_text=F("published_version__description"),
            hit_day=F("published_version__held_on"),
        )
    )
    hits = organisations.union(activities, all=True).order_by("kind_rank", "hit_sort", "-hit_day")
    return [_result(hit) for hit in hits[:limit]]


def _result(hit: dict) -> SearchResult:
    # An unsaved organisation gives the page language's names (modeltranslation's fallback),
    # the kind's label and the address (get_absolute_url) the way a fetched one would.
    if hit["kind_rank"] == 0:
        organisation = Organisation(
            pk=hit["hit_pk"],
            name_ja=hit["hit_title_ja"],
            name_en=hit["hit_title_en"],
            kind=hit["hit_kind"],
            municipality=Municipality(name_ja=hit["hit_place_ja"], name_en=hit["hit_place_en"]),
        )
        return SearchResult(
            kind="participation",
            title=organisation.name,
            url=organisation.get_absolute_url(),
            summary=f"{organisation.get_kind_display()} · {organisation.municipality.name}",
        )
    return SearchResult(
        kind="participation",
        title=hit["hit_title_ja"],
        url=Activity(pk=hit["hit_pk"]).get_absolute_url(),
        summary=Truncator(hit["hit_text"]).chars(160),
        date=hit["hit_day"],
    )
