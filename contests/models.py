"""A contest edition, its categories and rubric, the public entries and the judges' reviews."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.files import AUDIO, PublishedFileField, UploadField


class Phase(models.TextChoices):
    """What the public and the judges can do; derived from the contest's dates (Asia/Tokyo)."""

    DRAFT = "draft", _("Not yet announced")
    ANNOUNCED = "announced", _("Announced")
    ENTRIES_OPEN = "entries_open", _("Entries open")
    SCREENING = "screening", _("Screening")
    JUDGING = "judging", _("Judging")
    RESULTS = "results", _("Results published")


PHASES_WITH_GALLERY = (Phase.JUDGING, Phase.RESULTS)


class ContestQuerySet(models.QuerySet):
    def announced(self, now=None):
        return self.filter(announced_at__lte=now or timezone.now())

    def open_for_entries(self, now=None):
        now = now or timezone.now()
        return self.filter(entries_open_at__lte=now, entries_close_at__gt=now)

    def with_results(self, now=None):
        return self.filter(results_published_at__lte=now or timezone.now())


class Contest(models.Model):
    """One yearly edition, e.g. "TOKYO EARTH WORKERS collection 2027"."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    rules = models.TextField(_("rules"), help_text=_("Markdown."))
    announced_at = models.DateTimeField(_("announced at"))
    entries_open_at = models.DateTimeField(_("entries open at"))
    entries_close_at = models.DateTimeField(_("entries close at (deadline)"))
    judging_starts_at = models.DateTimeField(
        _("judging starts at"), help_text=_("Screening runs from the deadline until then.")
    )
    results_published_at = models.DateTimeField(
        _("results published at"),
        null=True,
        blank=True,
        help_text=_("Empty until the secretariat publishes the results."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ContestQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        constraints = [
            models.CheckConstraint(
                condition=Q(announced_at__lte=models.F("entries_open_at"))
                & Q(entries_open_at__lt=models.F("entries_close_at"))
                & Q(entries_close_at__lte=models.F("judging_starts_at")),
                name="contest_phases_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("contests:detail", kwargs={"year": self.year})

    def phase_at(self, now=None) -> Phase:
        now = now or timezone.now()
        if now < self.announced_at:
            return Phase.DRAFT
        if now < self.entries_open_at:
            return Phase.ANNOUNCED
        if now < self.entries_close_at:
            return Phase.ENTRIES_OPEN
        if now < self.judging_starts_at:
            return Phase.SCREENING
        if self.results_published_at is None or now < self.results_published_at:
            return Phase.JUDGING
        return Phase.RESULTS

    @property
    def phase(self) -> Phase:
        return self.phase_at()

    @property
    def gallery_is_public(self) -> bool:
        return self.phase in PHASES_WITH_GALLERY

    @property
    def results_are_public(self) -> bool:
        return self.phase == Phase.RESULTS


class CategoryKind(models.TextChoices):
    ACTIVITY = "activity", _("Environmental activity")
    ART = "art", _("Art work")
    MUSIC = "music", _("Music work")


class Category(models.Model):
    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="categories", verbose_name=_("contest")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CategoryKind.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    judges = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="judged_contest_categories",
        verbose_name=_("judges"),
        help_text=_("Accounts with the judge role (審査員) who score this category."),
    )

    class Meta:
        ordering = ["contest", "position", "pk"]
        verbose_name = pgettext_lazy("contest category", "category")
        verbose_name_plural = pgettext_lazy("contest category", "categories")
        constraints = [
            models.UniqueConstraint(fields=["contest", "kind"], name="one_category_per_kind"),
        ]

    def __str__(self):
        return f"{self.contest.year} {self.name}"


class Criterion(models.Model):
    """One line of a category's rubric; the weight says how much it counts."""

    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=pgettext_lazy("contest category", "category"),
    )
    name = models.CharField(_("name"), max_length=120)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=10)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["category", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="criterion_max_positive"),
        ]

    def __str__(self):
        return f"{self.name} (×{self.weight})"


class EntrantType(models.TextChoices):
    COMPANY = "company", _("Company")
    SCHOOL = "school", _("School")
    GROUP = "group", _("Community group")
    INDIVIDUAL = "individual", _("Individual")


class EntryStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("entry status", "Withdrawn")


COUNTED_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.ACCEPTED, EntryStatus.REJECTED)


class Award(models.TextChoices):
    GRAND_PRIX = "grand_prix", _("Grand Prix (グランプリ)")
    RUNNER_UP = "runner_up", _("Runner-up Grand Prix (準グランプリ)")
    SPECIAL = "special", _("Special Prize (特別賞)")
    EXCELLENCE = "excellence", _("Excellence Award (優秀賞)")


AWARD_ORDER = {award: index for index, award in enumerate(Award)}
# At most one of these per category; 特別賞 and 優秀賞 may be given several times.
SINGLE_AWARDS = (Award.GRAND_PRIX, Award.RUNNER_UP)


# Entries are printed and projected at the finale: JPEG or PNG, no WebP.
ENTRY_IMAGES = ("jpeg", "png")


