import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_home_switches_to_english_and_opens_a_profile(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    expect(page.get_by_role("link", name="市区町村").first).to_be_visible()

    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Municipalities"
    ).click()
    page.get_by_role("link", name="Chiyoda").click()
    page.wait_for_url(live_server.url + "/en/municipalities/131016/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Chiyoda")

    page.get_by_role("link", name="日本語").click()
    page.wait_for_url(live_server.url + "/municipalities/131016/")
    assert "千代田区" in page.get_by_role("heading", level=1).inner_text()


def test_home_page_fits_a_360px_phone(live_server, phone_page):
    phone_page.goto(live_server.url + "/")
    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
