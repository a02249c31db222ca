"""Data that catches a wrong join or grouping: the demo plus rows that multiply every join.

Several fiscal years (FY2024–FY2026, with rows on both sides of 1 April 00:00 JST), several
municipalities, every state of each workflow, English translations on some rows only, and related
rows that multiply a join: articles with three municipalities and two tags, events with many
registrations in every status, organisations with several pledges and members, grant applications
with several budget lines.
"""

import datetime
import io
import itertools
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.utils import timezone

TOKYO = ZoneInfo("Asia/Tokyo")
FISCAL_YEARS = (2024, 2025, 2026)
MUNICIPALITIES = ("131016", "131041", "132012", "133086", "131211")

_numbers = itertools.count(1)


def build() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    for index, fiscal_year in enumerate(FISCAL_YEARS):
        _news(fiscal_year, index)
        _events(fiscal_year, index)
        _organisations(fiscal_year, index)
        _grants(fiscal_year, index)


def moment(fiscal_year: int, month: int, day: int, hour: int = 13) -> datetime.datetime:
    """A moment in Tokyo within the fiscal year (months 1–3 fall in the next calendar year;
    a month past 12 wraps round, a day past 28 is the 28th)."""
    month = (month - 1) % 12 + 1
    year = fiscal_year + 1 if month < 4 else fiscal_year
    return datetime.datetime(year, month, min(day, 28), hour, tzinfo=TOKYO)


def _past(when: datetime.datetime) -> datetime.datetime:
    """The moment, or an hour ago if it has not come yet (the current year is not over)."""
    return min(when, timezone.now() - datetime.timedelta(hours=1))


def _news(fiscal_year: int, index: int) -> None:
    from news.models import Article, Category, Kind, Status, Tag

    categories = [
        Category.objects.get_or_create(slug=f"varied-{n}", defaults={"name_ja": f"分類{n}"})[0]
        for n in range(2)
    ]
    tags = [
        Tag.objects.get_or_create(slug=f"varied-tag-{n}", defaults={"name_ja": f"タグ{n}"})[0]
        for n in range(3)
    ]
    for number, (kind, status) in enumerate(itertools.product(Kind.values, Status.values)):
        published = status in (Status.PUBLISHED, Status.WITHDRAWN)
        when = _past(moment(fiscal_year, 4 + number % 12, 1 + number))
        article = Article.objects.create(
            title_ja=f"多様な記事 {fiscal_year}-{number}",
            title_en=f"Varied article {fiscal_year}-{number}" if number % 2 else None,
            lead_ja="リード",
            body_ja="本文",
            kind=kind,
            status=status,
            published_at=when if published else None,
            as_of=when.date(),
            category=categories[number % 2] if number % 3 else None,
            municipality_id=MUNICIPALITIES[number % len(MUNICIPALITIES)],
        )
        article.municipalities.set(
            [MUNICIPALITIES[(number + k + index) % len(MUNICIPALITIES)] for k in range(3)]
        )
        article.tags.set(tags[: 1 + number % 3])
    # The fiscal year's last minute and the next year's first (Asia/Tokyo).
    last = datetime.datetime(fiscal_year + 1, 3, 31, 23, 30, tzinfo=TOKYO)
    for when in (last, last + datetime.timedelta(minutes=30)):
        if when < timezone.now():
            article = Article.objects.create(
                title_ja=f"年度の境目 {when:%Y-%m-%d %H:%M}",
                lead_ja="リード",
                body_ja="本文",
                status=Status.PUBLISHED,
                published_at=when,
            )
            article.municipalities.set(MUNICIPALITIES[:2])
    # Scheduled for later: published status, not public yet.
    Article.objects.create(
        title_ja=f"予約記事 {fiscal_year}",
        lead_ja="リード",
        body_ja="本文",
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=3),
    )


def _events(fiscal_year: int, index: int) -> None:
    from events.models import Category, Event, Registration, RegistrationMode, Status, Visibility

    for number, category in enumerate(Category.values):
        for variant in ("held", "reported", "unpublished", "cancelled", "future"):
            start = _past(moment(fiscal_year, 5 + number % 10, 10 + number))
            if variant == "future":
                start = timezone.now() + datetime.timedelta(days=20 + number)
            event = Event.objects.create(
                title_ja=f"多様なイベント {fiscal_year}-{number}-{variant}",
                title_en=f"Varied event {fiscal_year}-{number}" if number % 2 else "",
                description_ja="説明",
                category=category,
                municipality_id=MUNICIPALITIES[(number + index) % len(MUNICIPALITIES)],
                venue_name_ja="会場",
                venue_address="東京都",
                start=start,
                end=start + datetime.timedelta(hours=2),
                visibility=Visibility.PUBLIC,
                is_published=variant != "unpublished",
                cancelled_at=start if variant == "cancelled" else None,
                participant_count=37 + number if variant == "reported" else None,
                registration_mode=RegistrationMode.FIRST_COME,
                capacity=200,
                max_party_size=4,
            )
            for person, status in enumerate(
                [Status.CONFIRMED] * 5 + [Status.APPLIED, Status.WAITLISTED, Status.CANCELLED] * 2
            ):
                Registration.objects.create(
                    event=event,
                    status=status,
                    name=f"参加者{person}",
                    kana="サンカシャ",
                    email=f"p{person}-{next(_numbers)}@example.jp",
                    phone="03-0000-0000",
                    party_size=1 + person % 3,
                    privacy_consent=True,
                )


