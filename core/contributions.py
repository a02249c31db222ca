"""What apps contribute to the newsletter, the annual report and the site search.

An app opts in with a module of the given name defining the function:

- `digest.py`:    items_since(*, since: datetime, until: datetime) -> list[DigestItem]
                  (published content for the newsletter's "draft from new content"), and
                  HEADING, the translatable heading of the app's section in the digest
- `reporting.py`: annual_report_section(*, fiscal_year: int) -> ReportSection | None
                  (a chapter of the fiscal year's annual report 事業報告)
- `search.py`:    search(*, query: str, limit: int) -> list[SearchResult]
                  (public records only; the site search merges them; match with core.matching),
                  and optionally RANKED, a core.matching.RankedSearch for the ranked article
                  search (news and lessons)
- `spending.py`:  SPENDING_SOURCES: list[SpendingSource]
                  (records that spend the program's budget: grants, event costs, credits…)

A report chapter's `ReportSection.template` is rendered (once per language, for the HTML page
and the PDF) by reports/services.py with exactly this context:

- `section`     — the `ReportSection.context` dict (the app's own figures and rows),
- `chapter`     — the `ReportSection` itself (`title`, `figures`, `order`, `app_label`),
- `fiscal_year` — the report's fiscal year (int; `{{ fiscal_year|fiscal_year_label }}`).

No request is available; use plain HTML that prints (see docs/reports.md).
"""

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps

from .dates import tokyo_date
from .discovery import app_modules

SEARCH_LIMIT_PER_APP = 10

# The themes a newsletter subscriber may choose (newsletter.models.Theme has the same values).
# An item names those it is about; an item with no theme (or no municipality) is for everyone.
DIGEST_THEMES = ("climate", "nature", "waste", "energy", "learning", "events")


@dataclass(frozen=True)
class DigestItem:
    kind: str  # the app label: "news", "events", "academy" …
    title_ja: str
    title_en: str
    url: str  # path without the language prefix, e.g. /news/2026/slug/
    summary_ja: str = ""
    summary_en: str = ""
    published_at: datetime.datetime | None = None
    municipality_codes: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()  # among DIGEST_THEMES


@dataclass
class ReportSection:
    app_label: str
    title: str  # translatable, already translated by the caller's active language
    template: str  # rendered into both the HTML and the PDF report
    context: dict = field(default_factory=dict)
    order: int = 100
    # Key figures shown in the report's summary table: (label, value) pairs.
    figures: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    url: str
    summary: str = ""
    # A moment is shown as its day in Tokyo (search_results_of), never as its day in UTC.
    date: datetime.date | datetime.datetime | None = None
    section: str = ""  # filled by collect_search_results: the app's name, translated


@dataclass(frozen=True)
class SpendingSource:
    """Records of one kind that spend a budget line: the line names the source by its key."""

    key: str  # "grants", "events:exhibition" … unique across apps
    label: str  # translatable (lazy)
    # fiscal_year -> yen spent by these records in that fiscal year
    total: Callable[[int], int]
    # fiscal_year -> (label, yen) parts shown beside the total, e.g. decided and confirmed grants
    parts: Callable[[int], list[tuple[str, int]]] | None = None


def collect_spending_sources() -> dict[str, SpendingSource]:
    return {
        source.key: source
        for module in app_modules("spending")
        for source in module.SPENDING_SOURCES
    }


def digest_heading(kind: str) -> str:
    """The heading of an app's digest section in the active language (its HEADING)."""
    for module in app_modules("digest"):
        if module.__name__.split(".")[0] == kind:
            return str(getattr(module, "HEADING", apps.get_app_config(kind).verbose_name))
    return kind


def collect_digest_items(*, since: datetime.datetime, until: datetime.datetime) -> list[DigestItem]:
    items: list[DigestItem] = []
    for module in app_modules("digest"):
        items.extend(module.items_since(since=since, until=until))
    return sorted(items, key=lambda item: item.published_at or until, reverse=True)


def collect_report_sections(*, fiscal_year: int) -> list[ReportSection]:
    sections = []
    for module in app_modules("reporting"):
        section = module.annual_report_section(fiscal_year=fiscal_year)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda section: section.order)


def collect_ranked_searches() -> list:
    """Every app's `search.RANKED` (core.matching.RankedSearch), for the ranked article search."""
    return [module.RANKED for module in app_modules("search") if hasattr(module, "RANKED")]


def collect_search_results(
    *, query: str, limit_per_app: int = SEARCH_LIMIT_PER_APP
) -> list[SearchResult]:
    results: list[SearchResult] = []
    for module in app_modules("search"):
        results.extend(search_results_of(module, query=query, limit=limit_per_app))
    return results


def search_results_of(
    module, *, query: str, limit: int = SEARCH_LIMIT_PER_APP
) -> list[SearchResult]:
    """One app's `search.search()` results, each naming the app's section, dated in Tokyo."""
    section = str(apps.get_containing_app_config(module.__name__).verbose_name)
    return [
        dataclasses.replace(
            result, section=section, date=tokyo_date(result.date) if result.date else None
        )
        for result in module.search(query=query, limit=limit)
    ]
