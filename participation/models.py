"""The joint action participation system (共同行動参加システム).

Organisations register and are approved by the secretariat; their members pledge to campaigns and
report activities. An activity's public text is always its last approved version: an edit is a new
version that waits for moderation while the public keeps seeing the previous one.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.figures import one_value, values_at_once
from core.files import IMAGES, UploadField


class OrganisationType(models.TextChoices):
    COMPANY = "company", _("Company (企業)")
    SCHOOL = "school", _("School (学校)")
    COMMUNITY_GROUP = "community_group", _("Community group (地域団体)")
    NPO = "npo", _("NPO (NPO法人)")
    OTHER = "other", _("Other")


class OrganisationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-mail not yet confirmed")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting review by the secretariat")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", pgettext_lazy("organisation status", "Rejected")
    SUSPENDED = "suspended", _("Suspended")


class OrganisationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=OrganisationStatus.APPROVED)

    def in_municipality(self, municipality_code: str):
        return self.filter(municipality_id=municipality_code)


class Organisation(models.Model):
    """A company, school, community group or NPO taking part in the joint action."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="participating_organisations",
        verbose_name=_("municipality"),
    )
    address = models.CharField(pgettext_lazy("postal address", "address"), max_length=300)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("about the organisation"), blank=True, help_text=_("Shown on the public page.")
    )
    contact_name = models.CharField(_("contact person"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language for e-mails"), max_length=5, choices=settings.LANGUAGES, default="ja"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.UNCONFIRMED,
        db_index=True,
    )
    decision_reason = models.TextField(
        _("reason of the last decision"),
        blank=True,
        help_text=_("Sent to the organisation when a registration is rejected or suspended."),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("participation:organisation", kwargs={"pk": self.pk})

    @property
    def is_approved(self) -> bool:
        return self.status == OrganisationStatus.APPROVED


class MemberRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Registrant")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """Links one non-staff login to the one organisation whose records it may edit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participation_membership",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")

    def __str__(self):
        return f"{self.user} @ {self.organisation}"


class CampaignQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_pledge_counts(self):
        return self.annotate(
            pledge_count=Count(
                "pledges",
                filter=Q(pledges__organisation__status=OrganisationStatus.APPROVED),
            )
        )


class Campaign(models.Model):
    """A joint campaign (レジ袋削減, グリーンカーテン) that organisations pledge to."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    pledge_text = models.TextField(
        _("pledge text"), help_text=_("What an organisation promises when it pledges.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:campaign", kwargs={"slug": self.slug})

    def is_open_on(self, day) -> bool:
        return (
            self.is_published
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )


class PledgeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(organisation__status=OrganisationStatus.APPROVED)


class Pledge(models.Model):
    """One organisation's pledge to one campaign; at most one per pair."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="pledges",
        verbose_name=_("organisation"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("campaign")
    )
    pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pledged by"),
    )
    message = models.CharField(
        _("our message"),
        max_length=300,
        blank=True,
        help_text=_("Optional: what your organisation will do, shown on the campaign page."),
    )
    created_at = models.DateTimeField(_("pledged at"), auto_now_add=True, db_index=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "campaign"], name="one_pledge_per_organisation_campaign"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.campaign}"


class ActivityCategory(models.TextChoices):
    ENERGY = "energy", _("Energy saving (省エネ)")
    WASTE = "waste", _("Waste reduction and recycling (ごみ減量・3R)")
    GREENERY = "greenery", _("Greening and green curtains (緑化・緑のカーテン)")
    NATURE = "nature", _("Nature conservation (自然保護)")
    EDUCATION = "education", _("Environmental education (環境学習)")
    CLEANUP = "cleanup", _("Clean-up (清掃・美化)")
    TRANSPORT = "transport", _("Transport (交通)")
    OTHER = "other", _("Other")


class ActivityQuerySet(models.QuerySet):
    def public(self):
        """Activities with an approved version, of organisations that are approved now."""
        return self.filter(
            published_version__isnull=False,
            is_withdrawn=False,
            organisation__status=OrganisationStatus.APPROVED,
        )

    def with_public_version(self):
        return self.select_related(
            "published_version", "published_version__municipality", "organisation"
        )


