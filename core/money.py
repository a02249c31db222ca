"""Money is integer yen everywhere; this module reads and writes it."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_GROUPED_DIGITS = re.compile(r"^\d{1,3}(,\d{3})*$|^\d+$")


def format_yen(amount: int | None) -> str:
    """1500000 → ¥1,500,000."""
    if amount is None or amount == "":
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(int(amount)):,}"


def parse_yen(text: str) -> int:
    """Read "1,500,000", "¥1,500,000", "１，５００，０００円" as 1500000; refuse anything else."""
    normalized = unicodedata.normalize("NFKC", str(text)).strip()
    normalized = normalized.removeprefix("¥").removeprefix("￥").removesuffix("円").strip()
    normalized = normalized.replace(" ", "")
    if normalized.startswith("-"):
        raise ValidationError(_("The amount cannot be negative."), code="negative")
    if not _GROUPED_DIGITS.match(normalized):
        raise ValidationError(
            _("Enter the amount in whole yen, for example 1,500,000."), code="invalid"
        )
    return int(normalized.replace(",", ""))
