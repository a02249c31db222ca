from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.files import AUDIO, UploadFormField
from core.forms import WholeNumberField
from municipalities.models import Municipality

from .models import ENTRY_IMAGES, Award, Category, EntrantType
from .services import EntryFiles


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class EntryForm(forms.Form):
    category = CategoryChoiceField(
        label=pgettext_lazy("contest category", "Category"),
        queryset=Category.objects.none(),
        empty_label=None,
    )
    entrant_type = forms.ChoiceField(label=_("You enter as"), choices=EntrantType.choices)
    entrant_name = forms.CharField(
        label=_("Your name or your organisation's name"),
        max_length=200,
        help_text=_("Never shown to the judges."),
    )
    contact_person = forms.CharField(
        label=_("Contact person"),
        max_length=120,
        required=False,
        help_text=_("For schools, companies and groups: the person responsible."),
    )
    email = forms.EmailField(
        label=_("Contact e-mail"),
        help_text=_("We send a link to confirm it; the entry counts only after that."),
    )
    display_name = forms.CharField(
        label=_("Name shown in the gallery"),
        max_length=120,
        help_text=_("A pen name is fine. Shown publicly once the entry is accepted."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.ordered(),
        empty_label=_("Choose a municipality"),
        help_text=_("Where you live, study, work or act."),
    )
    title = forms.CharField(label=_("Title of the work"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the work shows or what the activity achieved (up to 4,000 characters)."),
    )
    image = UploadFormField(
        label=_("Image (JPEG or PNG, up to 10 MB)"),
        formats=ENTRY_IMAGES,
        max_mb=10,
        required=False,
        help_text=_("Required for art works; optional photo for activities."),
    )
    audio = UploadFormField(
        label=_("Recording (MP3, M4A or WAV, up to 5 minutes and 20 MB)"),
        formats=AUDIO,
        max_mb=20,
        required=False,
        help_text=_("Required for music works."),
    )
    report_pdf = UploadFormField(
        label=_("Activity report (PDF, up to 10 MB)"),
        formats=("pdf",),
        max_mb=10,
        required=False,
        help_text=_("Required for environmental activities."),
    )
    is_minor = forms.BooleanField(label=_("The entrant is under 18"), required=False)
    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=120, required=False)
    guardian_consent = forms.BooleanField(
        label=_("As guardian, I agree to this entry and to the rules."), required=False
    )
    rights_consent = forms.BooleanField(
        label=_("I hold all rights to this work and it does not infringe anyone else's rights.")
    )
    licence_consent = forms.BooleanField(
        label=_(
            "I allow the program to show the work on its website and in its publications, "
            "with the name shown in the gallery."
        )
    )
    # A honeypot: hidden from people by CSS, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, contest, editing=False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = contest.categories.all()
        if editing:
            del self.fields["email"]
            del self.fields["category"]

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Leave this field empty."))
        return ""

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and getattr(image, "name", "").endswith(".webp"):
            raise ValidationError(_("Upload a JPEG or PNG image."), code="format")
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_minor"):
            if not cleaned.get("guardian_name", "").strip():
                self.add_error("guardian_name", _("Enter the name of a parent or guardian."))
            if not cleaned.get("guardian_consent"):
                self.add_error("guardian_consent", _("A guardian must agree to the entry."))
        category = cleaned.get("category")
        if category is not None:
            needed = {
                "art": ("image", _("An art work needs an image (JPEG or PNG).")),
                "music": ("audio", _("A music work needs a recording (MP3, M4A or WAV).")),
                "activity": ("report_pdf", _("An activity entry needs an activity report (PDF).")),
            }[category.kind]
            if not cleaned.get(needed[0]) and needed[0] not in self.errors:
                self.add_error(needed[0], needed[1])
        return cleaned

    def entry_data(self) -> dict:
        data = {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in ("category", "image", "audio", "report_pdf", "website")
        }
        data["language"] = (get_language() or "ja")[:2]
        return data

    def entry_files(self) -> EntryFiles:
        audio = self.cleaned_data.get("audio") or None
        return EntryFiles(
            image=self.cleaned_data.get("image") or None,
            audio=audio,
            audio_seconds=getattr(audio, "seconds", None),
            report_pdf=self.cleaned_data.get("report_pdf") or None,
        )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the jury"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = WholeNumberField(
                label=_("%(name)s (weight %(weight)s, 0–%(max)s)")
                % {"name": criterion.name, "weight": criterion.weight, "max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
            )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class ConflictForm(forms.Form):
    conflict_note = forms.CharField(
        label=_("Why (seen only by the secretariat)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", pgettext_lazy("contest screening", "Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (sent to the entrant; required for a rejection)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AwardForm(forms.Form):
    award = forms.ChoiceField(
        label=_("Award"), choices=[("", _("No award")), *Award.choices], required=False
    )
    finalist = forms.BooleanField(label=_("Finalist"), required=False)


class VoteForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to confirm your vote. One vote per address per category."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "vote_%s")
        super().__init__(*args, **kwargs)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Leave this field empty."))
        return ""
