"""A municipality's application for a grant in one fiscal year's programme."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .programs import GrantProgram
from .workflow import COMMITTED_STATUSES, COMPLETED_STATUSES, PUBLIC_STATUSES, Status


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

    def with_first_photo(self):
        """Each project's first report photo in the list's own query (`Application.first_photo`),
        instead of a second query fetching every photo of the page's projects."""
        photos = self.model.photos.field.model.objects.filter(application=OuterRef("pk"))
        first = photos.order_by("pk")
        return self.annotate(
            first_photo_image=Subquery(first.values("image")[:1]),
            first_photo_alt=Subquery(first.values("alt_text")[:1]),
        )

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

    @property
    def first_photo(self):
        """The first report photo, or None; from with_first_photo()'s columns when the list asked
        for them (an unsaved photo: its file and the project decide its renditions)."""
        if not hasattr(self, "first_photo_image"):
            return self.photos.order_by("pk").first()
        if not self.first_photo_image:
            return None
        return self.photos.model(
            application=self, image=self.first_photo_image, alt_text=self.first_photo_alt
        )

    @property
    def is_completed(self) -> bool:
        """Ended and reported: what the showcase says follows the status, never a text field."""
        return self.status in COMPLETED_STATUSES

    def eligible_total(self) -> int:
        return sum(line.amount for line in self.budget_lines.all() if line.eligible)

    def budget_total(self) -> int:
        return sum(line.amount for line in self.budget_lines.all())
