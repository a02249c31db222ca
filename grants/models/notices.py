"""Official notices (通知書) of the grant course: numbered per fiscal year, kept for good."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import GeneratedFileField

from .workflow import Move

DEFAULT_PREFIX = "62共"
DEFAULT_ISSUER_BODY = "オール東京62市区町村共同事業「みどり東京・温暖化防止プロジェクト」"
DEFAULT_ISSUER_TITLE = "事務局長"


class NoticeKind(models.TextChoices):
    DECISION = "decision", _("Notice of grant decision (交付決定通知書)")
    REJECTION = "rejection", _("Notice of decision not to grant (不交付決定通知書)")
    CHANGE_APPROVAL = "change_approval", _("Notice of approval of a change (変更承認通知書)")
    CHANGE_REFUSAL = "change_refusal", _("Notice of refusal of a change (変更不承認通知書)")
    CONFIRMATION = "confirmation", _("Notice of the confirmed amount (額の確定通知書)")
    RETURN = "return", _("Notice of return for correction (差戻し通知書)")


# The moves that decide something, and the notice each one issues.
NOTICE_OF_MOVE = {
    Move.DECIDE: NoticeKind.DECISION,
    Move.REJECT: NoticeKind.REJECTION,
    Move.APPROVE_CHANGE: NoticeKind.CHANGE_APPROVAL,
    Move.REFUSE_CHANGE: NoticeKind.CHANGE_REFUSAL,
    Move.CONFIRM: NoticeKind.CONFIRMATION,
    Move.RETURN: NoticeKind.RETURN,
    Move.RETURN_REPORT: NoticeKind.RETURN,
}


class NoticeSeries(models.Model):
    """One fiscal year's numbering (62共第15号) and issuer; its row is locked to give a number.

    Numbers run per fiscal year of issue, as official documents are numbered, without gaps:
    the number is taken inside the transaction of the move, so a refused move takes none.
    """

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    prefix = models.CharField(
        _("number prefix"),
        max_length=20,
        default=DEFAULT_PREFIX,
        help_text=_("The notice number reads <prefix>第<n>号, e.g. 62共第15号."),
    )
    issuer_body = models.CharField(_("issuing body"), max_length=200, default=DEFAULT_ISSUER_BODY)
    issuer_title = models.CharField(
        _("issuer's title"), max_length=100, default=DEFAULT_ISSUER_TITLE
    )
    issuer_name = models.CharField(_("issuer's name"), max_length=100, blank=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("notice numbering and issuer")
        verbose_name_plural = _("notice numbering and issuers")

    def __str__(self):
        return f"FY{self.fiscal_year} {self.prefix}"

    def number_text(self, number: int) -> str:
        return f"{self.prefix}第{number}号"


def notice_path(notice, filename: str) -> str:
    return f"grants/notices/{notice.series.fiscal_year}/{notice.number:05d}-{notice.kind}.pdf"


class GrantNoticeQuerySet(models.QuerySet):
    def current(self):
        """Notices not superseded by a reissue."""
        return self.filter(superseded_by__isnull=True)

    def issued_in(self, fiscal_year: int):
        return self.filter(series__fiscal_year=fiscal_year)


class GrantNotice(models.Model):
    """One numbered notice as issued: what it says is fixed when it is issued, never edited.

    A correction is a reissue: a new number that supersedes this one.
    """

    application = models.ForeignKey(
        "grants.Application",
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    series = models.ForeignKey(
        NoticeSeries, on_delete=models.PROTECT, related_name="notices", verbose_name=_("numbering")
    )
    number = models.PositiveIntegerField(_("number"))
    number_text = models.CharField(_("notice number"), max_length=40)
    issued_on = models.DateField(_("date of issue"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    addressee = models.CharField(_("addressee"), max_length=100)
    issuer_body = models.CharField(_("issuing body"), max_length=200)
    issuer_title = models.CharField(_("issuer's title"), max_length=100)
    issuer_name = models.CharField(_("issuer's name"), max_length=100, blank=True)
    program_title = models.CharField(_("grant program"), max_length=200)
    program_fiscal_year = models.PositiveSmallIntegerField(_("fiscal year of the program"))
    project_title = models.CharField(_("project title"), max_length=200)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    granted_amount = models.PositiveBigIntegerField(
        _("granted amount (yen)"), null=True, blank=True
    )
    confirmed_amount = models.PositiveBigIntegerField(
        _("confirmed amount (yen)"), null=True, blank=True
    )
    reason = models.TextField(_("reason or content"), blank=True)
    conditions = models.TextField(_("conditions of the grant"), blank=True)
    pdf = GeneratedFileField(_("PDF"), upload_to=notice_path, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    audit_entry = models.OneToOneField(
        "core.AuditEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("move"),
    )

    objects = GrantNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-series__fiscal_year", "-number"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="one_notice_per_number")
        ]

    def __str__(self):
        return f"{self.number_text} {self.get_kind_display()}"

    @property
    def download_name(self) -> str:
        return f"{self.number_text}_{self.get_kind_display()}.pdf"
