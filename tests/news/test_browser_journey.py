"""A visitor's journey through the eco news in a real Chromium."""

import pytest
from playwright.sync_api import expect

from .factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_filters_news_by_municipality_reads_and_switches_to_english(live_server, page):
    make_article(
        title="八王子の里山で生きもの調査",
        title_en="Wildlife survey in Hachioji's satoyama",
        lead="子どもたちが昆虫を観察しました。",
        lead_en="Children observed insects.",
        body="## 観察したもの\n\nカブトムシ、トンボ。",
        body_en="## What we saw\n\nBeetles and dragonflies.",
        municipalities=("132012",),
    )
    make_article(title="千代田区の打ち水", municipalities=("131016",))

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="メインナビゲーション").get_by_role(
        "link", name="ニュース"
    ).click()
    page.wait_for_url(live_server.url + "/news/")
    assert page.get_by_role("heading", level=1).inner_text() == "エコニュース"

    page.get_by_label("市区町村").select_option("132012")
    page.get_by_role("button", name="表示").click()
    page.wait_for_url("**/news/?*municipality=132012*")
    assert page.get_by_text("千代田区の打ち水").count() == 0

    page.get_by_role("link", name="八王子の里山で生きもの調査").click()
    assert page.get_by_role("heading", level=1).inner_text() == "八王子の里山で生きもの調査"
    assert page.locator('script[type="application/ld+json"]').count() == 1

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/news/*/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Wildlife survey in Hachioji's satoyama"
    )
    expect(page.get_by_role("heading", name="What we saw")).to_be_visible()


def test_news_list_fits_a_360px_phone(live_server, phone_page):
    make_article(title="ゴーヤの種を配布しました", municipalities=("131016",))
    phone_page.goto(live_server.url + "/news/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
