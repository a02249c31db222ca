import io

import pytest
from django.core.management import call_command
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


# What a visible chart shows a reader: its drawing's width against its figure's, its smallest
# text in CSS pixels, and for each line its dash and stroke width.
VISIBLE_CHARTS = """() => [...document.querySelectorAll("svg.chart")]
    .filter(svg => getComputedStyle(svg).display !== "none")
    .map(svg => ({
        width: svg.getBoundingClientRect().width,
        room: svg.parentElement.clientWidth,
        smallest_text: Math.min(...[...svg.querySelectorAll("text")].map(text => {
            const matrix = text.getScreenCTM();
            return parseFloat(getComputedStyle(text).fontSize) * Math.hypot(matrix.a, matrix.b);
        })),
        lines: [...svg.querySelectorAll("polyline")].map(line => ({
            dash: line.getAttribute("stroke-dasharray") || "solid",
            width: parseFloat(line.getAttribute("stroke-width")),
        })),
        tables_on_page: document.querySelectorAll("table").length,
    }))"""


def test_charts_redraw_for_the_width_they_have_with_text_of_12px_or_more(live_server, chromium):
    call_command("seed_demo", stdout=io.StringIO())
    pages = (
        "/emissions/",
        "/en/emissions/131016/",
        "/emissions/compare/?m=131016&m=131024&m=132012&m=131041",
    )
    for width in (360, 1280):
        context = chromium.new_context(locale="ja-JP", viewport={"width": width, "height": 740})
        page = context.new_page()
        for path in pages:
            page.goto(live_server.url + path)
            charts = page.evaluate(VISIBLE_CHARTS)
            assert charts, (width, path)
            for chart in charts:
                where = (width, path, chart)
                assert abs(chart["width"] - chart["room"]) <= 1, where
                assert chart["smallest_text"] >= 11.95, where
                assert chart["tables_on_page"] >= len(charts), where
                lines = chart["lines"]
                if len(lines) > 1:
                    # Told apart without colour, and the first drawn wider than those over it.
                    assert len({line["dash"] for line in lines}) == len(lines), where
                    assert all(line["width"] < lines[0]["width"] for line in lines[1:]), where
        context.close()