def _organisations(fiscal_year: int, index: int) -> None:
    from accounts.models import User
    from participation.models import (
        Campaign,
        MemberRole,
        Membership,
        Organisation,
        OrganisationStatus,
        OrganisationType,
        Pledge,
    )

    campaigns = [
        Campaign.objects.get_or_create(
            slug=f"varied-campaign-{n}",
            defaults={
                "title_ja": f"多様なキャンペーン{n}",
                "pledge_text_ja": "取り組みます。",
                "starts_on": datetime.date(2024, 4, 1),
            },
        )[0]
        for n in range(3)
    ]
    statuses = [
        OrganisationStatus.APPROVED,
        OrganisationStatus.APPROVED,
        OrganisationStatus.AWAITING_REVIEW,
        OrganisationStatus.SUSPENDED,
        OrganisationStatus.REJECTED,
    ]
    for number, (kind, status) in enumerate(itertools.product(OrganisationType.values, statuses)):
        approved_at = _past(moment(fiscal_year, 4 + number % 12, 1 + number % 27))
        organisation = Organisation.objects.create(
            name_ja=f"多様な団体 {fiscal_year}-{number}",
            name_en=f"Varied organisation {fiscal_year}-{number}" if number % 2 else "",
            kind=kind,
            municipality_id=MUNICIPALITIES[(number + index) % len(MUNICIPALITIES)],
            address="東京都",
            contact_name="担当者",
            email=f"org{fiscal_year}-{number}@example.jp",
            status=status,
            approved_at=approved_at
            if status in (OrganisationStatus.APPROVED, OrganisationStatus.SUSPENDED)
            else None,
        )
        for member in range(2):
            user = User.objects.create_user(
                email=f"member{member}-{fiscal_year}-{number}@example.jp", password=None
            )
            Membership.objects.create(
                user=user, organisation=organisation, role=MemberRole.REPRESENTATIVE
            )
        for campaign in campaigns[: 1 + number % 3]:
            pledge = Pledge.objects.create(organisation=organisation, campaign=campaign)
            Pledge.objects.filter(pk=pledge.pk).update(created_at=approved_at)


def _grants(fiscal_year: int, index: int) -> None:
    from grants.models import Application, BudgetLine, GrantProgram, Status

    program, _created = GrantProgram.objects.get_or_create(
        fiscal_year=fiscal_year,
        defaults={
            "title_ja": f"{fiscal_year}年度 助成金",
            "cap_per_municipality": 1_000_000,
            "opens_at": moment(fiscal_year, 4, 10),
            "closes_at": moment(fiscal_year, 6, 30),
        },
    )
    amounts = {
        Status.DECIDED: ("granted",),
        Status.CHANGE_REQUESTED: ("granted",),
        Status.REPORTED: ("granted",),
        Status.CONFIRMED: ("granted", "confirmed"),
        Status.CLAIMED: ("granted", "confirmed"),
        Status.PAID: ("granted", "confirmed", "paid"),
    }
    for number, status in enumerate(Status.values):
        set_amounts = amounts.get(status, ())
        granted = 100_000 + 10_000 * number + 1_000 * index
        application = Application.objects.create(
            program=program,
            municipality_id=MUNICIPALITIES[(number + index) % len(MUNICIPALITIES)],
            status=status,
            title_ja=f"多様な事業 {fiscal_year}-{number}",
            title_en=f"Varied project {fiscal_year}-{number}" if number % 2 else "",
            summary_ja="概要",
            purpose="普及啓発",
            period_start=datetime.date(fiscal_year, 6, 1),
            period_end=datetime.date(fiscal_year + 1, 2, 28),
            requested_amount=granted + 50_000,
            granted_amount=granted if "granted" in set_amounts else None,
            confirmed_amount=granted - 7_000 if "confirmed" in set_amounts else None,
            paid_amount=granted - 7_000 if "paid" in set_amounts else None,
            contact_name="担当",
            contact_email="grants@example.jp",
        )
        for line in range(3):
            BudgetLine.objects.create(
                application=application,
                description=f"経費{line}",
                eligible=line != 2,
                amount=50_000 + line,
            )
