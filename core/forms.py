"""Form fields every form uses for numbers: ASCII or full-width digits, within bounds.

`install_bounded_number_fields()` (run once from CoreConfig.ready) makes every model form and
admin form read integer and decimal columns through `WholeNumberField` / `DecimalNumberField`,
bounded by the column as PostgreSQL holds it, so a value past the column is a form error on
every database instead of a 500 ("integer out of range") in production.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fiscal import actual_fiscal_years, fiscal_year_label, plan_fiscal_years
from .money import MAX_YEN, parse_yen
from .params import column_bounds, is_decimal_text, whole_number


class WholeNumberField(forms.IntegerField):
    """An integer typed as "1200", "1,200" or "１２００"; refuses '١٢', '²' and fractions."""

    default_error_messages = {
        "invalid": _("Enter a whole number in ASCII or full-width digits, for example 120."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        number = whole_number(str(value))
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class DecimalNumberField(forms.DecimalField):
    """A decimal typed in ASCII or full-width digits; Decimal() alone also reads '١٫٥'."""

    def to_python(self, value):
        if value not in self.empty_values and not is_decimal_text(str(value)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, str):
            value = value.translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-"))
        return super().to_python(value)


class YenWidget(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return f"{value:,}"
        return value


class YenField(forms.Field):
    """Whole yen; accepts "1,500,000", full-width digits and a ¥ sign, within a yen column.

    `positive=True` where zero yen means nothing (a requested amount): then ¥1 is the least.
    """

    widget = YenWidget
    default_error_messages = {"invalid": _("Enter the amount in whole yen, for example 1,500,000.")}

    def __init__(self, *, positive: bool = False, maximum: int = MAX_YEN, **kwargs):
        self.minimum = 1 if positive else 0
        self.maximum = maximum
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return parse_yen(value, minimum=self.minimum, maximum=self.maximum)


class FiscalYearField(WholeNumberField):
    """A fiscal year within the program: FY2007 to next year for plans, none ahead for actuals."""

    def __init__(self, *, actual: bool = False, first: int | None = None, **kwargs):
        self.actual = actual
        self.first = first
        super().__init__(**kwargs)

    def bounds(self) -> tuple[int, int]:
        low, high = actual_fiscal_years() if self.actual else plan_fiscal_years()
        return (self.first or low), high

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        low, high = self.bounds()
        if not low <= value <= high:
            raise ValidationError(
                _("Choose a fiscal year from %(first)s to %(last)s."),
                code="fiscal_year_range",
                params={"first": fiscal_year_label(low), "last": fiscal_year_label(high)},
            )


def posted_data(request):
    """The form data of a POST, even an empty one (so the form shows "required"), else None.

    `request.POST or None` leaves a form unbound, without errors, when a POST is empty.
    """
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None


def _bounded_integer_formfield(self, **kwargs):
    low, high = column_bounds(self)
    return _django_integer_formfield(
        self, **{"form_class": WholeNumberField, "min_value": low, "max_value": high, **kwargs}
    )


def _bounded_decimal_formfield(self, **kwargs):
    return _django_decimal_formfield(self, **{"form_class": DecimalNumberField, **kwargs})


_django_integer_formfield = models.IntegerField.formfield
_django_decimal_formfield = models.DecimalField.formfield


def install_bounded_number_fields() -> None:
    """Every integer and decimal model column gets the bounded fields above in its forms."""
    models.IntegerField.formfield = _bounded_integer_formfield
    models.DecimalField.formfield = _bounded_decimal_formfield
