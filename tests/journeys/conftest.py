"""What every journey shares: a watch on the browser's console, and signing in to the admin."""

import pytest

from tests.browser.watching import watch_console
from tests.grants.conftest import program  # noqa: F401 - the grant program, as a fixture
from tests.participation.conftest import campaign  # noqa: F401 - a pledge campaign

PASSWORD = "correct horse battery"


@pytest.fixture
def watch():
    """watch(page) collects console errors, page errors and CSP violations; none may occur."""
    problems: list[str] = []
    yield lambda page: watch_console(page, problems)
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
