import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import fiscal
from core.files import IMAGES, UploadField
from core.matching import SearchDocumentField, search_document


class Kind(models.TextChoices):
    TOPIC = "topic", _("Topics (トピックス)")
    ACTIVITY = "activity", _("Environmental activities (環境活動紹介)")
    INITIATIVE = "initiative", _("Municipal initiatives (市区町村の取組紹介)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now: datetime.datetime | None = None):
        """Public articles. A future `published_at` stays hidden until the moment passes,
        decided at query time so no scheduled job has to flip anything."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=now or timezone.now())

    def in_fiscal_year(self, fiscal_year: int):
        start, end = fiscal.fiscal_year_range(fiscal_year)
        return self.filter(published_at__gte=start, published_at__lt=end)

    def for_municipality(self, code: str):
        return self.filter(Q(municipalities__pk=code))

    def for_listing(self):
        """What a list card needs, in a fixed number of queries."""
        return (
            self.select_related("category")
            .prefetch_related("municipalities")
            .defer("body", "body_ja", "body_en", "search_text")
            .order_by("-published_at", "-pk")
        )


class Article(models.Model):
    """An eco-news article: a topic, an activity introduction or a municipal initiative."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(
        _("lead"), max_length=600, help_text=_("One or two sentences shown in lists and feeds.")
    )
    body = models.TextField(
        _("body"), help_text=_("Markdown. Unsafe HTML is removed when the page is shown.")
    )
    hero_image = UploadField(_("hero image"), formats=IMAGES, folder="news", blank=True)
    hero_image_alt = models.CharField(
        _("hero image alternative text"),
        max_length=200,
        blank=True,
        help_text=_("Describe the picture for people who cannot see it. Required with an image."),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
        verbose_name=_("category"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    # The municipality whose staff wrote the article and may edit its draft; empty for the
    # secretariat's and editors' own articles. Scoping keys on this, not on `municipalities`,
    # so that relating a joint article to Chiyoda never hands its editing to Chiyoda's staff.
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="owned_articles",
        null=True,
        blank=True,
        verbose_name=_("owning municipality"),
    )
    municipalities = models.ManyToManyField(
        "municipalities.Municipality",
        blank=True,
        related_name="articles",
        verbose_name=_("related municipalities"),
    )
    series_number = models.PositiveIntegerField(
        _("number in the series"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Numbered per municipality when a municipal initiative is first published."),
    )
    as_of = models.DateField(
        _("as of"),
        null=True,
        blank=True,
        help_text=_("The date the facts of a municipal initiative refer to."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("A time in the future schedules the article; it stays hidden until then."),
    )
    # Every language's title, lead and body in lower case, kept by the database itself: search
    # matches a substring in one column instead of six case-folded ones (see core.matching).
    search_text = SearchDocumentField(
        expression=search_document("title", "lead", "body"),
        output_field=models.TextField(),
        db_persist=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish and withdraw articles"))]
        indexes = [models.Index(fields=["status", "-published_at"], name="news_public_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "series_number"],
                condition=Q(series_number__isnull=False),
                name="one_series_number_per_municipality",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"pk": self.pk})

    def clean(self):
        # The Japanese alt text is the one every page can fall back to.
        if self.hero_image and not self.hero_image_alt_ja:
            raise ValidationError(
                {"hero_image_alt_ja": _("Describe the hero image for people who cannot see it.")}
            )
        if self.kind == Kind.INITIATIVE and not self.as_of:
            raise ValidationError(
                {"as_of": _("A municipal initiative needs the date its facts refer to.")}
            )

    @property
    def fiscal_year(self) -> int | None:
        return fiscal.fiscal_year_of(self.published_at) if self.published_at else None

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def files_are_public(self) -> bool:
        """Its images are public while the article is (core.files; scheduled: not yet)."""
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


class ArticleImage(models.Model):
    """One picture of an article's gallery."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="gallery", verbose_name=_("article")
    )
    image = UploadField(_("image"), formats=IMAGES, folder="news/gallery")
    alt = models.CharField(_("alternative text"), max_length=200)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery images")

    def __str__(self):
        return self.alt

    def files_are_public(self) -> bool:
        return self.article.files_are_public()
