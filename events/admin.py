from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.audit import record_audit
from core.exports import PersonalData, Table, csv_response
from core.scoping import MunicipalityScopedAdmin, MunicipalityScopedInline

from . import services
from .models import Event, EventPhoto, Registration, RegistrationMode, Status

EXPORT_COLUMNS = [
    ("id", _("Registration")),
    ("status", _("Status")),
    ("name", _("Name")),
    ("kana", _("Name in kana")),
    ("email", _("E-mail")),
    ("phone", _("Phone")),
    ("party_size", _("Party size")),
    ("accessibility_needs", _("Accessibility needs")),
    ("guardian_name", _("Guardian's name")),
    ("lottery_rank", _("Lottery rank")),
    ("created_at", _("Registered")),
    ("checked_in_at", _("Checked in")),
]


def _registrant_rows(events):
    for event in events:
        for registration in event.registrations.order_by("status", "created_at", "pk").iterator():
            yield [event.title, *(_registrant_cell(registration, f) for f, _l in EXPORT_COLUMNS)]


def _registrant_cell(registration, field: str):
    if field == "status":
        return registration.get_status_display()
    return getattr(registration, field)


class EventAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The event must end after it starts."))
        mode = cleaned.get("registration_mode")
        if mode == RegistrationMode.LOTTERY and not (
            cleaned.get("registration_closes") and cleaned.get("lottery_draw_at")
        ):
            self.add_error(
                "lottery_draw_at", _("A lottery needs the end of applications and a draw time.")
            )
        if (
            mode == RegistrationMode.LOTTERY
            and cleaned.get("lottery_draw_at")
            and cleaned.get("registration_closes")
            and cleaned["lottery_draw_at"] < cleaned["registration_closes"]
        ):
            self.add_error("lottery_draw_at", _("Draw after the application period ends."))
        if self.instance.pk:
            self._check_against_registrations(cleaned)
        return cleaned

    def _check_against_registrations(self, cleaned) -> None:
        """Seats already given and the way they were given cannot be taken back here."""
        registrations = self.instance.registrations.active()
        if "registration_mode" in self.changed_data and registrations.exists():
            self.add_error(
                "registration_mode",
                _("People have registered already; the registration mode cannot change."),
            )
        capacity = cleaned.get("capacity")
        if capacity is not None and "capacity" in self.changed_data:
            taken = services.confirmed_seats(self.instance.pk)
            if capacity < taken:
                self.add_error(
                    "capacity",
                    _("%(taken)d seats are already confirmed; cancel registrations first.")
                    % {"taken": taken},
                )


class EventPhotoInline(MunicipalityScopedInline, admin.TabularInline):
    model = EventPhoto
    extra = 0
    fields = ["image", "alt_text", "order"]


