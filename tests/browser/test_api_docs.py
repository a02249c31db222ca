"""The open data API's docs render in Chromium under the site's own Content Security Policy."""

import pytest

from tests.browser.watching import watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def operation_count(client) -> int:
    paths = client.get("/api/openapi.json").json()["paths"]
    return sum(len(operations) for operations in paths.values())


@pytest.mark.parametrize(
    ("path", "language", "heading", "back_link"),
    [
        ("/api/docs", "ja", "オープンデータAPI", "ECOネット東京62のトップページへ戻る"),
        ("/en/api/docs", "en", "Open data API", "Back to the ECO Net Tokyo 62 portal"),
    ],
)
def test_api_docs_render_every_operation_with_no_csp_violation(
    live_server, chromium, client, path, language, heading, back_link
):
    expected = operation_count(client)
    context = chromium.new_context(locale="ja-JP", viewport={"width": 360, "height": 740})
    problems: list[str] = []
    page = watch_console(context.new_page(), problems)
    response = page.goto(live_server.url + path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=15_000)
    page.wait_for_load_state("networkidle")
    rendered = page.locator(".opblock").count()
    assert page.evaluate("document.documentElement.lang") == language
    assert page.locator("h1:visible").inner_text() == heading
    assert heading in page.title()
    assert page.get_by_role("link", name=back_link).get_attribute("href") in ("/", "/en/")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert expected > 0
    assert rendered == expected
    assert width <= 360
    assert problems == []
