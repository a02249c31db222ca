import pytest
from playwright.sync_api import expect

from .helpers import ADACHI_FY2022_ROWS, published_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_the_overview_and_a_karte_without_console_errors(live_server, page):
    published_edition("2024年5月公表 (FY2022版)", ADACHI_FY2022_ROWS)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.goto(live_server.url + "/en/emissions/")
    chart = page.locator("svg.chart").first
    assert chart.get_attribute("role") == "img"
    assert page.get_by_role("img", name="CO2 emissions by sector, all 62 municipalities").count()
    page.get_by_role("link", name="Adachi").first.click()
    page.wait_for_url(live_server.url + "/en/emissions/131211/")
    assert "2,206.6 thousand t-CO2e" in page.content()
    page.get_by_text("The trend as a table").click()
    expect(page.get_by_role("table").first).to_be_visible()
    assert problems == []


def test_karte_fits_a_360px_phone(live_server, phone_page):
    published_edition("E", ADACHI_FY2022_ROWS)
    for path in ("/emissions/", "/emissions/131211/", "/emissions/compare/?m=131211"):
        phone_page.goto(live_server.url + path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360, path
