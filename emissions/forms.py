from django import forms
from django.utils.translation import gettext_lazy as _

from core.files import UploadFormField

from .codes import GwpSet
from .models import Edition, MethodVersion

MAX_UPLOAD_MB = 20


def CsvFileField(**kwargs) -> UploadFormField:  # noqa: N802 - reads as the field it makes
    """A CSV of the data contract, up to 20 MB; its rows are checked by emissions.files."""
    return UploadFormField(formats=("csv",), max_mb=MAX_UPLOAD_MB, **kwargs)


class ImportResultsForm(forms.Form):
    label = forms.CharField(
        label=_("Label of the new edition"),
        max_length=120,
        help_text=_("e.g. 2024年5月公表 (FY2021版)"),
    )
    file = CsvFileField(label=_("Published results (CSV)"))


class CalculateForm(forms.Form):
    label = forms.CharField(
        label=_("Label of the new edition"),
        max_length=120,
        help_text=_("e.g. 2024年5月公表 (FY2021版)"),
    )
    method_version = forms.ModelChoiceField(
        label=_("Method version"), queryset=MethodVersion.objects.all(), required=False
    )
    gwp_set = forms.ChoiceField(label=_("GWP set"), choices=GwpSet.choices, initial=GwpSet.AR5)
    factors = CsvFileField(label=_("Emission factors (factors.csv)"))
    activity = CsvFileField(label=_("Activity data (activity.csv)"))
    indicators = CsvFileField(label=_("Indicators (indicators.csv)"), required=False)
    apportionment = CsvFileField(label=_("Apportionment rules (apportionment.csv)"), required=False)
    estimates = CsvFileField(
        label=_("Direct estimates (estimates.csv)"),
        required=False,
        help_text=_(
            "Emissions without an energy source (HFCs, PFCs, SF6, NF3 …) in t-CO2e, in the "
            "columns of a results file; carried into the results as given."
        ),
    )


class DiffForm(forms.Form):
    old = forms.ModelChoiceField(label=_("Older edition"), queryset=Edition.objects.all())
    new = forms.ModelChoiceField(label=_("Newer edition"), queryset=Edition.objects.all())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old") and cleaned.get("old") == cleaned.get("new"):
            raise forms.ValidationError(_("Choose two different editions."))
        return cleaned


class ImportPopulationsForm(forms.Form):
    source = forms.CharField(
        label=_("Source of the figures"),
        max_length=300,
        help_text=_("e.g. 住民基本台帳 (1 January)"),
    )
    file = CsvFileField(label=_("Populations (CSV: year,municipality_code,population)"))
