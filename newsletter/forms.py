from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from .models import Theme


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the newsletter"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        initial="ja",
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to receive every theme."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.ordered(),
        required=False,
        help_text=_("Choose none to hear about all 62. Hold Ctrl (or ⌘) to choose several."),
    )


class SubscribeForm(PreferencesForm):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    # Humans never see this field (hidden by CSS and from assistive technology); bots fill it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["email", "language", "themes", "municipalities", "website"]

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
