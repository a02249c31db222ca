"""What an application carries: budget lines, attachments, photos, change requests, notices."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import DOCUMENTS, IMAGES, UploadField

from .applications import Application
from .programs import CostCategory
from .workflow import PUBLIC_STATUSES


class BudgetLine(models.Model):
    """One line of the application's budget (経費の内訳)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("application"),
    )
    category = models.ForeignKey(
        CostCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cost category"),
    )
    description = models.CharField(_("description"), max_length=200)
    eligible = models.BooleanField(_("eligible cost"), default=True)
    amount = models.PositiveIntegerField(_("amount (yen)"))

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return self.description


class AttachmentKind(models.TextChoices):
    PLAN = "plan", _("Project plan (事業計画書)")
    ESTIMATE = "estimate", _("Estimate (見積書)")
    CHANGE = "change", _("Change request document (変更申請書)")
    REPORT = "report", _("Completion report (実績報告書)")
    RECEIPT = "receipt", _("Receipt (領収書)")
    CLAIM = "claim", _("Claim (請求書)")
    OTHER = "other", _("Other")


def attachment_path(instance, filename: str) -> str:
    # Kept for the early migrations; files are named by core.files.RandomName now.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"grants/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A document of an application, kept in private storage and served after a permission check."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("application"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.PLAN
    )
    # Plans and estimates: PDF, photos of receipts, or Word/Excel/PowerPoint without macros.
    file = UploadField(_("file"), formats=DOCUMENTS, max_mb=20, folder="grants")
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name or PurePosixPath(self.file.name).name


def photo_path(instance, filename: str) -> str:
    # Kept for the early migrations; files are named by core.files.RandomName now.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"grants/photos/{uuid.uuid4().hex}{suffix}"


class ReportPhoto(models.Model):
    """A photo from the completion report, shown publicly with the funded project."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="photos", verbose_name=_("application")
    )
    image = UploadField(_("photo"), formats=IMAGES, folder="grants/photos")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=200,
        help_text=_("What the photo shows, for screen readers."),
    )

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self):
        return self.caption or self.alt_text

    def files_are_public(self) -> bool:
        """Shown with the funded project once it is decided (core.files)."""
        return self.application.status in PUBLIC_STATUSES


class ChangeRequest(models.Model):
    """A change of plan (変更申請) asked for after the decision."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="change_requests",
        verbose_name=_("application"),
    )
    reason = models.TextField(_("reason for the change"))
    new_granted_amount = models.PositiveIntegerField(
        _("new granted amount (yen)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the amount does not change."),
    )
    new_period_end = models.DateField(_("new end of the project"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "-pk"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")

    def __str__(self):
        return f"{self.application} ({self.get_outcome_display()})"


class NotificationSent(models.Model):
    """Marks the audit entry whose e-mails went out, so a task run twice sends once."""

    audit_entry = models.OneToOneField(
        "core.AuditEntry", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("notification sent")
        verbose_name_plural = _("notifications sent")

    def __str__(self):
        return str(self.audit_entry_id)
