"""全国地方公共団体コード: five digits plus a check digit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    total = sum(int(digit) * weight for digit, weight in zip(first_five, WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def is_valid_code(code: str) -> bool:
    return (
        len(code) == 6
        and code.isascii()
        and code.isdigit()
        and check_digit(code[:5]) == int(code[5])
    )


def validate_municipality_code(code: str) -> None:
    if not is_valid_code(str(code)):
        raise ValidationError(
            _("%(code)s is not a valid 6-digit local government code."),
            code="invalid_code",
            params={"code": code},
        )
