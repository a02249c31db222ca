"""The digest as subscribers read it: in the issue's language, times in Tokyo, their sections.

Real content of the apps (news, events, emissions) is drafted through their digest.py modules,
sent to subscribers with different choices, and the message bodies they received are read.
"""

import datetime

import pytest
from django.core import mail

from emissions.models import CalculationState, Edition, EditionSource, EditionStatus
from news.models import Category
from newsletter import services
from newsletter.models import IssueItem, Subscriber, join_themes
from tests.events.conftest import make_event
from tests.news.factories import make_article

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
CHIYODA, HACHIOJI = "131016", "132012"
UNTIL = datetime.datetime(2026, 11, 30, 3, 0, tzinfo=UTC)  # 30 November 12:00 JST
EVENT_START = datetime.datetime(2026, 12, 2, 4, 0, tzinfo=UTC)  # 13:00 JST


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.NEWSLETTER_MESSAGES_PER_SECOND = 0


@pytest.fixture
def new_content():
    waste = Category.objects.create(slug="waste", name_ja="ごみ・資源", name_en="Waste")
    make_article(
        title="千代田区のごみ減量",
        title_en="Less waste in Chiyoda",
        category=waste,
        municipalities=(CHIYODA,),
        published_at=UNTIL - datetime.timedelta(days=5),
    )
    make_article(
        title="プログラム全体のお知らせ",
        title_en="News of the whole program",
        published_at=UNTIL - datetime.timedelta(days=6),
    )
    event = make_event(
        title_ja="八王子の森林散策",
        title_en="Forest walk in Hachioji",
        municipality_id=HACHIOJI,
        venue_name_ja="高尾山口",
        venue_name_en="Takaosanguchi",
        start=EVENT_START,
        end=EVENT_START + datetime.timedelta(hours=2),
    )
    type(event).objects.filter(pk=event.pk).update(created_at=UNTIL - datetime.timedelta(days=3))
    Edition.objects.create(
        label="2026年11月公表 (FY2024版)",
        source=EditionSource.IMPORTED,
        status=EditionStatus.OFFICIAL,
        calculation_state=CalculationState.DONE,
        published_at=UNTIL - datetime.timedelta(days=2),
    )


def subscriber(email, *, language, themes=(), municipalities=()) -> Subscriber:
    made = SubscriberFactory(email=email, language=language, themes=join_themes(themes))
    made.municipalities.set(municipalities)
    return made


def received(secretariat_user) -> dict[str, tuple[str, str]]:
    issue = services.draft_issue_from_new_content(until=UNTIL)
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    return {m.to[0]: (m.body, m.alternatives[0].content) for m in mail.outbox}


def test_the_draft_keeps_each_item_with_its_themes_and_municipalities(new_content):
    issue = services.draft_issue_from_new_content(until=UNTIL)
    items = {item.title_ja: item for item in IssueItem.objects.filter(issue=issue)}
    assert items["千代田区のごみ減量"].theme_list == ["waste"]
    assert items["千代田区のごみ減量"].municipality_list == [CHIYODA]
    assert items["八王子の森林散策"].theme_list == ["events"]
    assert items["八王子の森林散策"].municipality_list == [HACHIOJI]
    assert items["プログラム全体のお知らせ"].theme_list == []
    assert items["プログラム全体のお知らせ"].municipality_list == []


def test_two_subscribers_receive_the_general_part_plus_the_sections_they_chose(
    new_content, secretariat_user
):
    subscriber(
        "waste-chiyoda@example.jp", language="ja", themes=["waste"], municipalities=[CHIYODA]
    )
    subscriber("events@example.jp", language="en", themes=["events"])
    subscriber("everything@example.jp", language="ja")
    bodies = received(secretariat_user)

    waste_text, waste_html = bodies["waste-chiyoda@example.jp"]
    assert "千代田区のごみ減量" in waste_text and "千代田区のごみ減量" in waste_html
    assert "プログラム全体のお知らせ" in waste_text  # the general part
    assert "2026年11月公表 (FY2024版)" in waste_text  # program-wide figures are general
    assert "八王子の森林散策" not in waste_text and "八王子の森林散策" not in waste_html

    events_text, events_html = bodies["events@example.jp"]
    assert "Forest walk in Hachioji" in events_text and "Forest walk in Hachioji" in events_html
    assert "News of the whole program" in events_text
    assert "Less waste in Chiyoda" not in events_text and "千代田区" not in events_text

    everything_text, _html = bodies["everything@example.jp"]
    for title in ("千代田区のごみ減量", "プログラム全体のお知らせ", "八王子の森林散策"):
        assert title in everything_text


def test_a_municipality_only_subscriber_gets_no_other_municipalitys_local_news(
    new_content, secretariat_user
):
    subscriber("hachioji@example.jp", language="ja", municipalities=[HACHIOJI])
    text, _html = received(secretariat_user)["hachioji@example.jp"]
    assert "八王子の森林散策" in text and "プログラム全体のお知らせ" in text
    assert "千代田区のごみ減量" not in text


def test_the_japanese_issue_has_japanese_headings_and_the_english_one_english(
    new_content, secretariat_user
):
    subscriber("ja@example.jp", language="ja")
    subscriber("en@example.jp", language="en")
    bodies = received(secretariat_user)
    japanese, english = bodies["ja@example.jp"][0], bodies["en@example.jp"][0]
    for heading in ("## エコニュース", "## イベント", "## 温室効果ガス排出量"):
        assert heading in japanese
    for english_heading in ("## Eco news", "## Events", "## Emissions", "Greenhouse gas emissions"):
        assert english_heading not in japanese
    for heading in ("## Eco news", "## Events", "## Greenhouse gas emissions"):
        assert heading in english
    assert "変更" in japanese and "配信停止" in japanese  # the footer's labels too


def test_event_times_in_the_digest_are_tokyo_times_in_both_languages(new_content, secretariat_user):
    subscriber("ja@example.jp", language="ja")
    subscriber("en@example.jp", language="en")
    bodies = received(secretariat_user)
    assert "2026年12月2日（水）13:00" in bodies["ja@example.jp"][0]
    assert "2 December 2026 (Wed) 13:00" in bodies["en@example.jp"][0]
    for text, html in bodies.values():
        assert "04:00" not in text and "04:00" not in html


def test_the_subject_names_the_month_in_each_language(new_content):
    issue = services.draft_issue_from_new_content(until=UNTIL)
    assert issue.subject_ja.endswith("2026年11月")
    assert issue.subject_en.endswith("November 2026")
