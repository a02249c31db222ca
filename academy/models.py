import datetime
import math

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import fiscal
from core.files import IMAGES, UploadField
from core.matching import SearchDocumentField, search_document

# Japanese prose is read at roughly 500 characters a minute, English at about 200 words.
JAPANESE_CHARACTERS_PER_MINUTE = 500
ENGLISH_WORDS_PER_MINUTE = 200


class Audience(models.TextChoices):
    CHILDREN = "children", _("Children")
    ADULTS = "adults", _("Adults")
    STAFF = "staff", _("Municipal staff")


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Course(models.Model):
    """A series of lessons read in order."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.INTRODUCTORY
    )
    cover_image = UploadField(_("cover image"), formats=IMAGES, folder="academy", blank=True)
    cover_image_alt = models.CharField(
        _("cover image alternative text"), max_length=200, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=False)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("academy:course", kwargs={"slug": self.slug})

    def files_are_public(self) -> bool:
        return self.is_published


class LessonQuerySet(models.QuerySet):
    def published(self, *, now: datetime.datetime | None = None):
        """Public lessons of public courses; a future `published_at` is a schedule,
        decided at query time."""
        return self.filter(
            is_published=True,
            published_at__lte=now or timezone.now(),
            course__is_published=True,
        )

    def in_fiscal_year(self, fiscal_year: int):
        start, end = fiscal.fiscal_year_range(fiscal_year)
        return self.filter(published_at__gte=start, published_at__lt=end)


class Lesson(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course")
    )
    position = models.PositiveSmallIntegerField(_("position in the course"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600)
    body = models.TextField(
        _("body"), help_text=_("Markdown. Unsafe HTML is removed when the page is shown.")
    )
    plain_japanese_body = models.TextField(
        _("plain Japanese version (やさしい日本語)"),
        blank=True,
        help_text=_("Optional: the lesson in short sentences with furigana-free easy words."),
    )
    related_articles = models.ManyToManyField(
        "news.Article", blank=True, related_name="lessons", verbose_name=_("related news")
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        db_index=True,
        help_text=_("A time in the future schedules the lesson; it stays hidden until then."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Lower-cased text of every language for substring search (see core.matching).
    search_text = SearchDocumentField(
        expression=search_document("title", "summary", "body"),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["course", "position"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="one_lesson_per_position")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "academy:lesson", kwargs={"slug": self.course.slug, "position": self.position}
        )

    @property
    def reading_minutes(self) -> int:
        """Estimated reading time of the text shown in the current language."""
        text = self.body or ""
        if text.isascii():
            return max(1, math.ceil(len(text.split()) / ENGLISH_WORDS_PER_MINUTE))
        return max(1, math.ceil(len(text) / JAPANESE_CHARACTERS_PER_MINUTE))
