"""The fiscal year's grant programme, its cost categories and the ledger of cap decisions."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fiscal import fiscal_year_label

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
    notice_conditions = models.TextField(
        _("conditions of the grant (交付の条件)"),
        blank=True,
        help_text=_("Printed on the decision, change and confirmation notices."),
    )
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
