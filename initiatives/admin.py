from django.contrib import admin, messages
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.scoping import MunicipalityScopedAdmin

from . import services
from .models import AwarenessGood, Distribution, GoodsPurchase, Initiative, WorkPlan


class DistributionInline(admin.TabularInline):
    model = Distribution
    extra = 0
    autocomplete_fields = ["municipality", "good"]


class GoodsPurchaseInline(admin.TabularInline):
    model = GoodsPurchase
    extra = 0
    autocomplete_fields = ["good"]


@admin.register(Initiative)
class InitiativeAdmin(TranslationAdmin):
    list_display = [
        "title",
        "fiscal_year",
        "action",
        "status",
        "lead_municipality",
        "is_public",
        "recurring",
    ]
    list_filter = ["fiscal_year", "action", "status", "is_public", "recurring"]
    search_fields = ["title_ja", "title_en"]
    autocomplete_fields = ["lead_municipality"]
    readonly_fields = ["copied_from"]
    inlines = [GoodsPurchaseInline, DistributionInline]


def _admin_link(flag: dict) -> str:
    app_label, model_name = flag["model"].split(".")
    try:
        return reverse(f"admin:{app_label}_{model_name}_change", args=[flag["pk"]])
    except NoReverseMatch:
        return ""


@admin.register(WorkPlan)
class WorkPlanAdmin(TranslationAdmin):
    list_display = ["fiscal_year", "title", "status", "flags_count", "published_at"]
    list_filter = ["status"]
    search_fields = ["title_ja", "title_en"]
    readonly_fields = ["status", "copied_from", "published_at", "flags_table"]
    exclude = ["review_flags"]
    actions = ["start_next_fiscal_year", "mark_reviewed", "publish"]

    @admin.display(description=_("to review"))
    def flags_count(self, obj):
        return len(obj.review_flags) or "—"

    @admin.display(description=_("copied text naming a year or date"))
    def flags_table(self, obj):
        if not obj.review_flags:
            return "—"
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>',
            (
                (_admin_link(flag), flag["label"], flag["field"], "、".join(flag["expressions"]))
                for flag in obj.review_flags
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            gettext("Record"),
            gettext("Field"),
            gettext("Names"),
            rows,
        )

    def _each(self, request, queryset, service, done_message):
        for plan in queryset.order_by("fiscal_year"):
            try:
                result = service(plan)
            except services.WorkPlanError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, done_message(result), messages.SUCCESS)

    @admin.action(description=_("Start the next fiscal year from this plan"))
    def start_next_fiscal_year(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda plan: services.start_fiscal_year(from_year=plan.fiscal_year, actor=request.user),
            lambda plan: (
                gettext("The drafts of FY%(year)s are ready; %(count)s copied text(s) to review.")
                % {"year": plan.fiscal_year, "count": len(plan.review_flags)}
            ),
        )

    @admin.action(description=_("Mark the copied dated text as reviewed"))
    def mark_reviewed(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda plan: services.mark_reviewed(work_plan=plan, actor=request.user),
            lambda plan: gettext("Reviewed: %(plan)s") % {"plan": plan},
        )

    @admin.action(description=_("Publish the plan and its initiatives"))
    def publish(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda plan: services.publish_work_plan(work_plan=plan, actor=request.user),
            lambda plan: gettext("Published: %(plan)s") % {"plan": plan},
        )


@admin.register(AwarenessGood)
class AwarenessGoodAdmin(TranslationAdmin):
    search_fields = ["name_ja", "name_en"]
    list_display = ["name", "unit"]


@admin.register(Distribution)
class DistributionAdmin(MunicipalityScopedAdmin):
    """Municipal staff see what their own municipality received."""

    list_display = ["initiative", "good", "municipality", "quantity", "distributed_on"]
    list_filter = ["initiative__fiscal_year", "good"]
    search_fields = ["municipality__name_ja", "municipality__code", "initiative__title_ja"]
    autocomplete_fields = ["initiative", "good", "municipality"]
    list_select_related = ["initiative", "good", "municipality"]
