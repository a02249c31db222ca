"""資料: the documents the program publishes (guidebooks, method manuals, plans, past reports).

Each document keeps every file it ever had as a version; the newest is the one published.
Files are private until the document is published and are served by a view that checks it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import DOCUMENTS, UploadField
from core.matching import match_fields, terms_of, translated


class Category(models.TextChoices):
    GUIDEBOOK = "guidebook", _("Guidebook (ガイドブック)")
    METHOD = "method", _("Method and manual (手法・マニュアル)")
    PLAN = "plan", _("Work plan (事業計画)")
    REPORT = "report", _("Report (報告書)")
    MATERIAL = "material", _("Awareness material (啓発資料)")
    OTHER = "other", _("Other (その他)")


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, published_at__lte=timezone.now())

    def matching(self, query: str):
        terms = terms_of(query)
        if not terms:
            return self
        return self.filter(match_fields(terms, translated("title", "summary")))


class Document(models.Model):
    title = models.CharField(_("title"), max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    category = models.CharField(_("kind of document"), max_length=20, choices=Category.choices)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("municipality"),
        help_text=_("Only when the document is about one municipality."),
    )
    summary = models.TextField(_("summary"))
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("publication date"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "-published_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["is_published", "published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:detail", kwargs={"pk": self.pk})

    def files_are_public(self) -> bool:
        return self.is_published and self.published_at <= timezone.now()


class DocumentVersion(models.Model):
    """One file a document had; never replaced, so every earlier version stays."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = UploadField(_("file"), formats=DOCUMENTS, max_mb=50, folder="library")
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_format = models.CharField(_("file type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="one_document_version_number"
            )
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def files_are_public(self) -> bool:
        return self.document.files_are_public()

    @property
    def format_name(self) -> str:
        """PDF, Word (.docx) …, as people name the type."""
        from core.files.checks import FORMAT_NAMES

        return str(FORMAT_NAMES.get(self.file_format, self.file_format.upper()))
