"""The browser sweep: what a phone user and a desktop user see on every public page kind.

One Chromium, one context per width, one page reused: every page kind of the demo in Japanese and
English at 360 px and 1280 px, with the site's real Content Security Policy enforced.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.sweep import measure
from tests.browser.test_accessibility import (
    FIXED_PAGES,
    demo_site,  # noqa: F401 - a fixture
    form_pages,
    pages_from_sitemap,
    serious_violations,
)
from tests.browser.watching import watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1280)
API_DOCS = "/api/docs"
# `make screenshots` sets this: every page at both widths is also saved there for a person.
SCREENSHOTS = os.environ.get("SWEEP_SCREENSHOTS")
LANGUAGES = ("", "/en")
# Pages a sitemap sample can miss: the emission pages (the phone's hardest tables and charts),
# a profile and the section lists.
SWEPT_PAGES = [
    "/emissions/131016/",
    "/emissions/compare/",
    "/municipalities/131016/",
    "/grants/",
    "/library/",
    "/initiatives/",
    "/participation/",
    "/newsletter/",
    "/reports/",
]


def page_kinds(page, base_url: str) -> list[str]:
    """One or two pages of every kind the sitemap lists, the fixed pages, forms and the API docs."""
    fixed = FIXED_PAGES + SWEPT_PAGES + [reverse("emissions:index"), API_DOCS]
    return sorted(set(fixed + form_pages() + pages_from_sitemap(page, base_url)))


def test_every_page_kind_reads_well_at_360_and_1280_px(demo_site, chromium):  # noqa: F811
    problems: dict[str, object] = {}
    console: list[str] = []
    checked = 0
    context = chromium.new_context(locale="ja-JP")
    paths = page_kinds(context.new_page(), demo_site.url)
    context.close()
    for width in WIDTHS:
        context = chromium.new_context(locale="ja-JP", viewport={"width": width, "height": 740})
        page = watch_console(context.new_page(), console)
        for path in paths:
            for prefix in LANGUAGES:
                address = prefix + path
                page.goto(demo_site.url + address)
                found = measure(page)
                if SCREENSHOTS:
                    name = address.strip("/").replace("/", "_").replace("?", "_") or "home"
                    shot = Path(SCREENSHOTS) / f"{name or 'home'}-{width}.png"
                    shot.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(shot), full_page=True)
                    print(shot)
                if width == WIDTHS[0]:
                    axe = [
                        violation
                        for violation in serious_violations(page)
                        # Swagger UI's own markup puts a copy button inside each operation's
                        # toggle; left to upstream, the rest of the docs page is checked.
                        if not (path == API_DOCS and violation.startswith("nested-interactive"))
                    ]
                    if axe:
                        found["axe"] = axe
                if found:
                    problems[f"{width} px {address}"] = found
                checked += 1
        context.close()
    assert checked >= 2 * 2 * 20
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
    assert console == [], "\n".join(console)


def test_the_sweep_reports_a_table_scrolling_sideways_outside_a_named_focusable_region(chromium):
    page = chromium.new_page(viewport={"width": 360, "height": 740})
    wide = "<table><tr>" + "<td>1,234,567</td>" * 12 + "</tr></table>"
    page.set_content(
        '<body><h2 id="named">Named</h2>'
        f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="named">{wide}</div>'
        f'<div style="overflow-x: auto" id="bare">{wide}</div>'
        f'<div class="table-scroll" role="region" aria-label="No tab stop">{wide}</div></body>'
    )
    found = measure(page)["unlabelled_scrolling"]
    page.close()
    assert len(found) == 2
    assert any('id="bare"' in box for box in found) and any("No tab stop" in box for box in found)
