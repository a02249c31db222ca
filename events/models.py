"""Events of the 62 municipalities and the secretariat, and who registered for them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.files import IMAGES, UploadField
from core.workflow import Move, ServiceError, Workflow


class Category(models.TextChoices):
    PUBLIC_COURSE = "public_course", _("Public course (体験講座)")
    CHILDREN = "children", _("Children's program (子ども向け)")
    STAFF_TRAINING = "staff_training", _("Staff training (職員研修)")
    EXHIBITION = "exhibition", _("Exhibition (展示・出展)")
    MUNICIPAL = "municipal", _("Municipal event (市区町村イベント)")
    MEETING = "meeting", _("Meeting (会議)")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    STAFF = "staff", _("Municipal staff only")


class RegistrationMode(models.TextChoices):
    NONE = "none", _("No registration (information only)")
    FIRST_COME = "first_come", _("First come, first served, with a waiting list")
    LOTTERY = "lottery", _("Lottery (抽選)")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def public(self):
        return self.published().filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user):
        """Public events for everyone; staff-only events too for signed-in staff."""
        if user.is_authenticated and user.is_active and user.is_staff:
            return self.published()
        return self.public()

    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def overlapping(self, start: datetime.datetime, end: datetime.datetime):
        """Events running at some moment in [start, end)."""
        return self.filter(start__lt=end, end__gte=start)

    def open_for_registration(self, now: datetime.datetime | None = None):
        now = now or timezone.now()
        return (
            self.exclude(registration_mode=RegistrationMode.NONE)
            .filter(start__gt=now, lottery_drawn_at__isnull=True, cancelled_at__isnull=True)
            .filter(Q(registration_opens__isnull=True) | Q(registration_opens__lte=now))
            .filter(Q(registration_closes__isnull=True) | Q(registration_closes__gt=now))
        )

    def held_in(self, start: datetime.datetime, end: datetime.datetime):
        """Published, not cancelled events that started in [start, end) and by now."""
        return self.published().filter(
            cancelled_at__isnull=True, start__gte=start, start__lt=min(end, timezone.now())
        )


class Event(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("Markdown."))
    category = models.CharField(
        pgettext_lazy("event type", "category"), max_length=20, choices=Category.choices
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising municipality"),
        help_text=_("Leave empty when the secretariat organises the event."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    online_url = models.URLField(_("online link"), blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    image = UploadField(_("image"), formats=IMAGES, folder="events", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, editable=False)
    cancellation_reason = models.CharField(
        _("reason for cancelling"),
        max_length=300,
        blank=True,
        help_text=_("Shown on the page and sent to registrants, e.g. heavy rain forecast."),
    )

    registration_mode = models.CharField(
        _("registration"),
        max_length=12,
        choices=RegistrationMode.choices,
        default=RegistrationMode.NONE,
    )
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Participants, counting every party member.")
    )
    max_party_size = models.PositiveSmallIntegerField(_("largest party"), default=4)
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("For a lottery: the end of the application period."),
    )
    lottery_draw_at = models.DateTimeField(_("lottery draw at"), null=True, blank=True)
    lottery_seed = models.CharField(_("lottery seed"), max_length=64, blank=True, editable=False)
    lottery_drawn_at = models.DateTimeField(_("lottery drawn at"), null=True, editable=False)
    # Display cache only, refreshed under the event lock; seats are always decided by recounting.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)

    estimated_emissions_t = models.DecimalField(
        _("estimated emissions (t-CO2)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    report = models.TextField(_("report after the event"), blank=True, help_text=_("Markdown."))
    participant_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    cost_yen = models.PositiveBigIntegerField(
        _("cost (yen)"),
        null=True,
        blank=True,
        help_text=_("What the event cost the program, entered with the report (事業予算の執行)."),
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["is_published", "visibility", "start"]),
            models.Index(fields=["end"]),
            models.Index(
                fields=["lottery_draw_at"],
                condition=Q(lottery_drawn_at__isnull=True),
                name="events_lottery_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="event_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"pk": self.pk})

    @property
    def organiser_name(self) -> str:
        return self.municipality.name if self.municipality_id else str(_("Secretariat"))

    @property
    def seats_left(self) -> int | None:
        """A display figure; the decision is made under the lock in services."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_multi_day(self) -> bool:
        return timezone.localtime(self.start).date() != timezone.localtime(self.end).date()

    def registration_is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.registration_mode == RegistrationMode.NONE or now >= self.start:
            return False
        if self.cancelled_at is not None:
            return False
        if self.lottery_drawn_at is not None:
            return False
        if self.registration_opens and now < self.registration_opens:
            return False
        return not (self.registration_closes and now >= self.registration_closes)

    @property
    def registration_opens_later(self) -> bool:
        """Registration is not open yet but will be: say when, rather than "closed"."""
        now = timezone.now()
        return (
            self.registration_opens is not None
            and now < self.registration_opens
            and self.registration_is_open(now=self.registration_opens)
        )

    def files_are_public(self) -> bool:
        """Images of staff-only and unpublished events stay private (core.files)."""
        return self.is_published and self.visibility == Visibility.PUBLIC

    @property
    def needs_guardian(self) -> bool:
        return self.category == Category.CHILDREN


class EventPhoto(models.Model):
    """A photo of the event's report; the first one doubles as the report's lead image."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("event")
    )
    image = UploadField(_("photo"), formats=IMAGES, folder="events/reports")
    alt_text = models.CharField(_("photo description"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self):
        return self.alt_text

    def files_are_public(self) -> bool:
        return self.event.files_are_public()


class Status(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    APPLIED = "applied", _("Applied for the lottery")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationError(ServiceError):
    """A refusal the registrant or staff member is shown as is; `code` says which, for scripts."""

    def __init__(self, message, code: str = "refused"):
        super().__init__(message)
        self.code = code


# The only moves a registration can make. The services make them under the event's row lock
# (seats are the event's), so they check and finish these moves without locking the row itself.
WORKFLOW = Workflow(
    model="events.Registration",
    error=RegistrationError,
    moves={
        "confirm": Move((Status.APPLIED, Status.WAITLISTED), Status.CONFIRMED),
        "waitlist": Move(Status.APPLIED, Status.WAITLISTED),
        "cancel": Move((Status.APPLIED, Status.WAITLISTED, Status.CONFIRMED), Status.CANCELLED),
    },
)

ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.APPLIED)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=Status.CONFIRMED)

    def waiting_line(self):
        """Waitlisted people in the order they are promoted: lottery rank, then arrival."""
        return self.filter(status=Status.WAITLISTED).order_by(
            models.F("lottery_rank").asc(nulls_last=True), "created_at", "pk"
        )


class Registration(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    kana = models.CharField(_("name in kana"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30)
    party_size = models.PositiveSmallIntegerField(_("party size"), default=1)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    guardian_name = models.CharField(_("guardian's name"), max_length=100, blank=True)
    guardian_consent = models.BooleanField(_("guardian's consent"), default=False)
    privacy_consent = models.BooleanField(_("privacy consent"), default=False)
    language = models.CharField(_("language"), max_length=8, default="ja")
    lottery_rank = models.PositiveIntegerField(_("lottery rank"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One active registration per e-mail and event; a cancelled one may register again.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["confirmed", "waitlisted", "applied"]) & ~Q(email=""),
                name="one_active_registration_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return f"{self.event} — {self.name}"


def anonymise_after_days() -> int:
    return settings.EVENTS_ANONYMISE_AFTER_DAYS
