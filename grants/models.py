"""Grants (助成金): the fiscal year's program, the applications and their course."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Sum, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fiscal import fiscal_year_label
from core.storage import private_storage

# The overview of FY2011 names ¥1,500,000; the cap was ¥1,000,000 in FY2007 and again from FY2017.
OVERVIEW_CAP_YEN = 1_500_000
REDUCED_CAP_YEN = 1_000_000


def cap_of_fiscal_year(fiscal_year: int) -> int:
    """The cap the program documents give for a fiscal year; a program may set its own."""
    if fiscal_year == 2007 or fiscal_year >= 2017:
        return REDUCED_CAP_YEN
    return OVERVIEW_CAP_YEN


class GrantProgramQuerySet(models.QuerySet):
    def for_year(self, fiscal_year: int):
        return self.filter(fiscal_year=fiscal_year)


class GrantProgram(models.Model):
    """The grant program of one fiscal year: its cap per municipality and application window."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    cap_per_municipality = models.PositiveIntegerField(
        _("cap per municipality (yen)"),
        default=OVERVIEW_CAP_YEN,
        help_text=_("The most one municipality may be granted in total in this fiscal year."),
    )
    opens_at = models.DateTimeField(_("applications open"), help_text=_("Asia/Tokyo"))
    closes_at = models.DateTimeField(_("applications close"), help_text=_("Asia/Tokyo"))
    guidance = models.TextField(
        _("guidance"), blank=True, help_text=_("Markdown, shown to municipal staff.")
    )

    objects = GrantProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("grant program")
        verbose_name_plural = _("grant programs")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="grant_program_window_in_order"
            )
        ]

    def __str__(self):
        return f"{fiscal_year_label(self.fiscal_year)} {self.title}"

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at


class CostCategory(models.Model):
    """A kind of cost the program accepts (e.g. 印刷製本費, 委託料)."""

    program = models.ForeignKey(
        GrantProgram,
        on_delete=models.CASCADE,
        related_name="cost_categories",
        verbose_name=_("grant program"),
    )
    name = models.CharField(_("name"), max_length=100)
    eligible = models.BooleanField(_("eligible"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["program", "order", "pk"]
        verbose_name = _("cost category")
        verbose_name_plural = _("cost categories")

    def __str__(self):
        return self.name


class GrantLedger(models.Model):
    """One municipality's account in one fiscal year's program: the row locked to decide the cap.

    It stores nothing but its identity; totals are always recounted from the applications
    while this row is locked.
    """

    program = models.ForeignKey(
        GrantProgram, on_delete=models.CASCADE, related_name="ledgers", verbose_name=_("program")
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="grant_ledgers",
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("grant ledger")
        verbose_name_plural = _("grant ledgers")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "municipality"], name="one_grant_ledger_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.program} {self.municipality_id}"


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft (作成中)")
    SUBMITTED = "submitted", _("Submitted (交付申請)")
    RETURNED = "returned", _("Returned for correction (差戻し)")
    RESUBMITTED = "resubmitted", _("Resubmitted (再申請)")
    DECIDED = "decided", _("Decided (交付決定)")
    REJECTED = "rejected", _("Rejected (不交付)")
    WITHDRAWN = "withdrawn", _("Withdrawn (取下げ)")
    CHANGE_REQUESTED = "change_requested", _("Change requested (変更申請)")
    REPORTED = "reported", _("Completion reported (実績報告)")
    CONFIRMED = "confirmed", _("Amount confirmed (額の確定)")
    CLAIMED = "claimed", _("Claimed (請求)")
    PAID = "paid", _("Paid (支払済)")


# Statuses whose granted (or, once fixed, confirmed) amount counts against the cap.
COMMITTED_STATUSES = (
    Status.DECIDED,
    Status.CHANGE_REQUESTED,
    Status.REPORTED,
    Status.CONFIRMED,
    Status.CLAIMED,
    Status.PAID,
)
# Statuses shown to the public as funded projects.
PUBLIC_STATUSES = COMMITTED_STATUSES
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)


class ApplicationQuerySet(models.QuerySet):
    def committed(self):
        return self.filter(status__in=COMMITTED_STATUSES)

    def funded(self):
        """Publicly shown: decided and completed projects."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def committed_total(self) -> int:
        """Granted amounts, replaced by the confirmed amount once it is fixed (額の確定)."""
        total = self.committed().aggregate(
            total=Coalesce(Sum(Coalesce("confirmed_amount", "granted_amount")), 0)
        )["total"]
        return int(total)

    def with_committed_amount(self):
        return self.annotate(
            committed_amount=Case(
                When(
                    status__in=COMMITTED_STATUSES,
                    then=Coalesce("confirmed_amount", "granted_amount"),
                ),
                default=0,
            )
        )


class Application(models.Model):
    """A municipality's application (交付申請) for a grant in one fiscal year's program."""

    program = models.ForeignKey(
        GrantProgram,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("grant program"),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("Shown to the public once decided."))
    purpose = models.TextField(_("purpose"))
    period_start = models.DateField(_("project starts"))
    period_end = models.DateField(_("project ends"))
    requested_amount = models.PositiveIntegerField(
        _("requested amount (yen)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to request the total of the eligible budget lines."),
    )
    granted_amount = models.PositiveIntegerField(_("granted amount (yen)"), null=True, blank=True)
    confirmed_amount = models.PositiveIntegerField(
        _("confirmed amount (yen)"), null=True, blank=True
    )
    paid_amount = models.PositiveIntegerField(_("paid amount (yen)"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_department = models.CharField(_("department"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    secretariat_note = models.TextField(
        _("note from the secretariat"),
        blank=True,
        help_text=_("The latest reason for a return, rejection or decision condition."),
    )
    results = models.TextField(
        _("results"), blank=True, help_text=_("From the completion report; shown to the public.")
    )
    actual_cost = models.PositiveIntegerField(_("actual cost (yen)"), null=True, blank=True)
    eligible_actual_cost = models.PositiveIntegerField(
        _("eligible actual cost (yen)"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-program__fiscal_year", "municipality", "-pk"]
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        indexes = [models.Index(fields=["program", "municipality", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="grant_application_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_amount__isnull=True)
                | Q(confirmed_amount__lte=F("granted_amount")),
                name="grant_confirmed_not_above_granted",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("grants:detail", kwargs={"pk": self.pk})

    @property
    def fiscal_year(self) -> int:
        return self.program.fiscal_year

    @property
    def committed_amount(self) -> int:
        if self.status not in COMMITTED_STATUSES:
            return 0
        return self.confirmed_amount if self.confirmed_amount is not None else self.granted_amount

    def eligible_total(self) -> int:
        return sum(line.amount for line in self.budget_lines.all() if line.eligible)

    def budget_total(self) -> int:
        return sum(line.amount for line in self.budget_lines.all())


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
    # A random name: the stored path reveals neither the municipality nor the original name.
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
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_path, max_length=200
    )
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
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"grants/photos/{uuid.uuid4().hex}{suffix}"


class ReportPhoto(models.Model):
    """A photo from the completion report, shown publicly with the funded project."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="photos", verbose_name=_("application")
    )
    image = models.ImageField(_("photo"), upload_to=photo_path)
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


# --- The workflow: every allowed move, in one map -----------------------------------------

MUNICIPALITY = "municipality"  # staff of the application's own municipality
SECRETARIAT = "secretariat"


class Move(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    RETURN = "return", _("Return for correction")
    RESUBMIT = "resubmit", _("Resubmit")
    DECIDE = "decide", _("Decide the grant")
    REJECT = "reject", _("Reject")
    WITHDRAW = "withdraw", _("Withdraw")
    REQUEST_CHANGE = "request_change", _("Request a change")
    APPROVE_CHANGE = "approve_change", _("Approve the change")
    REFUSE_CHANGE = "refuse_change", _("Refuse the change")
    REPORT = "report", _("Submit the completion report")
    RETURN_REPORT = "return_report", _("Return the completion report")
    CONFIRM = "confirm", _("Confirm the final amount")
    CLAIM = "claim", _("Claim payment")
    PAY = "pay", _("Record the payment")


# move: (statuses it may start from, status it leads to, who may make it)
WORKFLOW: dict[Move, tuple[tuple[Status, ...], Status, str]] = {
    Move.SUBMIT: ((Status.DRAFT,), Status.SUBMITTED, MUNICIPALITY),
    Move.RETURN: ((Status.SUBMITTED, Status.RESUBMITTED), Status.RETURNED, SECRETARIAT),
    Move.RESUBMIT: ((Status.RETURNED,), Status.RESUBMITTED, MUNICIPALITY),
    Move.DECIDE: ((Status.SUBMITTED, Status.RESUBMITTED), Status.DECIDED, SECRETARIAT),
    Move.REJECT: ((Status.SUBMITTED, Status.RESUBMITTED), Status.REJECTED, SECRETARIAT),
    # 取下げ: by the municipality, at any point before payment.
    Move.WITHDRAW: (
        (
            Status.DRAFT,
            Status.SUBMITTED,
            Status.RETURNED,
            Status.RESUBMITTED,
            Status.DECIDED,
            Status.CHANGE_REQUESTED,
            Status.REPORTED,
            Status.CONFIRMED,
            Status.CLAIMED,
        ),
        Status.WITHDRAWN,
        MUNICIPALITY,
    ),
    Move.REQUEST_CHANGE: ((Status.DECIDED,), Status.CHANGE_REQUESTED, MUNICIPALITY),
    Move.APPROVE_CHANGE: ((Status.CHANGE_REQUESTED,), Status.DECIDED, SECRETARIAT),
    Move.REFUSE_CHANGE: ((Status.CHANGE_REQUESTED,), Status.DECIDED, SECRETARIAT),
    Move.REPORT: ((Status.DECIDED,), Status.REPORTED, MUNICIPALITY),
    Move.RETURN_REPORT: ((Status.REPORTED,), Status.DECIDED, SECRETARIAT),
    Move.CONFIRM: ((Status.REPORTED,), Status.CONFIRMED, SECRETARIAT),
    Move.CLAIM: ((Status.CONFIRMED,), Status.CLAIMED, MUNICIPALITY),
    Move.PAY: ((Status.CLAIMED,), Status.PAID, SECRETARIAT),
}


def moves_from(status: str) -> list[Move]:
    return [move for move, (sources, _target, _who) in WORKFLOW.items() if status in sources]
