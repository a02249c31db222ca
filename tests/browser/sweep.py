"""What a phone user sees on one page, measured in Chromium: the checks of the browser sweep."""

from pathlib import Path

MEASURE = (Path(__file__).parent / "sweep.js").read_text(encoding="utf-8")


def measure(page) -> dict:
    """The page's failures: sideways overflow, text under 12 px, split numbers, unsized images,
    tables scrolling sideways outside a named, focusable region."""
    found = page.evaluate(MEASURE)
    return {check: value for check, value in found.items() if value}
