"""Approved organisations and published activities in the site search."""

from django.utils.text import Truncator

from core.contributions import SearchResult
from core.matching import match_fields, terms_of, translated

from .models import Activity, Organisation


def search(*, query: str, limit: int) -> list[SearchResult]:
    terms = terms_of(query)
    if not terms:
        return []
    organisations = (
        Organisation.objects.approved()
        .filter(match_fields(terms, translated("name")))
        .select_related("municipality")
        .order_by("name_ja")[:limit]
    )
    # Only the published version is shown: joining its municipality and the organisation's
    # row as well (with_public_version) made PostgreSQL loop over every match 62 times.
    activities = (
        Activity.objects.public()
        .select_related("published_version")
        .only(
            "pk",
            "published_version",
            "published_version__title",
            "published_version__description",
            "published_version__held_on",
        )
        .filter(match_fields(terms, ("published_version__title", "published_version__description")))
        .order_by("-published_version__held_on")[:limit]
    )
    results = [
        SearchResult(
            kind="participation",
            title=organisation.name,
            url=organisation.get_absolute_url(),
            summary=f"{organisation.get_kind_display()} · {organisation.municipality.name}",
        )
        for organisation in organisations
    ]
    results += [
        SearchResult(
            kind="participation",
            title=activity.published_version.title,
            url=activity.get_absolute_url(),
            summary=Truncator(activity.published_version.description).chars(160),
            date=activity.published_version.held_on,
        )
        for activity in activities
    ]
    return results[:limit]
