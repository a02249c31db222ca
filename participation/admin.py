"""The secretariat's desk: organisation decisions, campaigns, and moderation of activity reports.

Every decision goes through a service (the state map, the role check and the audit entry);
the admin only collects the decision and its reason.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.roles import is_secretariat
from core.scoping import MunicipalityScopedAdmin

from . import services
from .models import (
    Activity,
    ActivityPhoto,
    ActivityVersion,
    Campaign,
    Membership,
    Organisation,
    OrganisationStatus,
    Pledge,
    VersionStatus,
)
from .workflow import ORGANISATION_WORKFLOW, VERSION_WORKFLOW

ORGANISATION_DECISIONS = {
    # decision (a move of ORGANISATION_WORKFLOW) -> (service, needs a reason)
    "approve": (services.approve_organisation, False),
    "reject": (services.reject_organisation, True),
    "suspend": (services.suspend_organisation, True),
    "reinstate": (services.reinstate_organisation, False),
}
DECISION_LABELS = {
    "approve": _("Approve"),
    "reject": _("Reject (give the reason)"),
    "suspend": _("Suspend (give the reason)"),
    "reinstate": _("Reinstate"),
}


class OrganisationDecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(label=_("Decision"), required=False)
    reason = forms.CharField(
        label=_("Reason (sent to the organisation)"), widget=forms.Textarea, required=False
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.instance.status if self.instance.pk else OrganisationStatus.UNCONFIRMED
        possible = ORGANISATION_WORKFLOW.moves_from(status)
        choices = [("", _("No decision"))]
        for decision in ORGANISATION_DECISIONS:
            if decision in possible:
                choices.append((decision, DECISION_LABELS[decision]))
        self.fields["decision"].choices = choices

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if (
            decision
            and ORGANISATION_DECISIONS[decision][1]
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Give the reason: the organisation will read it."))
        return cleaned


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Accounts join through the registration or a signed invitation, never here.
        return False


@admin.register(Organisation)
class OrganisationAdmin(MunicipalityScopedAdmin, TranslationAdmin):
    form = OrganisationDecisionForm
    fields = [
        "name",
        "kind",
        "municipality",
        "address",
        "website",
        "description",
        "contact_name",
        "email",
        "phone",
        "language",
        "status",
        "decision_reason",
        "email_confirmed_at",
        "approved_at",
    ]
    list_display = ["name", "kind", "municipality", "status", "created_at", "approved_at"]
    list_filter = ["status", "kind", "municipality__region"]
    search_fields = ["name_ja", "name_en", "email", "contact_name"]
    readonly_fields = ["status", "decision_reason", "email_confirmed_at", "approved_at"]
    inlines = [MembershipInline]
    actions = ["approve_selected"]

    def has_add_permission(self, request):
        # Organisations register themselves and confirm their e-mail.
        return False

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        fields = [f for f in fields if f not in ("decision", "reason")]
        if is_secretariat(request.user):
            fields += ["decision", "reason"]
        return fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        decision = form.cleaned_data.get("decision")
        if not decision:
            return
        service, needs_reason = ORGANISATION_DECISIONS[decision]
        kwargs = {"organisation_id": obj.pk, "actor": request.user}
        if needs_reason:
            kwargs["reason"] = form.cleaned_data["reason"]
        try:
            service(**kwargs)
        except services.ParticipationError as error:
            messages.error(request, error.message)

    @admin.action(description=_("Approve the selected organisations"))
    def approve_selected(self, request, queryset):
        approved = 0
        for organisation in queryset.filter(status=OrganisationStatus.AWAITING_REVIEW):
            try:
                services.approve_organisation(organisation_id=organisation.pk, actor=request.user)
            except services.ParticipationError as error:
                messages.error(request, f"{organisation}: {error.message}")
            else:
                approved += 1
        messages.info(request, _("%(count)d organisations approved.") % {"count": approved})


@admin.register(Campaign)
class CampaignAdmin(TranslationAdmin):
    list_display = ["title", "slug", "starts_on", "ends_on", "is_published"]
    prepopulated_fields = {"slug": ["title_en"]}
    search_fields = ["title_ja", "title_en", "slug"]


@admin.register(Pledge)
class PledgeAdmin(MunicipalityScopedAdmin):
    municipality_field = "organisation__municipality"
    list_display = ["organisation", "campaign", "created_at"]
    list_filter = ["campaign"]
    search_fields = ["organisation__name_ja", "organisation__name_en"]
    readonly_fields = ["organisation", "campaign", "pledged_by", "message", "created_at"]
    list_select_related = ["organisation", "campaign"]

    def has_add_permission(self, request):
        return False


class VersionDecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[
            ("", _("No decision")),
            ("approve", _("Publish this version")),
            ("reject", _("Return to the organisation (give the reason)")),
        ],
    )
    note = forms.CharField(
        label=_("Note to the organisation"), widget=forms.Textarea, required=False
    )

    class Meta:
        model = ActivityVersion
        fields = []

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision and not VERSION_WORKFLOW.leads(self.instance.status, VersionStatus.APPROVED):
            self.add_error("decision", _("Only a version awaiting moderation can be decided."))
        if decision == "reject" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Give the reason: the organisation will read it."))
        return cleaned


class PhotoInline(admin.TabularInline):
    model = ActivityPhoto
    extra = 0
    fields = ["image", "alt_text", "position"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ActivityVersion)
class ActivityVersionAdmin(MunicipalityScopedAdmin):
    """The moderation queue: every submitted text of an activity report."""

    form = VersionDecisionForm
    list_display = ["title", "organisation", "municipality", "held_on", "status", "submitted_at"]
    list_filter = ["status", "category", "municipality__region"]
    search_fields = ["title", "activity__organisation__name_ja"]
    list_select_related = ["activity__organisation", "municipality"]
    readonly_fields = [
        "activity",
        "title",
        "held_on",
        "municipality",
        "category",
        "description",
        "participants",
        "estimated_co2_kg",
        "co2_method",
        "status",
        "moderation_note",
        "submitted_by",
        "submitted_at",
        "decided_at",
    ]
    inlines = [PhotoInline]
    actions = ["approve_selected"]

    def get_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if is_secretariat(request.user) and obj and obj.status == VersionStatus.PENDING:
            fields += ["decision", "note"]
        return fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("organisation"))
    def organisation(self, obj):
        return obj.activity.organisation

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if not decision:
            return
        try:
            if decision == "approve":
                services.approve_activity_version(
                    version_id=obj.pk, actor=request.user, note=form.cleaned_data["note"]
                )
            else:
                services.reject_activity_version(
                    version_id=obj.pk, actor=request.user, note=form.cleaned_data["note"]
                )
        except services.ParticipationError as error:
            messages.error(request, error.message)

    @admin.action(description=_("Publish the selected versions"))
    def approve_selected(self, request, queryset):
        published = 0
        for version in queryset.filter(status=VersionStatus.PENDING):
            try:
                services.approve_activity_version(version_id=version.pk, actor=request.user)
            except services.ParticipationError as error:
                messages.error(request, f"{version}: {error.message}")
            else:
                published += 1
        messages.info(request, _("%(count)d versions published.") % {"count": published})


class WithdrawForm(forms.ModelForm):
    withdraw_reason = forms.CharField(
        label=_("Take off the public site, because"), widget=forms.Textarea, required=False
    )
    restore = forms.BooleanField(label=_("Put back on the public site"), required=False)

    class Meta:
        model = Activity
        fields = []


@admin.register(Activity)
class ActivityAdmin(MunicipalityScopedAdmin):
    form = WithdrawForm
    municipality_field = "organisation__municipality"
    list_display = ["__str__", "organisation", "published_at", "is_withdrawn"]
    list_filter = ["is_withdrawn"]
    search_fields = ["organisation__name_ja", "published_version__title"]
    list_select_related = ["organisation", "published_version"]
    readonly_fields = ["organisation", "published_version", "published_at", "is_withdrawn"]

    def get_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if is_secretariat(request.user) and obj:
            fields += ["restore"] if obj.is_withdrawn else ["withdraw_reason"]
        return fields

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        try:
            if form.cleaned_data.get("withdraw_reason"):
                services.withdraw_activity(
                    activity_id=obj.pk,
                    actor=request.user,
                    reason=form.cleaned_data["withdraw_reason"],
                )
            elif form.cleaned_data.get("restore"):
                services.restore_activity(activity_id=obj.pk, actor=request.user)
        except services.ParticipationError as error:
            messages.error(request, error.message)
