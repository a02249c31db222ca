"""In a real browser: a visitor subscribes and confirms; the secretariat drafts and sends."""

import datetime
import re
import types

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from core.contributions import DigestItem
from newsletter.models import Delivery, Issue, IssueStatus, Subscriber, SubscriberStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_content(monkeypatch):
    news = types.ModuleType("fake_news_digest")
    news.items_since = lambda *, since, until: [
        DigestItem(
            kind="news",
            title_ja="みどりのカーテンが62市区町村に",
            title_en="Green curtains in all 62",
            url="/news/2026/green-curtains/",
            published_at=timezone.now() - datetime.timedelta(days=2),
            themes=("nature",),
        ),
        DigestItem(
            kind="news",
            title_ja="粗大ごみの出し方が変わります",
            title_en="Bulky waste collection changes",
            url="/news/2026/bulky-waste/",
            published_at=timezone.now() - datetime.timedelta(days=3),
            themes=("waste",),
        ),
    ]
    monkeypatch.setattr(
        "core.contributions.app_modules", lambda name: [news] if name == "digest" else []
    )


def test_visitor_subscribes_and_secretariat_sends_an_issue_to_100_percent(
    live_server, page, secretariat_user, new_content
):
    page.goto(live_server.url + "/newsletter/subscribe/")
    page.get_by_label("メールアドレス").fill("hanako@example.jp")
    page.get_by_label("日本語").check()
    page.get_by_label("みどり・自然").check()
    page.get_by_role("button", name="登録する").click()
    page.get_by_role("heading", name="メールをご確認ください").wait_for()
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING

    confirmation = mail.outbox[-1]
    link = re.search(r"https?://\S+/newsletter/confirm/\S+/", confirmation.body).group(0)
    page.goto(link.replace(settings.SITE_URL.rstrip("/"), live_server.url))
    page.get_by_role("button", name="登録を確認する").click()
    page.get_by_role("heading", name="登録が完了しました").wait_for()
    assert Subscriber.objects.get().status == SubscriberStatus.ACTIVE

    page.goto(live_server.url + "/admin/login/?next=/admin/newsletter/issue/")
    page.locator("#id_username").fill(secretariat_user.email)
    page.locator("#id_password").fill("correct horse battery")
    page.locator("input[type=submit]").click()
    page.get_by_role("button", name="新着コンテンツから下書きを作成").click()
    page.wait_for_url(re.compile(r".*/admin/newsletter/issue/\d+/change/"))
    issue = Issue.objects.get()
    # The body is the general part; each new piece is a digest item sent to those it matches.
    assert set(issue.items.values_list("title_ja", flat=True)) == {
        "みどりのカーテンが62市区町村に",
        "粗大ごみの出し方が変わります",
    }
    expect(page.locator("#content")).to_contain_text("みどりのカーテンが62市区町村に")

    page.get_by_role("link", name="購読者に配信…").click()
    assert "1 人" in page.locator("#content").inner_text()
    page.get_by_role("button", name="今すぐ配信").click()
    page.wait_for_url(re.compile(r".*/admin/newsletter/issue/\d+/change/"))
    page.locator("[data-progress-url][data-percent='100']").wait_for(timeout=30_000)
    assert "100 %" in page.locator("[data-progress-url]").inner_text()

    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert Delivery.objects.get().subscriber.email == "hanako@example.jp"
    sent = [
        m
        for m in mail.outbox
        if m.to == ["hanako@example.jp"] and "X-ECO62-Issue" in m.extra_headers
    ]
    assert len(sent) == 1
    assert issue.body_ja.strip() in sent[0].body
    assert "みどりのカーテンが62市区町村に" in sent[0].body  # the theme the visitor chose
    assert "粗大ごみの出し方が変わります" not in sent[0].body  # a theme they did not


def test_the_signup_form_fits_a_360px_phone_without_console_errors(live_server, phone_page):
    errors = []
    phone_page.on("console", lambda message: message.type == "error" and errors.append(message))
    phone_page.goto(live_server.url + "/en/newsletter/subscribe/")
    expect(phone_page.get_by_label("E-mail address")).to_be_visible()
    honeypot = phone_page.get_by_label("Leave this field empty").bounding_box()
    assert honeypot["x"] + honeypot["width"] <= 0  # off screen, for bots only
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []
