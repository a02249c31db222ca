from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from accounts.roles import Role, has_role
from core.audit import audit_trail
from core.dates import format_datetime
from core.scoping import MunicipalityScopedAdmin

from . import services
from .forms import ScreeningForm
from .models import Category, Contest, Criterion, Entry, EntryStatus, Review


class CategoryInline(TranslationTabularInline):
    model = Category
    extra = 0
    fields = ("kind", "name", "position")
    show_change_link = True


@admin.register(Contest)
class ContestAdmin(TranslationAdmin):
    list_display = ("year", "title", "phase_label", "entries_close_at", "results_published_at")
    inlines = [CategoryInline]
    readonly_fields = ("results_published_at",)

    @admin.display(description=_("phase"))
    def phase_label(self, obj):
        return obj.phase.label

    def view_on_site(self, obj):
        return obj.get_absolute_url()


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 1


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ("name", "contest", "kind")
    list_filter = ("contest",)
    inlines = [CriterionInline]
    filter_horizontal = ("judges",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "judges":
            from django.contrib.auth import get_user_model

            from accounts.roles import GROUP_NAMES

            kwargs["queryset"] = get_user_model().objects.filter(
                groups__name=GROUP_NAMES[Role.JUDGE], is_active=True
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Entry)
class EntryAdmin(MunicipalityScopedAdmin):
    municipality_field = "municipality"
    list_display = ("code", "title", "category", "entrant_name", "municipality", "status", "award")
    list_filter = ("contest", "category__kind", "status", "entrant_type", "is_minor")
    search_fields = ("title", "entrant_name", "email", "display_name")
    list_select_related = ("contest", "category", "municipality")
    actions = ["accept_selected"]
    # The status, award and files move only through services.
    readonly_fields = (
        "contest",
        "category",
        "number",
        "status",
        "screening_link",
        "files",
        "audio_seconds",
        "screening_reason",
        "is_finalist",
        "award",
        "confirmed_at",
        "created_at",
        "updated_at",
        "history",
    )
    exclude = ("image", "audio", "report_pdf", "published_image", "published_audio")

    def has_add_permission(self, request):
        return False  # entries come from the public form

    @admin.display(description=_("entry"))
    def code(self, obj):
        return obj.code

    @admin.display(description=_("screening"))
    def screening_link(self, obj):
        screenable = (EntryStatus.SUBMITTED, EntryStatus.ACCEPTED, EntryStatus.REJECTED)
        if not obj.pk or obj.status not in screenable:
            return "—"
        url = reverse("admin:contests_entry_screen", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Accept or reject"))

    @admin.display(description=_("files"))
    def files(self, obj):
        links = []
        for kind, field in (("image", obj.image), ("audio", obj.audio), ("report", obj.report_pdf)):
            if field:
                url = reverse("contests:manage_file", args=[obj.pk, kind])
                links.append(format_html('<a href="{}">{}</a>', url, kind))
        return format_html(" · ".join(["{}"] * len(links)), *links) if links else "—"

    @admin.display(description=_("history"))
    def history(self, obj):
        rows = [
            f"{format_datetime(e.created_at)} {e.action} {e.from_state}→{e.to_state} {e.note}"
            for e in audit_trail(obj)
        ]
        return "\n".join(rows) or "—"

    def get_urls(self):
        return [
            path(
                "<int:pk>/screen/",
                self.admin_site.admin_view(self.screen_view),
                name="contests_entry_screen",
            ),
            *super().get_urls(),
        ]

    def screen_view(self, request, pk):
        if not has_role(request.user, Role.SECRETARIAT):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        entry = get_object_or_404(self.get_queryset(request), pk=pk)
        form = ScreeningForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.screen_entry(
                    entry_id=entry.pk,
                    actor=request.user,
                    accept=form.cleaned_data["decision"] == "accept",
                    reason=form.cleaned_data["reason"],
                )
            except services.ContestError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, _("The decision is recorded and sent to the entrant."))
                return redirect("admin:contests_entry_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Screen entry %(code)s") % {"code": entry.code},
            "entry": entry,
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "contests/admin_screen.html", context)

    @admin.action(description=_("Accept the selected entries"))
    def accept_selected(self, request, queryset):
        accepted = 0
        for entry in queryset:
            try:
                services.screen_entry(entry_id=entry.pk, actor=request.user, accept=True)
                accepted += 1
            except services.ContestError as error:
                self.message_user(request, f"{entry.code}: {error.message}", messages.WARNING)
        self.message_user(request, _("%(count)d entries accepted.") % {"count": accepted})


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("entry", "judge", "conflict_of_interest", "weighted_score", "submitted_at")
    list_filter = ("entry__contest", "conflict_of_interest")
    readonly_fields = [f.name for f in Review._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
