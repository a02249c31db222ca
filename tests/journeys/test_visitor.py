"""A visitor reads, searches, registers for a course and subscribes, in one visit."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from events.models import Registration, Status
from newsletter.models import Subscriber, SubscriberStatus
from tests.academy.test_academy import make_course
from tests.emissions.helpers import ADACHI_FY2022_ROWS, published_edition
from tests.events.conftest import make_event
from tests.news.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_tab_until(page, selector: str, *, limit: int = 120) -> None:
    """Move the focus with Tab alone until `selector` has it."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_visitor_reads_searches_registers_and_subscribes(live_server, page, watch):
    base = live_server.url
    watch(page)
    make_article(
        title="ゴーヤのみどりのカーテンが広がる",
        lead="区内の小学校でゴーヤを育てています。",
        body="## 育て方\n\n五月に苗を植えます。",
        municipalities=("131016",),
    )
    course = make_course("green-curtain", lessons=2)
    lesson = course.lessons.get(position=1)
    lesson.title_ja = "ゴーヤで夏を涼しく"
    lesson.save()
    published_edition("2024年5月公表 (FY2022版)", ADACHI_FY2022_ROWS)
    event = make_event(title_ja="千代田 打ち水講座", municipality_id="131016", capacity=5)

    # News, from the main navigation.
    page.goto(base + "/")
    navigation = page.get_by_role("navigation", name="メインナビゲーション")
    navigation.get_by_role("link", name="ニュース").click()
    page.wait_for_url(base + "/news/")
    page.get_by_role("link", name="ゴーヤのみどりのカーテンが広がる").click()
    assert page.get_by_role("heading", level=1).inner_text() == "ゴーヤのみどりのカーテンが広がる"
    expect(page.get_by_role("heading", name="育て方")).to_be_visible()

    # The Eco Academy: a course and its first lesson.
    page.get_by_role("navigation", name="メインナビゲーション").get_by_role(
        "link", name="エコアカデミー"
    ).click()
    page.wait_for_url(base + "/academy/")
    page.get_by_role("link", name="森の講座").first.click()
    page.wait_for_url(base + "/academy/green-curtain/")
    page.get_by_role("link", name="ゴーヤで夏を涼しく").first.click()
    page.wait_for_url(base + "/academy/green-curtain/1/")
    assert page.get_by_role("heading", level=1).inner_text() == "ゴーヤで夏を涼しく"

    # The site search finds the article and the lesson.
    page.locator("#header-search-q").fill("ゴーヤ")
    page.locator("#header-search-q").press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?q=.*"))
    results = page.locator("ol.search-results")
    expect(results.get_by_role("link", name="ゴーヤのみどりのカーテンが広がる")).to_be_visible()
    expect(results.get_by_role("link", name="ゴーヤで夏を涼しく")).to_be_visible()
    page.locator("#search-q").fill("打ち水")
    page.locator("form.search-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/search/\?q=%E6%89%93.*"))
    page.locator("ol.search-results").get_by_role("link", name="千代田 打ち水講座").wait_for()

    # Emissions: the overview, then one municipality's page.
    page.goto(base + "/emissions/")
    assert page.locator("svg.chart").first.get_attribute("role") == "img"
    page.get_by_role("link", name="足立区").first.click()
    page.wait_for_url(base + "/emissions/131211/")
    assert "2,206.6" in page.locator("main").inner_text()

    # Registering for a first-come course.
    page.goto(base + "/events/")
    page.get_by_role("link", name="千代田 打ち水講座").click()
    page.wait_for_url(f"{base}/events/{event.pk}/")
    # The event page carries no form (so it can be cached); a real link leads to the form.
    assert page.locator("main form[method=post]").count() == 0
    press_tab_until(page, f"main a.button[href='/events/{event.pk}/register/']")
    assert page.evaluate("document.activeElement.textContent") == "申し込む"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/events/{event.pk}/register/")
    assert page.get_by_role("heading", level=1).inner_text() == "「千代田 打ち水講座」の申込み"
    assert "定員5人・残り5席" in page.locator("main dl.facts").inner_text()
    page.locator("#id_name").fill("千代田 花子")
    page.locator("#id_kana").fill("チヨダ ハナコ")
    page.locator("#id_email").fill("hanako@example.jp")
    page.locator("#id_phone").fill("03-0000-0000")
    page.locator("#id_party_size").select_option("2")
    page.locator("#id_privacy_consent").check()
    page.get_by_role("button", name="申し込む").click()
    page.wait_for_url(f"{base}/events/{event.pk}/")
    expect(page.locator(".messages")).to_be_visible()
    registration = Registration.objects.get(email="hanako@example.jp")
    assert (registration.status, registration.party_size) == (Status.CONFIRMED, 2)
    assert any(m.to == ["hanako@example.jp"] for m in mail.outbox)

    # Subscribing to the newsletter with the keyboard only.
    page.goto(base + "/newsletter/subscribe/")
    press_tab_until(page, "#id_email")
    page.keyboard.type("hanako@example.jp")
    press_tab_until(page, "input[name=themes]")
    page.keyboard.press("Space")  # the first theme
    press_tab_until(page, "form.newsletter-form button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="メールをご確認ください").wait_for()
    subscriber = Subscriber.objects.get(email="hanako@example.jp")
    assert subscriber.status == SubscriberStatus.PENDING
    assert len(subscriber.theme_list) == 1

    # ... and confirming through the link in the e-mail, still by keyboard.
    confirmation = next(m for m in reversed(mail.outbox) if "/newsletter/confirm/" in m.body)
    link = re.search(r"https?://\S+/newsletter/confirm/\S+/", confirmation.body).group(0)
    page.goto(link.replace(settings.SITE_URL.rstrip("/"), base))
    press_tab_until(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="登録が完了しました").wait_for()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
