"""Money is integer yen everywhere; this module reads and writes it."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .params import ascii_number_text, whole_number

# Yen columns are PositiveIntegerField (a grant is at most a few million yen); sums are computed
# by the database as bigint. An amount past the column is refused, never sent to the database.
MAX_YEN = 2_147_483_647
MAX_BIG_YEN = 9_223_372_036_854_775_807
_YEN_MARKS = re.compile(r"^[¥￥]|円$")


def format_yen(amount: int | None) -> str:
    """1500000 → ¥1,500,000."""
    if amount is None or amount == "":
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(int(amount)):,}"


def parse_yen(text: str, *, minimum: int = 0, maximum: int = MAX_YEN) -> int:
    """Read "1,500,000", "¥1,500,000", "１，５００，０００円" as 1500000; refuse anything else.

    Only ASCII and full-width digits count ('١٥٠٠' and '²' are refused); the amount must lie
    within [minimum, maximum] (by default what a yen column holds).
    """
    normalized = _YEN_MARKS.sub("", ascii_number_text(text)).strip().replace(" ", "")
    if normalized.startswith("-") and whole_number(normalized[1:]) is not None:
        raise ValidationError(_("The amount cannot be negative."), code="negative")
    amount = whole_number(normalized)
    if amount is None:
        raise ValidationError(
            _("Enter the amount in whole yen, for example 1,500,000."), code="invalid"
        )
    if amount < minimum:
        if minimum == 1:
            raise ValidationError(_("The amount must be more than ¥0."), code="min_value")
        raise ValidationError(
            _("The amount must be at least %(limit)s.") % {"limit": format_yen(minimum)},
            code="min_value",
        )
    if amount > maximum:
        raise ValidationError(
            _("The amount must be at most %(limit)s.") % {"limit": format_yen(maximum)},
            code="max_value",
        )
    return amount
