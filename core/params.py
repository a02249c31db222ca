"""Numbers typed by people or read from an address, where anyone can type anything.

`str.isdigit()`, `int()` and `unicodedata.normalize("NFKC")` are no guard: they accept '²', '١'
(Arabic-Indic) or '𝟗', and any length, which the database refuses. A number a person writes
here is plain ASCII digits or full-width digits (１２３, as Japanese input methods type them),
optionally grouped by commas, and within the bounds of its column and its meaning.
"""

import re
import unicodedata

from django.db.backends.base.operations import BaseDatabaseOperations

# The years a visitor may ask about: wider than any record, narrow enough that the year after
# and a fiscal year's bounds (April to March) are still valid dates.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2999

FULL_WIDTH_TO_ASCII = str.maketrans("０１２３４５６７８９，．－＋　", "0123456789,.-+ ")
_WHOLE = re.compile(r"[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)


def int_param(text: str | None, *, minimum: int, maximum: int) -> int | None:
    """`text` as an integer within [minimum, maximum], else None."""
    if not text or len(text) > len(str(maximum)) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def year_param(text: str | None) -> int | None:
    """`text` as a (fiscal) year a visitor may ask about, else None."""
    return int_param(text, minimum=EARLIEST_YEAR, maximum=LATEST_YEAR)


def ascii_number_text(text: str) -> str:
    """Full-width digits, commas, points and signs as ASCII; surrounding spaces removed."""
    return str(text).translate(FULL_WIDTH_TO_ASCII).strip()


def whole_number(text: str) -> int | None:
    """ "1500", "1,500" or "１，５００" as 1500; None for anything else ('١٢', '²', '-1', '1.5')."""
    normalized = ascii_number_text(text)
    if len(normalized) > 40 or not _WHOLE.fullmatch(normalized):
        return None
    return int(normalized.replace(",", ""))


def is_decimal_text(text: str) -> bool:
    """Whether `text` (full-width allowed) is a plain decimal number in ASCII digits."""
    normalized = ascii_number_text(text)
    return len(normalized) <= 60 and bool(_DECIMAL.fullmatch(normalized))


def column_bounds(model_field) -> tuple[int, int]:
    """The range an integer model field's column holds on PostgreSQL, the narrowest we run on.

    SQLite stores 64-bit integers in every integer column: a value that fits there and not in
    production must be refused on a laptop too.
    """
    return BaseDatabaseOperations.integer_field_ranges[model_field.get_internal_type()]


PLAIN_DIGITS = frozenset("0123456789０１２３４５６７８９")


def _is_other_digit(character: str) -> bool:
    return character not in PLAIN_DIGITS and unicodedata.digit(character, None) is not None


def normalise_cell(cell: str) -> str:
    """A cell of an imported table: NFKC (full-width digits and letters become ASCII), trimmed.

    Other digits ('²', '١') stay as they are, so a number written with them is refused rather
    than read as another number (NFKC turns '²' into '2').
    """
    parts, kept = [], ""
    for character in cell:
        if _is_other_digit(character):
            parts.append(unicodedata.normalize("NFKC", kept) + character)
            kept = ""
        else:
            kept += character
    parts.append(unicodedata.normalize("NFKC", kept))
    return "".join(parts).strip()
