"""What every journey shares: a watch on the browser's console, and signing in to the admin."""

import re

import pytest

from tests.grants.conftest import program  # noqa: F401 - the grant program, as a fixture
from tests.participation.conftest import campaign  # noqa: F401 - a pledge campaign

PASSWORD = "correct horse battery"

CSP = re.compile(r"Content[- ]Security[- ]Policy", re.IGNORECASE)


@pytest.fixture
def watch():
    """watch(page) collects console errors, page errors and CSP violations; none may occur.

    Chromium reports a Content-Security-Policy violation as a console error; a
    `securitypolicyviolation` listener (added by the browser, so outside the page's policy)
    also reports report-only ones.
    """
    problems: list[str] = []

    def _watch(page):
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => "
            "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )
        page.on(
            "console",
            lambda message: (
                (message.type == "error" or CSP.search(message.text))
                and problems.append(f"{page.url}: console {message.type}: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: problems.append(f"{page.url}: page error: {error}"))
        return page

    yield _watch
    assert problems == []


@pytest.fixture
def new_page(chromium, watch):
    """A further watched browser (another person), closed at the end."""
    contexts = []

    def _new_page():
        context = chromium.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return watch(context.new_page())

    yield _new_page
    for context in contexts:
        context.close()


def sign_in_to_admin(page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(base + "/admin/")


def wait_for_image(page, image) -> None:
    """The image is shown: scrolled to (it may load lazily) and decoded with a real size."""
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=10_000
    )
