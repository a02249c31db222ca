"""Numbers read from an address, where anyone can type anything.

`str.isdigit()` is no guard: it accepts '²' and '١', which int() refuses or reads, and any
length, which the database refuses. These helpers accept plain ASCII digits within bounds.
"""

# The years a visitor may ask about: wider than any record, narrow enough that the year after
# and a fiscal year's bounds (April to March) are still valid dates.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2999


def int_param(text: str | None, *, minimum: int, maximum: int) -> int | None:
    """`text` as an integer within [minimum, maximum], else None."""
    if not text or len(text) > len(str(maximum)) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def year_param(text: str | None) -> int | None:
    """`text` as a (fiscal) year a visitor may ask about, else None."""
    return int_param(text, minimum=EARLIEST_YEAR, maximum=LATEST_YEAR)
