"""Every published figure equals a direct count of the records it claims to count.

Each expected value is counted in Python from the rows themselves (no GROUP BY, no join), over
data that multiplies every join (tests/varied_data.py): the annual report's key figures and
chapter totals of every app, each municipality profile's counters, the grants showcase, the API's
counts and totals, and the newsletter digest's items.
"""

from collections import Counter

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from core.contributions import collect_report_sections
from core.fiscal import fiscal_year_bounds, fiscal_year_range
from tests import varied_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def varied(django_db_setup, django_db_blocker, tmp_path_factory):
    """The data, built once for the module inside a transaction rolled back at its end; each
    test runs in a savepoint within it."""
    media = tmp_path_factory.mktemp("varied-media")
    storages = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media / "private"), "base_url": None},
        },
    }
    with (
        override_settings(
            MEDIA_ROOT=media / "public",
            PRIVATE_MEDIA_ROOT=media / "private",
            STORAGES=storages,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        varied_data.build()
        yield
        transaction.set_rollback(True)


def _in(moment, fiscal_year: int) -> bool:
    start, end = fiscal_year_range(fiscal_year)
    return moment is not None and start <= moment < end


def _number(text: str) -> int:
    return int(text.replace(",", "").replace("¥", ""))


def _figures(fiscal_year: int) -> dict[str, dict[str, str]]:
    return {
        section.app_label: dict(section.figures)
        for section in collect_report_sections(fiscal_year=fiscal_year)
    }


def _sections(fiscal_year: int) -> dict:
    return {s.app_label: s for s in collect_report_sections(fiscal_year=fiscal_year)}


# --- Direct counts -------------------------------------------------------------


def _public_articles(fiscal_year: int):
    from news.models import Article

    return [
        a
        for a in Article.objects.prefetch_related("municipalities")
        if a.is_public and _in(a.published_at, fiscal_year)
    ]


def _events_held(fiscal_year: int):
    from events.models import Event

    start, end = fiscal_year_range(fiscal_year)
    now = timezone.now()
    return [
        e
        for e in Event.objects.prefetch_related("registrations")
        if e.is_published and e.cancelled_at is None and start <= e.start < min(end, now)
    ]


def _participants(event) -> int:
    if event.participant_count is not None:
        return event.participant_count
    return sum(r.party_size for r in event.registrations.all() if r.status == "confirmed")


def _approved_organisations(fiscal_year: int):
    from participation.models import Organisation

    _start, end = fiscal_year_range(fiscal_year)
    return [
        o
        for o in Organisation.objects.all()
        if o.status == "approved" and o.approved_at is not None and o.approved_at < end
    ]


def _public_pledges(fiscal_year: int):
    from participation.models import Pledge

    return [
        p
        for p in Pledge.objects.select_related("organisation")
        if p.organisation.status == "approved" and _in(p.created_at, fiscal_year)
    ]


def _public_activities(fiscal_year: int):
    from participation.models import Activity

    first, last = fiscal_year_bounds(fiscal_year)
    return [
        a
        for a in Activity.objects.select_related("published_version", "organisation")
        if a.published_version is not None
        and not a.is_withdrawn
        and a.organisation.status == "approved"
        and first <= a.published_version.held_on <= last
    ]


def _committed_applications(fiscal_year: int):
    from grants.models import COMMITTED_STATUSES, Application

    return [
        a
        for a in Application.objects.select_related("program")
        if a.program.fiscal_year == fiscal_year and a.status in COMMITTED_STATUSES
    ]


# --- The annual report ----------------------------------------------------------


@pytest.mark.parametrize("fiscal_year", varied_data.FISCAL_YEARS)
def test_news_chapter_counts_each_published_article_once(varied, fiscal_year):
    from news.models import Kind

    articles = _public_articles(fiscal_year)
    figures = _figures(fiscal_year)["news"]
    section = _sections(fiscal_year)["news"]
    places = {m.pk for a in articles for m in a.municipalities.all()}
    assert list(figures.values()) == [f"{len(articles):,}", f"{len(places):,}"]
    kinds = Counter(a.kind for a in articles)
    assert section.context["by_kind"] == [(k.label, kinds.get(k.value, 0)) for k in Kind]
    assert section.context["total"] == len(articles)
    initiatives = [a for a in articles if a.kind == Kind.INITIATIVE]
    assert sorted(a.pk for a in section.context["initiatives"]) == sorted(a.pk for a in initiatives)


@pytest.mark.parametrize("fiscal_year", varied_data.FISCAL_YEARS)
def test_events_chapter_counts_each_held_event_and_participant_once(varied, fiscal_year):
    from events.models import Category
    from offsets.models import CreditRetirement

    held = _events_held(fiscal_year)
    section = _sections(fiscal_year)["events"]
    first, last = fiscal_year_bounds(fiscal_year)
    tonnes = sum(r.tonnes for r in CreditRetirement.objects.all() if first <= r.retired_on <= last)
    assert list(dict(section.figures).values()) == [
        f"{len(held):,}",
        f"{sum(_participants(e) for e in held):,}",
        f"{tonnes:,}",
    ]
    by_category = Counter(e.category for e in held)
    assert [(r["category"], r["events"], r["participants"]) for r in section.context["rows"]] == [
        (label, by_category[value], sum(_participants(e) for e in held if e.category == value))
        for value, label in Category.choices
        if by_category[value]
    ]
    with_credits = {r.event_id for r in CreditRetirement.objects.all() if r.event_id}
    assert section.context["offset_events"] == sum(1 for e in held if e.pk in with_credits)


@pytest.mark.parametrize("fiscal_year", varied_data.FISCAL_YEARS)
def test_participation_chapter_counts_each_organisation_pledge_and_activity_once(
    varied, fiscal_year
):
    from participation.models import OrganisationType

    organisations = _approved_organisations(fiscal_year)
    pledges = _public_pledges(fiscal_year)
    activities = _public_activities(fiscal_year)
    section = _sections(fiscal_year)["participation"]
    kilograms = sum(a.published_version.estimated_co2_kg or 0 for a in activities)
    assert list(dict(section.figures).values()) == [
        f"{len(organisations):,}",
        f"{len(pledges):,}",
        f"{len(activities):,}",
        f"{kilograms / 1000:,.1f}",
    ]
    kinds = Counter(o.kind for o in organisations)
    new = Counter(o.kind for o in organisations if _in(o.approved_at, fiscal_year))
    assert section.context["by_kind"] == [
        {"label": k.label, "total": kinds[k.value], "new": new[k.value]} for k in OrganisationType
    ]
    per_campaign = Counter(p.campaign_id for p in pledges)
    assert sorted(r["count"] for r in section.context["by_campaign"]) == sorted(
        per_campaign.values()
    )


@pytest.mark.parametrize("fiscal_year", varied_data.FISCAL_YEARS)
def test_grants_chapter_totals_equal_the_committed_applications(varied, fiscal_year):
    from grants.models import GrantNotice, NoticeKind

    committed = _committed_applications(fiscal_year)
    figures = list(_figures(fiscal_year)["grants"].values())
    notices = [
        n
        for n in GrantNotice.objects.select_related("series")
        if n.series.fiscal_year == fiscal_year
    ]
    replaced = {n.supersedes_id for n in GrantNotice.objects.all() if n.supersedes_id}
    current = Counter(n.kind for n in notices if n.pk not in replaced)
    assert [_number(f) for f in figures] == [
        len(committed),
        len({a.municipality_id for a in committed}),
        sum(a.granted_amount or 0 for a in committed),
        sum(a.confirmed_amount or 0 for a in committed),
        sum(a.paid_amount or 0 for a in committed),
        len(notices),
        *[current[kind] for kind in NoticeKind.values if current[kind]],
    ]
    projects = _sections(fiscal_year)["grants"].context["projects"]
    assert sorted(p.pk for p in projects) == sorted(a.pk for a in committed)


@pytest.mark.parametrize("fiscal_year", varied_data.FISCAL_YEARS)
def test_other_chapters_count_each_record_once(varied, fiscal_year):
    from academy.models import Lesson
    from contests.models import Contest
    from initiatives.models import Distribution, Initiative
    from newsletter.models import Issue

    figures = _figures(fiscal_year)
    now = timezone.now()
    lessons = [
        lesson
        for lesson in Lesson.objects.select_related("course")
        if lesson.is_published
        and lesson.course.is_published
        and lesson.published_at is not None
        and lesson.published_at <= now
        and _in(lesson.published_at, fiscal_year)
    ]
    if lessons:
        assert list(figures["academy"].values()) == [
            f"{len(lessons):,}",
            f"{len({lesson.course_id for lesson in lessons}):,}",
        ]
    contests = [c for c in Contest.objects.all() if _in(c.entries_close_at, fiscal_year)]
    if contests:
        entries = [e for c in contests for e in c.entries.all()]
        counted = [e for e in entries if e.status in ("submitted", "accepted", "rejected")]
        assert list(figures["contests"].values()) == [
            str(len(contests)),
            f"{len(counted):,}",
            f"{sum(1 for e in entries if e.award):,}",
        ]
    initiatives = [
        i for i in Initiative.objects.all() if i.is_public and i.fiscal_year == fiscal_year
    ]
    if initiatives:
        quantities = Counter()
        for d in Distribution.objects.select_related("initiative", "good"):
            if d.initiative.fiscal_year == fiscal_year and d.initiative.is_public:
                quantities[d.good.name] += d.quantity
        values = list(figures["initiatives"].values())
        assert values[0] == str(len(initiatives))
        assert values[1] == str(sum(1 for i in initiatives if i.status == "completed"))
        assert sorted(values[2:]) == sorted(f"{q:,}" for q in quantities.values())
    issues = [i for i in Issue.objects.all() if _in(i.sent_at, fiscal_year)]
    if issues:
        delivered = sum(1 for i in issues for d in i.deliveries.all() if d.status == "sent")
        assert list(figures["newsletter"].values())[:2] == [f"{len(issues):,}", f"{delivered:,}"]
    assert figures["reports"] == {next(iter(figures["reports"])): "62"}


# --- Municipality profiles, the showcase, the API, the digest -----------------------


@pytest.mark.parametrize("code", varied_data.MUNICIPALITIES)
def test_each_profile_counter_equals_its_records(varied, rf, code):
    from contests import sections as contest_sections
    from contests.models import Entry
    from grants import sections as grant_sections
    from grants.models import PUBLIC_STATUSES, Application
    from municipalities.models import Municipality
    from participation import sections as participation_sections
    from participation.models import Activity, Organisation, Pledge

    municipality = Municipality.objects.get(pk=code)
    request = rf.get(f"/municipalities/{code}/")
    context = participation_sections.municipality_section(request, municipality).context
    organisations = [
        o
        for o in Organisation.objects.all()
        if o.municipality_id == code and o.status == "approved"
    ]
    assert context["organisation_count"] == len(organisations)
    pledges = [
        p
        for p in Pledge.objects.select_related("organisation")
        if p.organisation.municipality_id == code and p.organisation.status == "approved"
    ]
    assert context["pledge_count"] == len(pledges)
    activities = [
        a
        for a in Activity.objects.select_related("published_version", "organisation")
        if a.published_version is not None
        and not a.is_withdrawn
        and a.organisation.status == "approved"
        and a.published_version.municipality_id == code
    ]
    assert context["activity_count"] == len(activities)

    funded = [
        a
        for a in Application.objects.all()
        if a.municipality_id == code and a.status in PUBLIC_STATUSES
    ]
    section = grant_sections.municipality_section(request, municipality)
    if funded:
        assert section.context["count"] == len(funded)
        assert section.context["total"] == sum(
            a.confirmed_amount if a.confirmed_amount is not None else a.granted_amount or 0
            for a in funded
        )
    else:
        assert section is None

    accepted = [
        e for e in Entry.objects.all() if e.municipality_id == code and e.status == "accepted"
    ]
    section = contest_sections.municipality_section(request, municipality)
    assert (section.context["accepted"] if section else 0) == len(accepted)


@pytest.mark.parametrize("query", ["", "?fiscal_year=2025", "?municipality=131016"])
def test_the_showcase_totals_equal_its_funded_projects(varied, client, query):
    from grants.models import PUBLIC_STATUSES, Application

    funded = [
        a
        for a in Application.objects.select_related("program")
        if a.status in PUBLIC_STATUSES
        and (query != "?fiscal_year=2025" or a.program.fiscal_year == 2025)
        and (query != "?municipality=131016" or a.municipality_id == "131016")
    ]
    response = client.get("/grants/" + query)
    totals = dict(response.context["totals"])
    assert totals == {
        "count": len(funded),
        "granted": sum(
            a.confirmed_amount if a.confirmed_amount is not None else a.granted_amount
            for a in funded
        ),
        "municipality_count": len({a.municipality_id for a in funded}),
    }
    assert response.context["page_obj"].paginator.count == len(funded)


def _all_items(client, path: str) -> list[dict]:
    separator = "&" if "?" in path else "?"
    body = client.get(f"{path}{separator}limit=1000").json()
    assert body["count"] == len(body["items"])
    return body["items"]


@pytest.mark.parametrize("code", ["131016", "132012"])
def test_the_api_counts_each_record_once(varied, client, code):
    from events.models import Event
    from grants.models import PUBLIC_STATUSES, Application
    from news.models import Article
    from participation.models import Organisation

    articles = _all_items(client, f"/api/news/articles?municipality={code}")
    expected = [
        a.pk
        for a in Article.objects.prefetch_related("municipalities")
        if a.is_public and code in {m.pk for m in a.municipalities.all()}
    ]
    assert sorted(a["id"] for a in articles) == sorted(expected)
    assert sorted(a["id"] for a in _all_items(client, "/api/news/articles")) == sorted(
        a.pk for a in Article.objects.all() if a.is_public
    )

    events = _all_items(client, f"/api/events/?municipality={code}")
    assert sorted(e["id"] for e in events) == sorted(
        e.pk
        for e in Event.objects.all()
        if e.is_published and e.visibility == "public" and e.municipality_id == code
    )

    projects = _all_items(client, f"/api/grants/projects?municipality={code}")
    assert sorted(p["id"] for p in projects) == sorted(
        a.pk
        for a in Application.objects.all()
        if a.municipality_id == code and a.status in PUBLIC_STATUSES
    )

    body = client.get(f"/api/participation/organisations?municipality={code}&page_size=1000").json()
    assert body["count"] == sum(
        1
        for o in Organisation.objects.all()
        if o.municipality_id == code and o.status == "approved"
    )


def test_the_api_campaign_pledge_counts_and_ledger_totals_equal_their_records(varied, client):
    from offsets.models import CreditPurchase, CreditRetirement
    from participation.models import Campaign, Pledge

    pledges = Counter(
        p.campaign_id
        for p in Pledge.objects.select_related("organisation")
        if p.organisation.status == "approved"
    )
    campaigns = client.get("/api/participation/campaigns").json()
    items = campaigns["items"] if isinstance(campaigns, dict) else campaigns
    slugs = {c.slug: c.pk for c in Campaign.objects.all()}
    for campaign in items:
        assert campaign["pledge_count"] == pledges[slugs[campaign["slug"]]], campaign["slug"]

    ledger = client.get("/api/offsets/").json()
    bought = sum(p.tonnes for p in CreditPurchase.objects.all())
    retired = sum(r.tonnes for r in CreditRetirement.objects.all())
    assert (ledger["purchased_tonnes"], ledger["retired_tonnes"], ledger["balance_tonnes"]) == (
        bought,
        retired,
        bought - retired,
    )


def test_the_digest_lists_each_new_article_once(varied):
    import datetime

    from news.digest import items_since
    from news.models import Article

    until = timezone.now()
    since = until - datetime.timedelta(days=400)
    items = items_since(since=since, until=until)
    expected = [a for a in Article.objects.all() if a.is_public and since < a.published_at <= until]
    assert len(items) == len({item.url for item in items}) == len(expected)
