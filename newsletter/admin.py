from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.queue import tell_staff, watched_handoff

from . import services
from .mail import render_issue
from .models import (
    Bounce,
    BounceKind,
    Delivery,
    Issue,
    IssueItem,
    IssueStatus,
    Subscriber,
    Theme,
    join_themes,
    split_themes,
)
from .services import NewsletterError


class IssueForm(forms.ModelForm):
    segment_theme_choices = forms.MultipleChoiceField(
        label=gettext_lazy("only subscribers interested in"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave empty to send regardless of themes."),
    )

    class Meta:
        model = Issue
        fields = [
            "subject_ja",
            "subject_en",
            "body_ja",
            "body_en",
            "segment_language",
            "segment_municipalities",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["segment_theme_choices"].initial = split_themes(
                self.instance.segment_themes
            )

    def save(self, commit=True):
        self.instance.segment_themes = join_themes(self.cleaned_data["segment_theme_choices"])
        return super().save(commit)


class IssueItemInline(TranslationTabularInline):
    """The digest's pieces: each goes to the subscribers of its themes and municipalities."""

    model = IssueItem
    extra = 0
    fields = [
        "position",
        "kind",
        "title_ja",
        "title_en",
        "url",
        "summary_ja",
        "summary_en",
        "themes",
        "municipality_codes",
    ]
    readonly_fields = ["kind", "themes", "municipality_codes"]

    def has_add_permission(self, request, obj=None):
        return False  # items come from the apps' new content ("draft from new content")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != IssueStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != IssueStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Issue)
class IssueAdmin(TranslationAdmin):
    form = IssueForm
    inlines = [IssueItemInline]
    list_display = ["subject", "status", "progress_summary", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject_ja", "subject_en"]
    readonly_fields = [
        "status",
        "recipient_count",
        "progress_bar",
        "covers_since",
        "covers_until",
        "sending_started_at",
        "sent_at",
    ]
    filter_horizontal = ["segment_municipalities"]
    change_form_template = "admin/newsletter/issue/change_form.html"
    change_list_template = "admin/newsletter/issue/change_list.html"
    fieldsets = [
        (None, {"fields": ["subject_ja", "subject_en", "body_ja", "body_en"]}),
        (
            gettext_lazy("Segment"),
            {
                "fields": [
                    "segment_language",
                    "segment_theme_choices",
                    "segment_municipalities",
                    "recipient_count",
                ]
            },
        ),
        (
            gettext_lazy("Sending"),
            {
                "fields": [
                    "status",
                    "progress_bar",
                    "covers_since",
                    "covers_until",
                    "sending_started_at",
                    "sent_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "may_send": services.may_send(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    def has_change_permission(self, request, obj=None):
        # Once sending has started the content is what subscribers received: read only.
        if obj is not None and obj.status != IssueStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=gettext_lazy("progress"))
    def progress_summary(self, issue):
        if not issue.delivery_total:
            return "—"
        return f"{issue.delivery_sent} / {issue.delivery_total} ({issue.delivery_failed} ✗)"

    @admin.display(description=gettext_lazy("recipients in this segment"))
    def recipient_count(self, issue):
        if issue.pk is None:
            return _("Save the draft to see how many subscribers it reaches.")
        return f"{issue.recipients().count():,}"

    @admin.display(description=gettext_lazy("progress"))
    def progress_bar(self, issue):
        if issue.pk is None:
            return "—"
        return format_html(
            '<div class="newsletter-progress" data-progress-url="{}">{}</div>',
            reverse("admin:newsletter_issue_progress", args=[issue.pk]),
            self._progress_text(services.progress(issue)),
        )

    @staticmethod
    def _progress_text(figures) -> str:
        return _("%(sent)s sent / %(total)s total / %(failed)s failed (%(percent)s %%)") % figures

    def get_urls(self):
        own = [
            path(
                "draft-from-new-content/",
                self.admin_site.admin_view(self.draft_view),
                name="newsletter_issue_draft",
            ),
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_issue_preview",
            ),
            path(
                "<int:pk>/test-send/",
                self.admin_site.admin_view(self.test_send_view),
                name="newsletter_issue_test_send",
            ),
            path(
                "<int:pk>/send/",
                self.admin_site.admin_view(self.send_view),
                name="newsletter_issue_send",
            ),
            path(
                "<int:pk>/retry/",
                self.admin_site.admin_view(self.retry_view),
                name="newsletter_issue_retry",
            ),
            path(
                "<int:pk>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="newsletter_issue_progress",
            ),
        ]
        return own + super().get_urls()

    def _issue(self, request, pk) -> Issue:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Issue, pk=pk)

    def draft_view(self, request):
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        issue = services.draft_issue_from_new_content(actor=request.user)
        messages.success(
            request, _("A draft was filled with the content published since the previous issue.")
        )
        return redirect("admin:newsletter_issue_change", issue.pk)

    def preview_view(self, request, pk):
        issue = self._issue(request, pk)
        language = request.GET.get("language", "ja")
        rendered = render_issue(issue, language if language in ("ja", "en") else "ja")
        response = HttpResponse(
            rendered.html if request.GET.get("format") != "text" else rendered.text,
            content_type="text/html; charset=utf-8"
            if request.GET.get("format") != "text"
            else "text/plain; charset=utf-8",
        )
        # The e-mail's own inline styles are fine in a sandboxed preview, never in the site.
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; sandbox"
        )
        return response

    def test_send_view(self, request, pk):
        issue = self._issue(request, pk)
        if request.method != "POST":
            raise PermissionDenied
        language = request.POST.get("language", "ja")
        services.send_test_issue(
            issue_id=issue.pk,
            email=request.user.email,
            language=language if language in ("ja", "en") else "ja",
        )
        messages.success(
            request, _("A test copy was sent to %(email)s.") % {"email": request.user.email}
        )
        return redirect("admin:newsletter_issue_change", issue.pk)

    def send_view(self, request, pk):
        issue = self._issue(request, pk)
        if request.method == "POST":
            try:
                with watched_handoff() as handoff:
                    services.start_sending(issue_id=issue.pk, actor=request.user)
            except NewsletterError as error:
                messages.error(request, error.message)
            else:
                tell_staff(request, handoff, _("Sending has started."))
            return redirect("admin:newsletter_issue_change", issue.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "issue": issue,
            "recipient_count": issue.recipients().count(),
            "title": _("Send “%(subject)s”") % {"subject": issue.subject},
        }
        return TemplateResponse(request, "admin/newsletter/issue/send_confirm.html", context)

    def retry_view(self, request, pk):
        issue = self._issue(request, pk)
        if request.method != "POST":
            raise PermissionDenied
        try:
            retried = services.retry_failed_deliveries(issue_id=issue.pk, actor=request.user)
        except NewsletterError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(count)s failed deliveries will be tried again.") % {"count": retried}
            )
        return redirect("admin:newsletter_issue_change", issue.pk)

    def progress_view(self, request, pk):
        issue = self._issue(request, pk)
        figures = services.progress(issue)
        return JsonResponse({**figures, "text": self._progress_text(figures)})


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "status", "confirmed_at", "bounce_count"]
    list_filter = ["status", "language"]
    search_fields = ["email"]
    readonly_fields = ["status", "created_at", "confirmed_at", "unsubscribed_at", "bounce_count"]
    fields = ["email", "language", "themes", "municipalities", *readonly_fields]
    filter_horizontal = ["municipalities"]
    actions = ["mark_hard_bounce", "mark_soft_bounce"]
    show_full_result_count = False  # counting 100,000 rows on every page is wasted work

    def has_add_permission(self, request):
        # Subscribers confirm themselves; staff never add an address that did not opt in.
        return False

    @admin.action(
        description=gettext_lazy("Record a hard bounce (suppresses the address)"),
        permissions=["change"],
    )
    def mark_hard_bounce(self, request, queryset):
        for subscriber in queryset:
            services.record_bounce(
                subscriber_id=subscriber.pk,
                kind=BounceKind.HARD,
                actor=request.user,
                note=_("marked in the admin"),
            )
        messages.success(request, _("Bounces recorded."))

    @admin.action(description=gettext_lazy("Record a soft bounce"), permissions=["change"])
    def mark_soft_bounce(self, request, queryset):
        for subscriber in queryset:
            services.record_bounce(
                subscriber_id=subscriber.pk,
                kind=BounceKind.SOFT,
                actor=request.user,
                note=_("marked in the admin"),
            )
        messages.success(request, _("Bounces recorded."))


@admin.register(Bounce)
class BounceAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "kind", "recorded_at", "note"]
    list_filter = ["kind"]
    search_fields = ["subscriber__email"]
    raw_id_fields = ["subscriber"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # New bounces go through the service so the suppression rule always applies.
        bounce = services.record_bounce(
            subscriber_id=obj.subscriber_id, kind=obj.kind, note=obj.note, actor=request.user
        )
        obj.pk = bounce.pk


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["issue", "subscriber", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "issue"]
    # A receiver reporting a duplicate quotes its Message-ID.
    search_fields = ["subscriber__email", "=message_id"]
    list_select_related = ["issue", "subscriber"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
