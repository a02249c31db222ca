"""Subscribers, issues and one delivery record per (issue, subscriber)."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.workflow import Move, ServiceError, Workflow, by_secretariat


class Theme(models.TextChoices):
    CLIMATE = "climate", _("Preventing global warming")
    NATURE = "nature", _("Greenery and nature")
    WASTE = "waste", _("Waste and recycling")
    ENERGY = "energy", _("Energy")
    LEARNING = "learning", _("Learning and courses")
    EVENTS = "events", _("Events")


def join_themes(themes) -> str:
    """Themes stored as ",a,b," so one `contains` lookup works on SQLite and PostgreSQL."""
    chosen = [t for t in Theme.values if t in set(themes or ())]
    return f",{','.join(chosen)}," if chosen else ""


def split_themes(stored: str) -> list[str]:
    return [t for t in (stored or "").split(",") if t]


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    ACTIVE = "active", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    SUPPRESSED = "suppressed", _("Suppressed after bounces")


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        """Only confirmed addresses that have not left nor bounced ever receive an issue."""
        return self.filter(status=SubscriberStatus.ACTIVE, confirmed_at__isnull=False)

    def in_segment(self, *, language: str, themes: list[str], municipality_codes: list[str]):
        """Subscribers who chose no theme (or no municipality) want everything of that kind."""
        queryset = self
        if language:
            queryset = queryset.filter(language=language)
        if themes:
            wanted = Q(themes="")
            for theme in themes:
                wanted |= Q(themes__contains=f",{theme},")
            queryset = queryset.filter(wanted)
        if municipality_codes:
            through = Subscriber.municipalities.through.objects
            any_chosen = through.filter(subscriber_id=OuterRef("pk"))
            matching = any_chosen.filter(municipality_id__in=municipality_codes)
            queryset = queryset.filter(~Exists(any_chosen) | Exists(matching))
        return queryset


class Subscriber(models.Model):
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="ja"
    )
    themes = models.CharField(_("themes"), max_length=200, blank=True)
    municipalities = models.ManyToManyField(
        "municipalities.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("municipalities"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(
        pgettext_lazy("e-mail confirmation", "confirmed"), null=True, blank=True
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    bounce_count = models.PositiveSmallIntegerField(_("bounces"), default=0)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email

    @property
    def theme_list(self) -> list[str]:
        return split_themes(self.themes)


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class NewsletterError(ServiceError):
    """A refusal shown to the person whose action it was (a subscriber or the secretariat)."""


ONLY_SECRETARIAT_SENDS = _("Only the secretariat can send the newsletter.")

# The one map of an issue's moves; the worker finishes a send (actor None).
WORKFLOW = Workflow(
    model="newsletter.Issue",
    error=NewsletterError,
    moves={
        "start_sending": Move(
            IssueStatus.DRAFT,
            IssueStatus.SENDING,
            allowed=by_secretariat,
            refusal=ONLY_SECRETARIAT_SENDS,
        ),
        "finish_sending": Move(IssueStatus.SENDING, IssueStatus.SENT),
        # Reopened only to retry deliveries that failed; it goes back to "sent" when they are done.
        "retry_failed": Move(
            IssueStatus.SENT,
            IssueStatus.SENDING,
            allowed=by_secretariat,
            refusal=ONLY_SECRETARIAT_SENDS,
        ),
    },
)


class IssueQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(status=IssueStatus.SENT)

    def with_progress(self):
        return self.annotate(
            delivery_total=Count("deliveries"),
            delivery_sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
            delivery_failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        )


class Issue(models.Model):
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"), help_text=_("Markdown. Links and headings are kept; scripts are removed.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    segment_language = models.CharField(
        _("only subscribers reading"),
        max_length=2,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty to send to every language."),
    )
    segment_themes = models.CharField(
        _("only subscribers interested in"), max_length=200, blank=True
    )
    segment_municipalities = models.ManyToManyField(
        "municipalities.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("only subscribers following"),
    )
    covers_since = models.DateTimeField(_("new content since"), null=True, blank=True)
    covers_until = models.DateTimeField(_("new content until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sending_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self):
        return self.subject

    @property
    def segment_theme_list(self) -> list[str]:
        return split_themes(self.segment_themes)

    def recipients(self):
        return Subscriber.objects.receiving().in_segment(
            language=self.segment_language,
            themes=self.segment_theme_list,
            municipality_codes=[m.pk for m in self.segment_municipalities.all()],
        )


def join_codes(codes) -> str:
    """Municipality codes stored as ",131016,131024," (one `contains` lookup, like themes)."""
    codes = sorted(set(codes or ()))
    return f",{','.join(codes)}," if codes else ""


class IssueItem(models.Model):
    """One piece of new content in an issue's digest, with the themes and places it is about.

    The issue's body is the general part every recipient reads; each item goes to the
    subscribers it matches (`matches`), so a subscriber's chosen themes and municipalities
    decide which sections of the digest they receive.
    """

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="items", verbose_name=_("issue")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("section"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=300)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    themes = models.CharField(
        _("themes"), max_length=200, blank=True, help_text=_("Empty: for every theme.")
    )
    municipality_codes = models.CharField(
        _("municipality codes"),
        max_length=1000,
        blank=True,
        help_text=_("Empty: for all 62 municipalities."),
    )

    class Meta:
        ordering = ["issue", "position", "pk"]
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")

    def __str__(self):
        return self.title

    @property
    def theme_list(self) -> list[str]:
        return split_themes(self.themes)

    @property
    def municipality_list(self) -> list[str]:
        return split_themes(self.municipality_codes)

    def matches(self, *, themes: set[str], municipality_codes: set[str]) -> bool:
        """Whether a subscriber with these choices receives the item (none chosen: all).

        An item about no theme (or no municipality) is for everyone on that count.
        """
        item_themes, item_places = set(self.theme_list), set(self.municipality_list)
        theme_ok = not item_themes or not themes or bool(item_themes & themes)
        place_ok = (
            not item_places or not municipality_codes or bool(item_places & municipality_codes)
        )
        return theme_ok and place_ok


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped (left or suppressed before sending)")


class Delivery(models.Model):
    """One message of one issue to one subscriber; the unique pair makes resends impossible."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("issue")
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Stored before the first attempt; a resend after a crash carries the same one.
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    # A pending delivery is held by the worker sending it (a lease it renews) or, after a
    # failed attempt, until its retry is due; empty while its batch waits in the queue.
    held_until = models.DateTimeField(_("held until"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_issue")
        ]
        indexes = [
            models.Index(fields=["issue", "status"], name="delivery_issue_status"),
            # The beat sweep's question, every few seconds: which held deliveries are due.
            models.Index(
                fields=["held_until"],
                name="delivery_held_pending",
                condition=models.Q(status="pending", held_until__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.issue_id} → {self.subscriber_id}: {self.status}"


class BounceKind(models.TextChoices):
    HARD = "hard", _("Hard (address does not exist)")
    SOFT = "soft", _("Soft (mailbox full, temporary)")


class Bounce(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="bounces", verbose_name=_("subscriber")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=BounceKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("bounce")
        verbose_name_plural = _("bounces")

    def __str__(self):
        return f"{self.subscriber} ({self.get_kind_display()})"
