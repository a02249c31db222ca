from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fiscal import current_fiscal_year


class Action(models.TextChoices):
    """The three kinds of action every initiative of the work plan serves."""

    AWARENESS = "awareness", _("Raising awareness (普及啓発)")
    COOPERATION = "cooperation", _("Building cooperation (連携体制構築)")
    PLACES = "places", _("Places to act (行動の場づくり)")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", pgettext_lazy("initiative status", "Completed")


class WorkPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (作成中)")
    PUBLISHED = "published", _("Published (公表)")


class WorkPlan(models.Model):
    """The work plan (事業計画) of one fiscal year: the frame its initiatives and budget hang on."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=20, choices=WorkPlanStatus.choices, default=WorkPlanStatus.DRAFT
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started from"),
    )
    # Text carried over from the previous year that names a year or a date: what, where, and
    # which expressions, until someone has reviewed it (see initiatives.rollover).
    review_flags = models.JSONField(_("to review"), default=list, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")

    def __str__(self):
        return f"FY{self.fiscal_year} {self.title}"


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def of_fiscal_year(self, fiscal_year: int):
        return self.filter(fiscal_year=fiscal_year)

    def current(self):
        return self.of_fiscal_year(current_fiscal_year())


class Initiative(models.Model):
    """One initiative of a fiscal year's work plan (事業計画), with its result (事業報告)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("what it does"), help_text=_("Markdown."))
    result = models.TextField(
        _("result"), blank=True, help_text=_("What was achieved, for the annual report. Markdown.")
    )
    action = models.CharField(
        pgettext_lazy("kind of action", "action"), max_length=20, choices=Action.choices
    )
    lead_municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_initiatives",
        verbose_name=_("run by municipality"),
        help_text=_("Leave empty when the secretariat runs it."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_public = models.BooleanField(_("public"), default=True)
    recurring = models.BooleanField(
        _("recurring"),
        default=True,
        help_text=_("Carried over to next year's work plan when the year is rolled over."),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "action", "position", "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self):
        return f"FY{self.fiscal_year} {self.title}"

    def get_absolute_url(self):
        return reverse(
            "initiatives:detail", kwargs={"fiscal_year": self.fiscal_year, "pk": self.pk}
        )


class AwarenessGood(models.Model):
    """Goods made once for all 62 and handed to each municipality (goya seeds, clear files…)."""

    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("e.g. bags, pieces, stands"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("awareness good")
        verbose_name_plural = _("awareness goods")

    def __str__(self):
        return self.name


class GoodsPurchase(models.Model):
    """Awareness goods bought for an initiative: what the goods line of the budget spent."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="purchases",
        verbose_name=_("initiative"),
    )
    good = models.ForeignKey(
        AwarenessGood,
        on_delete=models.PROTECT,
        related_name="purchases",
        verbose_name=_("good"),
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    purchased_on = models.DateField(_("purchased on"))
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)

    class Meta:
        ordering = ["initiative", "purchased_on", "pk"]
        verbose_name = _("goods purchase")
        verbose_name_plural = _("goods purchases")

    def __str__(self):
        return f"{self.good} × {self.quantity} ({self.purchased_on})"


class Distribution(models.Model):
    """How many of one good an initiative handed to one municipality."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="distributions",
        verbose_name=_("initiative"),
    )
    good = models.ForeignKey(
        AwarenessGood,
        on_delete=models.PROTECT,
        related_name="distributions",
        verbose_name=_("good"),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="distributions",
        verbose_name=_("municipality"),
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    distributed_on = models.DateField(_("distributed on"), null=True, blank=True)

    class Meta:
        ordering = ["initiative", "good", "municipality"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "good", "municipality"],
                name="one_distribution_per_good_and_municipality",
            )
        ]

    def __str__(self):
        return f"{self.good} × {self.quantity} → {self.municipality}"
