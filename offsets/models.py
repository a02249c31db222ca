"""A small ledger of carbon credits bought jointly and retired against events' emissions."""

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.dates import format_date


class Scheme(models.TextChoices):
    J_VER = "j_ver", _("J-VER")
    J_CREDIT = "j_credit", _("J-Credit (J-クレジット)")
    TOKYO = "tokyo", _("Tokyo cap-and-trade credit")
    OTHER = "other", _("Other")


class CreditPurchaseQuerySet(models.QuerySet):
    def with_retired(self):
        return self.annotate(
            retired_tonnes=Coalesce(Sum("retirements__tonnes"), 0),
        )


class CreditPurchase(models.Model):
    """Whole tonnes of CO2 bought in one transaction; the source of every retired tonne."""

    scheme = models.CharField(_("credit scheme"), max_length=12, choices=Scheme.choices)
    source_project = models.CharField(
        _("source project"), max_length=200, help_text=_("For example 釜石地方森林組合 森林吸収.")
    )
    reference = models.CharField(_("serial numbers or reference"), max_length=200, blank=True)
    tonnes = models.PositiveIntegerField(_("tonnes (t-CO2)"))
    price_yen = models.PositiveBigIntegerField(_("price (yen)"))
    purchased_on = models.DateField(_("purchased on"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = CreditPurchaseQuerySet.as_manager()

    class Meta:
        ordering = ["purchased_on", "pk"]
        verbose_name = _("credit purchase")
        verbose_name_plural = _("credit purchases")
        constraints = [
            models.CheckConstraint(condition=models.Q(tonnes__gt=0), name="purchase_has_tonnes")
        ]

    def __str__(self):
        scheme = self.get_scheme_display()
        return f"{scheme} {self.source_project} {self.tonnes} t ({format_date(self.purchased_on)})"


class CreditRetirement(models.Model):
    """Tonnes of one purchase retired (cancelled for good) to offset one event or meeting."""

    purchase = models.ForeignKey(
        CreditPurchase,
        on_delete=models.PROTECT,
        related_name="retirements",
        verbose_name=_("purchase"),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_retirements",
        verbose_name=_("event"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    tonnes = models.PositiveIntegerField(_("tonnes (t-CO2)"))
    retired_on = models.DateField(_("retired on"))
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retired by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-retired_on", "-pk"]
        verbose_name = _("credit retirement")
        verbose_name_plural = _("credit retirements")
        constraints = [
            models.CheckConstraint(condition=models.Q(tonnes__gt=0), name="retirement_has_tonnes")
        ]

    def __str__(self):
        return f"{self.tonnes} t — {self.purpose}"