def original_upload_to(entry, filename: str) -> str:
    # Kept for the early migrations; files are named by core.files.RandomName now.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"contests/{entry.contest_id}/{uuid.uuid4().hex}.{suffix}"


class EntryQuerySet(models.QuerySet):
    def counted(self):
        return self.filter(status__in=COUNTED_STATUSES)

    def accepted(self):
        return self.filter(status=EntryStatus.ACCEPTED)

    def in_public_gallery(self, now=None):
        """Accepted entries of contests whose gallery is open (judging or results)."""
        now = now or timezone.now()
        return self.accepted().filter(contest__judging_starts_at__lte=now)

    def awarded_publicly(self, now=None):
        return (
            self.accepted()
            .exclude(award="")
            .filter(contest__results_published_at__lte=now or timezone.now())
        )


class Entry(models.Model):
    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="entries", verbose_name=_("contest")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=pgettext_lazy("contest category", "category"),
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveIntegerField(
        _("entry number"), help_text=_("Shown to judges instead of any name.")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EntryStatus.choices,
        default=EntryStatus.UNCONFIRMED,
        db_index=True,
    )
    # Identity: never shown to judges.
    entrant_type = models.CharField(_("entrant type"), max_length=12, choices=EntrantType.choices)
    entrant_name = models.CharField(_("name or organisation"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    email = models.EmailField(_("contact e-mail"))
    display_name = models.CharField(
        _("name shown in the gallery"),
        max_length=120,
        help_text=_("A pen name or the organisation's name; shown publicly once accepted."),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="contest_entries",
        verbose_name=_("municipality"),
    )
    is_minor = models.BooleanField(_("the entrant is under 18"), default=False)
    guardian_name = models.CharField(_("guardian's name"), max_length=120, blank=True)
    guardian_consent = models.BooleanField(_("guardian's consent"), default=False)
    rights_consent = models.BooleanField(_("rights confirmed"), default=False)
    licence_consent = models.BooleanField(_("licence granted"), default=False)
    # The work.
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    image = UploadField(
        _("image (original)"), formats=ENTRY_IMAGES, folder="contests/originals", blank=True
    )
    audio = UploadField(
        _("audio (original)"), formats=AUDIO, max_mb=20, folder="contests/originals", blank=True
    )
    audio_seconds = models.PositiveIntegerField(_("audio length (seconds)"), null=True, blank=True)
    report_pdf = UploadField(
        _("activity report (PDF)"), formats=("pdf",), folder="contests/originals", blank=True
    )
    # Public renditions, made when the entry is accepted; the gallery shows only these.
    published_image = PublishedFileField(
        _("published image"), folder="contests/gallery", blank=True
    )
    published_audio = PublishedFileField(
        _("published audio"), folder="contests/gallery", blank=True
    )
    # Screening and results.
    screening_reason = models.TextField(_("reason given to the entrant"), blank=True)
    is_finalist = models.BooleanField(_("finalist"), default=False)
    award = models.CharField(_("award"), max_length=12, choices=Award.choices, blank=True)
    language = models.CharField(_("language of the e-mails"), max_length=5, default="ja")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["contest", "category", "number"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="entry_number_per_contest"),
            models.UniqueConstraint(
                fields=["category", "award"],
                condition=Q(award__in=["grand_prix", "runner_up"]),
                name="one_grand_prix_and_runner_up_per_category",
            ),
        ]
        indexes = [models.Index(fields=["contest", "status"])]

    def __str__(self):
        return f"#{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse(
            "contests:work", kwargs={"year": self.contest.year, "public_id": self.public_id}
        )

    @property
    def code(self) -> str:
        """The blind label judges see: contest year and number, nothing about the entrant."""
        return f"{self.contest.year}-{self.number:04d}"


class Review(models.Model):
    """One judge's scoring of one entry (once), or their declared conflict of interest."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("entry")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contest_reviews",
        verbose_name=_("judge"),
    )
    conflict_of_interest = models.BooleanField(_("conflict of interest declared"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    weighted_score = models.DecimalField(
        _("weighted score"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["entry", "judge"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="one_review_per_judge"),
        ]

    def __str__(self):
        return f"{self.entry.code} / {self.judge_id}"


class CriterionScore(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class PublicVote(models.Model):
    """A visitor's vote in the gallery: one per e-mail address per category, counted once
    the address is confirmed by a signed link."""

    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        related_name="public_votes",
        verbose_name=pgettext_lazy("contest category", "category"),
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="public_votes", verbose_name=_("entry")
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language of the e-mails"), max_length=5, default="ja")
    confirmed_at = models.DateTimeField(
        pgettext_lazy("e-mail confirmation", "confirmed at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public vote")
        verbose_name_plural = _("public votes")
        constraints = [
            models.UniqueConstraint(fields=["category", "email"], name="one_vote_per_email"),
        ]

    def __str__(self):
        return f"{self.entry_id} ({'confirmed' if self.confirmed_at else 'unconfirmed'})"
