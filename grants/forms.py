"""Forms of the admin: the application, its lines and files, and the input of each move."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.files import CheckedUpload
from core.forms import YenField
from core.money import format_yen

from .models import Application, Attachment, BudgetLine, GrantProgram, ReportPhoto


class AttachmentForm(forms.ModelForm):
    """A document, checked by core.files (the model's UploadField) as it comes in."""

    class Meta:
        model = Attachment
        fields = ["kind", "file"]
        # No "currently: <url>" link: a private file is only reached through the download view.
        widgets = {"file": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # What was submitted stays as submitted; new documents are added as new rows.
            for name in ("kind", "file"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].required = False

    def save(self, commit=True):
        attachment = super().save(commit=False)
        upload = self.cleaned_data.get("file")
        if isinstance(upload, CheckedUpload):
            attachment.original_name = upload.original_name
            attachment.size = upload.size
        if commit:
            attachment.save()
        return attachment


class BudgetLineForm(forms.ModelForm):
    amount = YenField(label=_("amount (yen)"), positive=True)

    class Meta:
        model = BudgetLine
        fields = ["category", "description", "eligible", "amount"]

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if category is not None and not category.eligible and cleaned.get("eligible"):
            self.add_error(
                "eligible",
                _("“%(category)s” is not an eligible cost of this program.")
                % {"category": category},
            )
        return cleaned


class ReportPhotoForm(forms.ModelForm):
    class Meta:
        model = ReportPhoto
        fields = ["image", "caption", "alt_text"]


def balance_message(*, amount: int, remaining: int, cap: int) -> str:
    return gettext(
        "%(amount)s is more than the remaining balance of %(remaining)s (cap %(cap)s)."
    ) % {"amount": format_yen(amount), "remaining": format_yen(remaining), "cap": format_yen(cap)}


class ApplicationAdminForm(forms.ModelForm):
    """The municipality's application; the amount is checked against the cap as typed."""

    requested_amount = YenField(
        label=_("requested amount (yen)"),
        positive=True,
        required=False,
        help_text=_("Leave empty to request the total of the eligible budget lines."),
    )
    # Set by the admin: the municipality the application is (or will be) for.
    municipality_code: str | None = None

    class Meta:
        model = Application
        # The admin passes the fields of its fieldsets; these are the ones this form checks.
        fields = ["program", "requested_amount"]

    def clean(self):
        cleaned = super().clean()
        from .services import remaining_balance

        amount = cleaned.get("requested_amount")
        program = cleaned.get("program") or getattr(self.instance, "program", None)
        municipality_code = self.instance.municipality_id or self.municipality_code
        if amount is None or not isinstance(program, GrantProgram) or not municipality_code:
            return cleaned
        remaining = remaining_balance(
            program=program, municipality_id=municipality_code, excluding=self.instance.pk
        )
        if amount > remaining:
            self.add_error(
                "requested_amount",
                balance_message(
                    amount=amount, remaining=remaining, cap=program.cap_per_municipality
                ),
            )
        return cleaned


# --- Input of the moves -------------------------------------------------------------------


class ConfirmMoveForm(forms.Form):
    """Moves that need nothing but a confirmation."""


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def budget_override_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason to exceed the grants budget line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only if this amount goes beyond what is left of the program's grants budget; "
            "the reason is recorded."
        ),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the municipality"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    budget_override_reason = budget_override_field()


class DecideForm(forms.Form):
    granted_amount = YenField(label=_("Granted amount (yen)"), positive=True)
    note = forms.CharField(
        label=_("Conditions or note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    budget_override_reason = budget_override_field()


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("What changes and why"), widget=forms.Textarea(attrs={"rows": 4})
    )
    new_granted_amount = YenField(
        label=_("New granted amount (yen)"),
        positive=True,
        required=False,
        help_text=_("Leave empty if the amount does not change."),
    )
    new_period_end = forms.DateField(
        label=_("New end of the project"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ReportForm(forms.Form):
    results = forms.CharField(
        label=_("Results (Japanese)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was done and achieved; shown to the public on the showcase."),
    )
    results_en = forms.CharField(
        label=_("Results (English, optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    actual_cost = YenField(label=_("Actual cost (yen)"), positive=True)
    eligible_actual_cost = YenField(label=_("Eligible actual cost (yen)"))