@admin.register(Event)
class EventAdmin(MunicipalityScopedAdmin, TranslationAdmin):
    form = EventAdminForm
    inlines = [EventPhotoInline]
    municipality_field = "municipality"
    list_display = [
        "title",
        "start",
        "category",
        "municipality",
        "visibility",
        "registration_mode",
        "capacity",
        "seats_taken",
        "is_published",
    ]
    list_filter = ["category", "visibility", "registration_mode", "is_published"]
    search_fields = ["title_ja", "title_en", "venue_name_ja"]
    date_hierarchy = "start"
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["seats_taken", "lottery_seed", "lottery_drawn_at", "cancelled_at"]
    actions = ["export_registrants", "draw_lottery_now", "cancel_events"]
    fieldsets = [
        (None, {"fields": ["title", "description", "category", "municipality", "audience"]}),
        (_("When and where"), {"fields": [
            "start", "end", "venue_name", "venue_address", "latitude", "longitude", "online_url",
        ]}),
        (_("Publication"), {"fields": [
            "visibility", "is_published", "image", "image_alt", "cancellation_reason",
        ]}),
        (_("Registration"), {"fields": [
            "registration_mode", "capacity", "max_party_size", "registration_opens",
            "registration_closes", "lottery_draw_at", "lottery_seed", "lottery_drawn_at",
            "seats_taken", "cancelled_at",
        ]}),
        (_("After the event"), {"fields": [
            "participant_count", "report", "estimated_emissions_t", "cost_yen",
        ]}),
    ]  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        # People holding a seat or a place in line must be told, not silently deleted.
        if obj is not None and obj.registrations.active().exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = services.promote_waiting_list(event_id=obj.pk, actor=request.user)
            if promoted:
                self.message_user(
                    request,
                    _("%(count)d people were promoted from the waiting list.")
                    % {"count": len(promoted)},
                )

    @admin.action(description=_("Export registrants as CSV"), permissions=["view"])
    def export_registrants(self, request, queryset):
        events = list(queryset.annotate(registrant_count=Count("registrations", distinct=True)))
        for event in events:
            # Who exported which personal data, when: the audit trail of the event.
            record_audit(
                subject=event,
                actor=request.user,
                action="export_registrants",
                note=f"{event.registrant_count} rows; "
                f"fields: {','.join(f for f, _l in EXPORT_COLUMNS)}",
            )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        table = Table(
            name=f"registrants-{stamp}",
            header=[_("Event"), *(label for _f, label in EXPORT_COLUMNS)],
            rows=_registrant_rows(events),
        )
        # The access log of personal-data exports (docs/security.md) across all events.
        personal = PersonalData.taken_by(
            request,
            what=f"event registrants ({len(events)} events)",
            count=sum(event.registrant_count for event in events),
        )
        return csv_response(table, personal=personal)

    @admin.action(
        description=_("Cancel the event and tell every registrant"), permissions=["change"]
    )
    def cancel_events(self, request, queryset):
        for event in queryset:
            try:
                services.cancel_event(event_id=event.pk, actor=request.user)
            except services.RegistrationError as error:
                self.message_user(request, f"{event}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("Cancelled: %(event)s") % {"event": event})

    @admin.action(description=_("Draw the lottery now"), permissions=["change"])
    def draw_lottery_now(self, request, queryset):
        for event in queryset:
            try:
                services.draw_lottery(event_id=event.pk, actor=request.user)
            except services.RegistrationError as error:
                self.message_user(request, f"{event}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("Drawn: %(event)s") % {"event": event})


@admin.register(Registration)
class RegistrationAdmin(MunicipalityScopedAdmin):
    municipality_field = "event__municipality"
    list_display = [
        "name",
        "event",
        "status",
        "party_size",
        "lottery_rank",
        "created_at",
        "checked_in_at",
    ]
    # Filtering by event gives the reception list for check-in on the day.
    list_filter = [("event", admin.RelatedOnlyFieldListFilter), "status"]
    search_fields = ["name", "kana", "email", "phone", "event__title_ja"]
    list_select_related = ["event", "event__municipality"]
    autocomplete_fields = ["event"]
    actions = ["check_in_selected", "cancel_selected"]
    readonly_fields = [
        "event",
        "status",
        "email",
        "party_size",
        "lottery_rank",
        "created_at",
        "status_changed_at",
        "checked_in_at",
        "reminder_sent_at",
        "anonymised_at",
        "privacy_consent",
        "guardian_consent",
        "language",
    ]

    def has_add_permission(self, request):
        # Registrations come through the public form so every rule (seats, duplicates) applies.
        return False

    @admin.action(description=_("Check in (attended)"), permissions=["change"])
    def check_in_selected(self, request, queryset):
        done = 0
        for registration in queryset:
            try:
                services.check_in(registration_id=registration.pk, actor=request.user)
                done += 1
            except services.RegistrationError as error:
                self.message_user(request, f"{registration}: {error.message}", messages.ERROR)
        self.message_user(request, _("%(count)d checked in.") % {"count": done})

    @admin.action(description=_("Cancel and promote the waiting list"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        for registration in queryset.exclude(status=Status.CANCELLED):
            try:
                services.cancel_registration(registration_id=registration.pk, actor=request.user)
            except services.RegistrationError as error:
                self.message_user(request, f"{registration}: {error.message}", messages.ERROR)
