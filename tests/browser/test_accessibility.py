"""axe-core on every kind of public page in both languages; phones, 200 % zoom, the console."""

import re
from collections import defaultdict
from io import StringIO
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from tests.browser.watching import watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXED_PAGES = ["/", "/about/", "/municipalities/", "/search/?q=%E7%92%B0%E5%A2%83"]
PAGES_PER_SECTION = 2
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def demo_site(live_server):
    call_command("seed_demo", stdout=StringIO())
    return live_server


def pages_from_sitemap(page, base_url: str) -> list[str]:
    """A few pages of every section the sitemap lists, so new apps are covered automatically."""
    page.goto(base_url + "/sitemap.xml")
    locations = []
    for section_url in re.findall(r"<loc>([^<]+)</loc>", page.content()):
        page.goto(base_url + urlparse(section_url).path)
        locations += re.findall(r"<loc>([^<]+)</loc>", page.content())
    by_section = defaultdict(list)
    for location in locations:
        path = urlparse(location).path
        if path.startswith("/en/"):
            continue
        section = path.strip("/").split("/")[0]
        if len(by_section[section]) < PAGES_PER_SECTION:
            by_section[section].append(path)
    return [path for paths in by_section.values() for path in paths]


def form_pages() -> list[str]:
    """Public forms, which the sitemap does not list: register, subscribe, sign up, log in."""
    from django.urls import reverse

    from events.models import Event

    event = Event.objects.public().open_for_registration().order_by("start").first()
    pages = [
        reverse("newsletter:subscribe"),
        reverse("participation:register"),
        reverse("participation:login"),
    ]
    if event is not None:
        pages.append(reverse("events:register", args=[event.pk]))
    return pages


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def test_public_pages_have_no_serious_axe_violations(demo_site, chromium):
    context = chromium.new_context(locale="ja-JP", bypass_csp=True)
    page = context.new_page()
    forms = form_pages()
    paths = sorted(set(FIXED_PAGES + forms + pages_from_sitemap(page, demo_site.url)))
    problems = {}
    for path in paths:
        for prefix in ("", "/en"):
            page.goto(demo_site.url + prefix + path)
            found = serious_violations(page)
            if found:
                problems[prefix + path] = found
    context.close()
    assert problems == {}, problems
    assert any("/register/" in path for path in forms)
    assert len(paths) >= len(FIXED_PAGES)


# A 1280 px window at 200 % zoom lays pages out in 640 CSS pixels.
NARROW_LAYOUTS = {
    "360 px phone": {"viewport": {"width": 360, "height": 740}},
    "200 % zoom": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}


def test_pages_fit_a_phone_and_200_percent_zoom_without_console_errors(demo_site, chromium):
    """No sideways scrolling, console error or CSP violation, with the real policy enforced."""
    context = chromium.new_context(locale="ja-JP")
    sitemap_pages = pages_from_sitemap(context.new_page(), demo_site.url)
    paths = sorted(set(FIXED_PAGES + form_pages() + sitemap_pages))
    context.close()
    too_wide, problems = {}, []
    for layout, options in NARROW_LAYOUTS.items():
        context = chromium.new_context(locale="ja-JP", **options)
        page = watch_console(context.new_page(), problems)
        for path in paths:
            for prefix in ("", "/en"):
                page.goto(demo_site.url + prefix + path)
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > options["viewport"]["width"]:
                    too_wide[f"{layout}: {prefix}{path}"] = width
        context.close()
    assert too_wide == {}
    assert problems == []


def test_keyboard_user_reaches_main_content_with_the_skip_link(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "本文へスキップ"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


FOCUS_STATE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const visited = element.dataset.tabVisited === "yes";
    element.dataset.tabVisited = "yes";
    return {
        name: element.tagName + (element.type ? ":" + element.type : "")
            + (element.name ? "[" + element.name + "]" : ""),
        visited: visited || element === document.body,
        indicated: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
            || style.boxShadow !== "none",
        shown: box.width > 0 && box.height > 0,
        tabindex: element.tabIndex,
    };
}"""


def test_keyboard_focus_is_always_visible_on_public_forms(demo_site, chromium):
    """Tabbing through each public form: every stop shows a focus ring and none is hidden."""
    context = chromium.new_context(locale="ja-JP")
    page = context.new_page()
    unseen = {}
    for path in form_pages():
        page.goto(demo_site.url + path)
        stops = []
        for _ in range(120):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            if state["visited"]:
                break
            stops.append(state["name"])
            if not (state["indicated"] and state["shown"]) or state["tabindex"] > 0:
                unseen.setdefault(path, []).append(state)
        assert any(name.startswith(("INPUT:email", "INPUT:text")) for name in stops), (path, stops)
        assert any(name in ("BUTTON:submit", "INPUT:submit") for name in stops), (path, stops)
    context.close()
    assert unseen == {}
