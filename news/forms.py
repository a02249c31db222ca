from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from core.fiscal import FIRST_PROGRAM_FISCAL_YEAR, current_fiscal_year, fiscal_year_label
from municipalities.models import Municipality

from .models import Category, Kind

CHOICES_CACHE_SECONDS = 600


def filter_choices(language: str) -> tuple[list, list]:
    """Category and municipality choices, cached: they change a few times a year and every
    list page needs them (a category change clears the entry, see news.signals)."""
    key = f"news:filter-choices:{language}"
    cached = cache.get(key)
    if cached is None:
        cached = (
            [(c.slug, c.name) for c in Category.objects.all()],
            [
                (m.code, m.name)
                for m in Municipality.objects.ordered().only("code", "name_ja", "name_en")
            ],
        )
        cache.set(key, cached, CHOICES_CACHE_SECONDS)
    return cached


class ArticleFilterForm(forms.Form):
    """The public list's filters; every field is optional and unknown values are ignored."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"), required=False, coerce=int, empty_value=None
    )
    tag = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, language: str = "ja", **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(Kind.choices)
        categories, municipalities = filter_choices(language)
        self.fields["category"].choices = everything + categories
        self.fields["municipality"].choices = everything + municipalities
        self.fields["fiscal_year"].choices = everything + [
            (year, fiscal_year_label(year, language))
            for year in range(current_fiscal_year(), FIRST_PROGRAM_FISCAL_YEAR - 1, -1)
        ]

    def filtered(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("category"):
            queryset = queryset.filter(category__slug=data["category"])
        if data.get("municipality"):
            queryset = queryset.filter(municipalities__pk=data["municipality"])
        if data.get("fiscal_year"):
            queryset = queryset.in_fiscal_year(data["fiscal_year"])
        if data.get("tag"):
            queryset = queryset.filter(tags__slug=data["tag"])
        return queryset


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search words"), max_length=100, required=False)