class Activity(models.Model):
    """An activity an organisation reports; its content lives in versions."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("organisation"),
    )
    published_version = models.OneToOneField(
        "ActivityVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
    )
    # Denormalised from the published version so public lists filter and sort without a join.
    published_at = models.DateTimeField(
        _("first published at"), null=True, blank=True, db_index=True
    )
    is_withdrawn = models.BooleanField(
        _("withdrawn from the public site"),
        default=False,
        help_text=_("Set by the secretariat to take a published activity down."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")

    def __str__(self):
        version = self.published_version
        return version.title if version else f"#{self.pk}"

    def get_absolute_url(self):
        return reverse("participation:activity", kwargs={"pk": self.pk})


class VersionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Returned by the secretariat")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


class ActivityVersionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=VersionStatus.PENDING)


class ActivityVersion(models.Model):
    """One submitted text of an activity report, moderated as a whole."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="versions", verbose_name=_("activity")
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"), db_index=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Where the activity took place."),
    )
    category = models.CharField(
        pgettext_lazy("activity theme", "category"), max_length=20, choices=ActivityCategory.choices
    )
    description = models.TextField(_("description"), help_text=_("Markdown."))
    participants = models.PositiveIntegerField(_("number of participants"))
    estimated_co2_kg = models.PositiveIntegerField(
        _("estimated CO2 reduction (kg-CO2)"), null=True, blank=True
    )
    co2_method = models.TextField(
        _("how the CO2 reduction was estimated"),
        blank=True,
        help_text=_("For example: 120 kWh saved × 0.45 kg-CO2/kWh (the utility's factor)."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.PENDING,
        db_index=True,
    )
    moderation_note = models.TextField(_("note from the secretariat"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, db_index=True)

    objects = ActivityVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("activity version")
        verbose_name_plural = _("activity versions")
        constraints = [
            models.UniqueConstraint(
                fields=["activity"],
                condition=Q(status="pending"),
                name="one_pending_version_per_activity",
            )
        ]
        indexes = [models.Index(fields=["municipality", "held_on"])]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"


def activity_photo_path(instance, filename: str) -> str:
    # Kept for the early migrations; files are named by core.files.RandomName now.
    extension = PurePosixPath(filename).suffix.lower()[:5]
    return f"participation/activities/{uuid.uuid4().hex}{extension}"


class ActivityPhoto(models.Model):
    """A photo of one version; an edit copies the rows, so files are shared between versions."""

    version = models.ForeignKey(
        ActivityVersion, on_delete=models.CASCADE, related_name="photos", verbose_name=_("version")
    )
    image = UploadField(_("photo"), formats=IMAGES, folder="participation/activities")
    alt_text = models.CharField(
        _("description of the photo"),
        max_length=200,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text

    def files_are_public(self) -> bool:
        """Public while its version is the published one of a public activity (core.files)."""
        version = self.version
        activity = version.activity
        return (
            version.status == VersionStatus.APPROVED
            and not activity.is_withdrawn
            and activity.organisation.status == OrganisationStatus.APPROVED
        )


TOTALS_CACHE_KEY = "participation:public-totals"
# Counters are a display cache: a minute late is fine, recounting on every home view is not.
TOTALS_CACHE_SECONDS = 60


def public_totals() -> dict[str, int]:
    """Counters of the whole joint action, recounted at most once a minute."""
    totals = cache.get(TOTALS_CACHE_KEY)
    if totals is None:
        totals = _count_public_totals()
        cache.set(TOTALS_CACHE_KEY, totals, TOTALS_CACHE_SECONDS)
    return totals


TOTAL_NAMES = ("organisations", "pledges", "activities", "participants", "co2_kg")


def public_total_queries() -> dict[str, models.QuerySet]:
    """The joint action's counters as one-value querysets (core.figures), for one query."""
    activities = Activity.objects.public()
    return {
        "organisations": one_value(Organisation.objects.approved(), n=Count("pk")),
        "pledges": one_value(Pledge.objects.public(), n=Count("pk")),
        "activities": one_value(activities, n=Count("pk")),
        "participants": one_value(activities, n=Sum("published_version__participants")),
        "co2_kg": one_value(activities, n=Sum("published_version__estimated_co2_kg")),
    }


def totals_from(figures: dict[str, object]) -> dict[str, int]:
    """The counters from what `public_total_queries` answered (an empty sum is 0)."""
    return {name: int(figures[name] or 0) for name in TOTAL_NAMES}


def _count_public_totals() -> dict[str, int]:
    return totals_from(values_at_once(public_total_queries()))
