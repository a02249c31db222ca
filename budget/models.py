"""The program's own budget (事業予算) per fiscal year and what spent it (執行)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fiscal import fiscal_year_label


class BudgetLineQuerySet(models.QuerySet):
    def of_fiscal_year(self, fiscal_year: int):
        return self.filter(fiscal_year=fiscal_year)


class BudgetLine(models.Model):
    """One line of the work plan's budget with its 予算額.

    Its spending is the total of the records of its source (grants, event costs, credits…,
    see core.contributions.SpendingSource) plus the expenditure rows entered on it.
    """

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(
        _("spent by records of"),
        max_length=40,
        blank=True,
        help_text=_("Leave empty when only the expenditure rows entered here spend this line."),
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("initiative"),
    )
    amount = models.PositiveBigIntegerField(_("budget (予算額, yen)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    note = models.TextField(_("note"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copied from"),
    )

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "position", "pk"]
        verbose_name = pgettext_lazy("program budget", "budget line")
        verbose_name_plural = pgettext_lazy("program budget", "budget lines")
        constraints = [
            # Records of one kind spend one line, or they would count twice.
            models.UniqueConstraint(
                fields=["fiscal_year", "source"],
                condition=~Q(source=""),
                name="one_budget_line_per_source",
            )
        ]

    def __str__(self):
        return f"{fiscal_year_label(self.fiscal_year)} {self.title}"


class Expenditure(models.Model):
    """Spending entered by hand on a line whose costs are not recorded elsewhere in the portal."""

    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="expenditures",
        verbose_name=pgettext_lazy("program budget", "budget line"),
    )
    spent_on = models.DateField(_("spent on"))
    description = models.CharField(_("description"), max_length=200)
    payee = models.CharField(_("payee"), max_length=200, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["line", "spent_on", "pk"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")

    def __str__(self):
        return f"{self.description} ({self.spent_on})"
