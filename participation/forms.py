from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.files import IMAGES, UploadFormField
from core.fiscal import TOKYO, current_fiscal_year
from core.forms import WholeNumberField
from municipalities.models import Municipality

from .models import ActivityCategory, Organisation, OrganisationType
from .services import MAX_PHOTOS_PER_ACTIVITY, ActivityContent

MAX_STORED_INTEGER = 2**31 - 1


class HoneypotMixin(forms.Form):
    # Hidden from people by CSS and aria-hidden; bots that fill every field are refused.
    website_url = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_website_url(self):
        if self.cleaned_data.get("website_url"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def municipality_choices():
    return Municipality.objects.ordered()


class RegistrationForm(HoneypotMixin, PasswordPairMixin):
    name_ja = forms.CharField(label=_("Name of the organisation (Japanese)"), max_length=200)
    name_en = forms.CharField(
        label=_("Name of the organisation (English, optional)"), max_length=200, required=False
    )
    kind = forms.ChoiceField(label=_("Type"), choices=OrganisationType.choices)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), empty_label=None
    )
    address = forms.CharField(label=_("Address"), max_length=300)
    website = forms.URLField(label=_("Website (optional)"), required=False, assume_scheme="https")
    contact_name = forms.CharField(label=_("Contact person"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("You sign in with this address; we send a confirmation link to it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    agree = forms.BooleanField(
        label=_(
            "I agree that the organisation's name, type, municipality and activities are "
            "published on this portal once approved."
        )
    )
    field_order = [
        "name_ja",
        "name_en",
        "kind",
        "municipality",
        "address",
        "website",
        "contact_name",
        "email",
        "phone",
        "password1",
        "password2",
        "agree",
        "website_url",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipality_choices()


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class MemberPasswordResetForm(PasswordResetForm):
    """Password reset for organisation accounts only; staff reset theirs in the admin."""

    def get_users(self, email):
        return (
            user
            for user in super().get_users(email)
            if not user.is_staff and hasattr(user, "participation_membership")
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Your colleague's e-mail address"))


class AcceptInvitationForm(PasswordPairMixin):
    full_name = forms.CharField(label=_("Your name"), max_length=100)
    field_order = ["full_name", "password1", "password2"]


class OrganisationProfileForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name_en",
            "address",
            "website",
            "description_ja",
            "description_en",
            "contact_name",
            "phone",
            "language",
        ]
        labels = {
            "name_en": _("Name of the organisation (English)"),
            "description_ja": _("About the organisation (Japanese)"),
            "description_en": _("About the organisation (English)"),
        }


class PledgeForm(forms.Form):
    message = forms.CharField(
        label=_("Our message (optional)"),
        max_length=300,
        required=False,
        help_text=_("What your organisation will do, shown on the campaign page."),
    )


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    municipality = forms.ModelChoiceField(
        label=_("Municipality where it took place"),
        queryset=Municipality.objects.none(),
        empty_label=None,
    )
    category = forms.ChoiceField(
        label=pgettext_lazy("activity theme", "Category"), choices=ActivityCategory.choices
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you did, with whom, and what came of it. Markdown is allowed."),
    )
    # The upper bounds are what the columns (PostgreSQL integer) hold.
    participants = WholeNumberField(
        label=_("Number of participants"), min_value=1, max_value=MAX_STORED_INTEGER
    )
    estimated_co2_kg = WholeNumberField(
        label=_("Estimated CO2 reduction in kg-CO2 (optional)"),
        min_value=0,
        max_value=MAX_STORED_INTEGER,
        required=False,
    )
    co2_method = forms.CharField(
        label=_("How the CO2 reduction was estimated"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For example: 120 kWh saved × 0.45 kg-CO2/kWh (the utility's factor)."),
    )
    photo = UploadFormField(
        label=_("Photo (JPEG, PNG or WebP, up to 10 MB, optional)"),
        formats=IMAGES,
        max_mb=10,
        required=False,
    )
    photo_alt = forms.CharField(
        label=_("What the photo shows"),
        max_length=200,
        required=False,
        help_text=_("For people who cannot see the photo."),
    )

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipality_choices()
        self.existing_photos = list(photos)
        if self.existing_photos:
            self.fields["remove_photos"] = forms.TypedMultipleChoiceField(
                label=_("Remove photos"),
                choices=[(p.pk, p.alt_text) for p in self.existing_photos],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate(timezone=TOKYO):
            raise forms.ValidationError(_("Report activities that have taken place."))
        if held_on.year < current_fiscal_year() - 5:
            raise forms.ValidationError(_("Report activities of the last five years."))
        return held_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("estimated_co2_kg") and not (cleaned.get("co2_method") or "").strip():
            self.add_error("co2_method", _("Say how the CO2 reduction was estimated."))
        if cleaned.get("photo") and not (cleaned.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Describe what the photo shows."))
        kept = len(self.existing_photos) - len(cleaned.get("remove_photos") or [])
        if cleaned.get("photo") and kept + 1 > MAX_PHOTOS_PER_ACTIVITY:
            self.add_error("photo", _("Attach at most six photos."))
        return cleaned

    def content(self) -> ActivityContent:
        data = self.cleaned_data
        return ActivityContent(
            title=data["title"],
            held_on=data["held_on"],
            municipality_id=data["municipality"].pk,
            category=data["category"],
            description=data["description"],
            participants=data["participants"],
            estimated_co2_kg=data.get("estimated_co2_kg"),
            co2_method=data.get("co2_method") or "",
        )

    def new_photos(self):
        photo = self.cleaned_data.get("photo")
        return [(photo, self.cleaned_data["photo_alt"])] if photo else []

    def removed_photo_ids(self) -> frozenset[int]:
        return frozenset(self.cleaned_data.get("remove_photos") or [])


class DirectoryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *OrganisationType.choices], required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All municipalities"),
    )
    category = forms.ChoiceField(
        label=pgettext_lazy("activity theme", "Category"),
        choices=[
            ("", pgettext_lazy("activity theme", "All categories")),
            *ActivityCategory.choices,
        ],
        required=False,
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, fiscal_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipality_choices()
        from django.utils.translation import get_language

        from core.fiscal import fiscal_year_label

        language = get_language() or "ja"
        self.fields["fiscal_year"].choices = [("", _("All fiscal years"))] + [
            (year, fiscal_year_label(year, language)) for year in fiscal_years
        ]
