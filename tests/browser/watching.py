"""What browser tests look for besides their own assertions: console errors, CSP violations."""

import re

CSP = re.compile(r"Content[- ]Security[- ]Policy", re.IGNORECASE)

REPORT_CSP_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', e => "
    "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
)


def watch_console(page, problems: list[str]):
    """Append each console error, page error and CSP violation of `page` to `problems`.

    Chromium reports a Content-Security-Policy violation as a console error; a
    `securitypolicyviolation` listener (added by the browser, so outside the page's policy)
    also reports report-only ones.
    """
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            (message.type == "error" or CSP.search(message.text))
            and problems.append(f"{page.url}: console {message.type}: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: page error: {error}"))
    return page


def wait_for_image(page, image) -> None:
    """The image is shown: scrolled to (it may load lazily) and decoded with a real size."""
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=10_000
    )
