from django import forms
from django.utils.translation import gettext_lazy as _

from .money import parse_yen


class YenWidget(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return f"{value:,}"
        return value


class YenField(forms.Field):
    """Whole yen; accepts "1,500,000", full-width digits and a ¥ sign."""

    widget = YenWidget
    default_error_messages = {"invalid": _("Enter the amount in whole yen, for example 1,500,000.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        return parse_yen(value)


def posted_data(request):
    """The form data of a POST, even an empty one (so the form shows "required"), else None.

    `request.POST or None` leaves a form unbound, without errors, when a POST is empty.
    """
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None
