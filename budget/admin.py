"""The secretariat keeps the budget: lines per fiscal year, entered spending, the figures."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.roles import is_secretariat
from core.fiscal import current_fiscal_year, fiscal_year_label
from core.forms import YenField
from core.money import format_yen

from . import services
from .models import BudgetLine, Expenditure


class BudgetLineForm(forms.ModelForm):
    amount = YenField(label=_("budget (予算額, yen)"))

    class Meta:
        model = BudgetLine
        fields = [
            "fiscal_year",
            "title",
            "source",
            "initiative",
            "amount",
            "position",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"] = forms.ChoiceField(
            label=_("spent by records of"),
            choices=[
                ("", _("Only the expenditure entered on this line")),
                *services.source_choices(),
            ],
            required=False,
            help_text=BudgetLine._meta.get_field("source").help_text,
        )


def _rate_text(rate) -> str:
    return "—" if rate is None else f"{rate}%"


@admin.register(BudgetLine)
class BudgetLineAdmin(TranslationAdmin):
    form = BudgetLineForm
    list_display = [
        "title",
        "fiscal_year",
        "budget_display",
        "spent_display",
        "remaining_display",
        "rate_display",
    ]
    list_filter = ["fiscal_year"]
    search_fields = ["title_ja", "title_en"]
    autocomplete_fields = ["initiative"]
    readonly_fields = ["copied_from"]
    change_list_template = "admin/budget/budgetline/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("initiative")

    def _figures(self, obj):
        cache = self.__dict__.setdefault("_figures_cache", {})
        key = (obj.pk, obj.amount)
        if key not in cache:
            cache[key] = services.line_figures(obj)
        return cache[key]

    @admin.display(description=_("budget (予算額)"), ordering="amount")
    def budget_display(self, obj):
        return format_yen(obj.amount)

    @admin.display(description=_("spent (執行額)"))
    def spent_display(self, obj):
        return format_yen(self._figures(obj).spent)

    @admin.display(description=_("remaining (残額)"))
    def remaining_display(self, obj):
        return format_yen(self._figures(obj).remaining)

    @admin.display(description=_("execution rate (執行率)"))
    def rate_display(self, obj):
        return _rate_text(self._figures(obj).rate)

    def changelist_view(self, request, extra_context=None):
        self.__dict__["_figures_cache"] = {}
        years = sorted(set(BudgetLine.objects.values_list("fiscal_year", flat=True)), reverse=True)
        extra_context = {
            **(extra_context or {}),
            "budget_years": [
                (year, fiscal_year_label(year), reverse("admin:budget_fiscal_year", args=[year]))
                for year in years
            ],
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "fiscal-year/<int:fiscal_year>/",
                view(self.fiscal_year_view),
                name="budget_fiscal_year",
            ),
            *super().get_urls(),
        ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {"fiscal_year": current_fiscal_year(), **initial}

    def fiscal_year_view(self, request, fiscal_year):
        """予算額, 執行額, 残額 and 執行率 of every line of one fiscal year, with the totals."""
        if not is_secretariat(request.user):
            raise PermissionDenied
        figures = services.fiscal_year_figures(fiscal_year)
        return TemplateResponse(
            request,
            "admin/budget/budgetline/fiscal_year.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Budget and spending, %(year)s")
                % {"year": fiscal_year_label(fiscal_year)},
                "figures": figures,
                "rows": [
                    {
                        "figures": line,
                        "rate": _rate_text(line.rate),
                        "change_url": reverse(
                            "admin:budget_budgetline_change", args=[line.line.pk]
                        ),
                    }
                    for line in figures.lines
                ],
                "total_rate": _rate_text(figures.rate),
            },
        )


def expenditure_values(expenditure: Expenditure) -> dict:
    """The admin form's cleaned row as the service's arguments."""
    return {
        "expenditure_id": expenditure.pk,
        "line_id": expenditure.line_id,
        "spent_on": expenditure.spent_on,
        "description": expenditure.description,
        "payee": expenditure.payee,
        "amount": expenditure.amount,
    }


class ExpenditureForm(forms.ModelForm):
    amount = YenField(label=_("amount (yen)"))
    override_reason = forms.CharField(
        label=_("Reason to exceed the line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when this spending goes beyond what is left of the line; recorded."),
    )

    class Meta:
        model = Expenditure
        fields = ["line", "spent_on", "description", "payee", "amount"]

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the cleaned values
        if self.errors:
            return
        try:
            services.save_expenditure(
                **expenditure_values(self.instance),
                actor=self.actor,
                override_reason=self.cleaned_data.get("override_reason", ""),
                dry_run=True,
            )
        except services.BudgetError as error:
            self.add_error(None, ValidationError(error.message))


@admin.register(Expenditure)
class ExpenditureAdmin(admin.ModelAdmin):
    form = ExpenditureForm
    list_display = ["spent_on", "description", "line", "payee", "amount_display", "recorded_by"]
    list_filter = ["line__fiscal_year", "line"]
    search_fields = ["description", "payee"]
    autocomplete_fields = ["line"]
    date_hierarchy = "spent_on"

    @admin.display(description=_("amount (yen)"), ordering="amount")
    def amount_display(self, obj):
        return format_yen(obj.amount)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        # The admin's change form runs in one transaction: clean() already locked the line.
        saved = services.save_expenditure(
            **expenditure_values(obj),
            actor=request.user,
            override_reason=form.cleaned_data.get("override_reason", ""),
        )
        # The admin goes on with its own instance (change message, redirect).
        obj.pk, obj.recorded_by_id = saved.pk, saved.recorded_by_id
