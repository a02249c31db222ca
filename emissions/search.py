from django.db.models import BooleanField, Exists, ExpressionWrapper
from django.urls import reverse
from django.utils.translation import gettext as _

from core.contributions import SearchResult
from core.matching import match_fields, terms_of
from municipalities.models import Municipality

from .models import Edition

KEYWORDS = ("排出", "温室効果ガス", "co2", "ghg", "emission", "greenhouse", "二酸化炭素", "温暖化")


def search(*, query: str, limit: int) -> list[SearchResult]:
    """A municipality's emissions page when its name is searched, or the overview for keywords.

    One query: the municipalities (the 62 are always there, loaded by a migration) of which an
    official edition exists, those whose name matches first; none come back without one.
    """
    terms = terms_of(query)
    if not terms:
        return []
    name_matches = match_fields(terms, ("name_ja", "name_en", "kana"))
    municipalities = list(
        Municipality.objects.filter(Exists(Edition.objects.official()))
        .annotate(matched=ExpressionWrapper(name_matches, output_field=BooleanField()))
        .order_by("-matched", "code")
        .only("code", "name_ja", "name_en")[:limit]
    )
    if not municipalities:
        return []
    results = []
    if any(keyword in query.lower() for keyword in KEYWORDS):
        results.append(
            SearchResult(
                kind="emissions",
                title=_("Greenhouse gas emissions of the 62 municipalities"),
                url=reverse("emissions:index"),
            )
        )
    results += [
        SearchResult(
            kind="emissions",
            title=_("Emissions of %(name)s") % {"name": municipality.name},
            url=reverse("emissions:detail", kwargs={"code": municipality.code}),
        )
        for municipality in municipalities
        if municipality.matched
    ]
    return results[:limit]
