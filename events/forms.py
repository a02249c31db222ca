import datetime
import re
import unicodedata

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.params import EARLIEST_YEAR, LATEST_YEAR
from municipalities.models import Municipality

from .models import Category, Registration

PHONE_PATTERN = re.compile(r"\+?[0-9][0-9\- ()]{8,18}")


class RegistrationForm(forms.ModelForm):
    # Hidden from people by CSS; bots that fill every field reveal themselves.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    privacy_consent = forms.BooleanField(
        label=_("I agree that my data is used only to run this event and is deleted afterwards."),
        required=True,
    )

    class Meta:
        model = Registration
        fields = [
            "name",
            "kana",
            "email",
            "phone",
            "party_size",
            "accessibility_needs",
            "guardian_name",
            "guardian_consent",
            "privacy_consent",
        ]
        help_texts = {
            "kana": _("In katakana or hiragana, for the reception list."),
            "accessibility_needs": _(
                "Wheelchair, hearing support, allergies — anything that helps us prepare."
            ),
        }
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["party_size"] = forms.TypedChoiceField(
            label=_("Party size"),
            choices=[(n, n) for n in range(1, event.max_party_size + 1)],
            coerce=int,
            initial=1,
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        if event.needs_guardian:
            self.fields["guardian_name"].required = True
            self.fields["guardian_consent"].required = True
            self.fields["guardian_consent"].label = _(
                "As the guardian, I agree to the child taking part."
            )
        else:
            del self.fields["guardian_name"]
            del self.fields["guardian_consent"]

    def clean_phone(self):
        # Full-width digits and hyphens are common on Japanese keyboards.
        phone = unicodedata.normalize("NFKC", self.cleaned_data["phone"]).strip()
        phone = phone.replace("ー", "-").replace("−", "-")
        if not PHONE_PATTERN.fullmatch(phone) or sum(c.isdigit() for c in phone) < 10:
            raise forms.ValidationError(_("Enter a phone number, for example 03-1234-5678."))
        return phone

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


# The list filters from a day and up to the day after a date: both must stay valid dates.
FILTER_DATE_BOUNDS = [
    MinValueValidator(datetime.date(EARLIEST_YEAR, 1, 1)),
    MaxValueValidator(datetime.date(LATEST_YEAR, 12, 31)),
]


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Keyword"), required=False)
    category = forms.ChoiceField(
        label=pgettext_lazy("event type", "Category"),
        required=False,
        choices=[("", pgettext_lazy("event type", "All categories")), *Category.choices],
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.ordered(),
        empty_label=_("All municipalities"),
    )
    date_from = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=FILTER_DATE_BOUNDS,
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=FILTER_DATE_BOUNDS,
    )
    open_only = forms.BooleanField(label=_("Open for registration"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


def month_start(text: str | None, today: datetime.date) -> datetime.date:
    """'2026-07' → 2026-07-01; anything else (or a year far off) → this month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        if abs(year - today.year) > 50:
            raise ValueError(year)
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)
