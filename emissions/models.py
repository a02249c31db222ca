from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Move, Workflow, by_secretariat

from .codes import EnergySource, Gas, GwpSet, Sector
from .errors import EmissionsError

VALUE_DIGITS = {"max_digits": 30, "decimal_places": 12}


class MethodVersion(models.Model):
    """A version of the shared standard calculation method (標準算定手法)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("method version")
        verbose_name_plural = _("method versions")

    def __str__(self):
        return self.name


class MunicipalityTarget(models.Model):
    """A municipality's own base year and reduction target."""

    municipality = models.OneToOneField(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="emission_target",
        verbose_name=_("municipality"),
    )
    base_year = models.PositiveSmallIntegerField(_("base fiscal year"), default=2013)
    target_year = models.PositiveSmallIntegerField(_("target fiscal year"), default=2030)
    reduction_percent = models.DecimalField(
        _("reduction vs base year (%)"), max_digits=5, decimal_places=1, default=42.6
    )
    all_gases = models.BooleanField(
        _("target covers all greenhouse gases"),
        default=True,
        help_text=_("Unticked: the target covers CO2 only."),
    )

    class Meta:
        verbose_name = _("emission target")
        verbose_name_plural = _("emission targets")

    def __str__(self):
        return (
            f"{self.municipality}: −{self.reduction_percent}% ({self.base_year}→{self.target_year})"
        )


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OFFICIAL = "official", _("Official")
    SUPERSEDED = "superseded", _("Superseded")


class EditionSource(models.TextChoices):
    IMPORTED = "imported", _("Imported published results")
    CALCULATED = "calculated", _("Calculated from activity data")


class CalculationState(models.TextChoices):
    PENDING = "pending", _("Waiting for the worker")
    RUNNING = "running", _("Calculating")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class EditionQuerySet(models.QuerySet):
    def public(self):
        """Editions the public may see: official now or once (superseded), with results."""
        return self.filter(
            status__in=[EditionStatus.OFFICIAL, EditionStatus.SUPERSEDED],
            calculation_state=CalculationState.DONE,
        )

    def official(self):
        return self.filter(status=EditionStatus.OFFICIAL, calculation_state=CalculationState.DONE)

    def latest_official(self):
        return self.official().order_by("-published_at", "-pk").first()


class Edition(models.Model):
    """One calculation run (or one imported set of published results); never overwritten."""

    label = models.CharField(
        _("label"), max_length=120, unique=True, help_text=_("e.g. 2024年5月公表 (FY2021版)")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    source = models.CharField(_("origin"), max_length=20, choices=EditionSource.choices)
    method_version = models.ForeignKey(
        MethodVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="editions",
        verbose_name=_("method version"),
    )
    gwp_set = models.CharField(_("GWP set"), max_length=10, choices=GwpSet.choices, blank=True)
    gwp_values = models.JSONField(
        _("GWP values used"), default=dict, blank=True, help_text=_("As they stood at calculation.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    note = models.TextField(_("note"), blank=True)
    calculation_state = models.CharField(
        _("calculation"),
        max_length=20,
        choices=CalculationState.choices,
        default=CalculationState.PENDING,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    failure = models.TextField(_("failure"), blank=True)
    # While pending or running (core.leases): a calculation whose lease ran out is handed on.
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    result_count = models.PositiveIntegerField(_("result rows"), default=0)
    fiscal_years = models.JSONField(_("fiscal years with results"), default=list, blank=True)
    # {"<municipality code>": {"<fiscal year>": population}}, frozen at publication (None
    # before): a population known then is never replaced by a later import, so a published
    # per-capita figure does not change; one that was missing is filled in once imported.
    populations = models.JSONField(
        _("populations at publication"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="official"),
                name="one_official_edition",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def is_public(self) -> bool:
        return (
            self.status in (EditionStatus.OFFICIAL, EditionStatus.SUPERSEDED)
            and self.calculation_state == CalculationState.DONE
        )


def by_secretariat_or_system(actor, edition) -> bool:
    """The secretariat, or a command or task acting for nobody (actor None)."""
    return actor is None or by_secretariat(actor, edition)


ONLY_SECRETARIAT = _("Only the secretariat may change emission editions.")

# The only moves an edition's status can make. Publishing an edition moves the previous
# official one to superseded in the same transaction.
WORKFLOW = Workflow(
    model=Edition,
    error=EmissionsError,
    moves={
        "publish": Move(
            EditionStatus.DRAFT,
            EditionStatus.OFFICIAL,
            allowed=by_secretariat_or_system,
            refusal=ONLY_SECRETARIAT,
        ),
        "supersede": Move(
            EditionStatus.OFFICIAL,
            EditionStatus.SUPERSEDED,
            allowed=by_secretariat_or_system,
            refusal=ONLY_SECRETARIAT,
        ),
    },
)


class EmissionFactor(models.Model):
    """Tonnes of a gas per unit of an energy source in one fiscal year, as used by one edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="factors")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    energy_source = models.CharField(
        _("energy source"), max_length=20, choices=EnergySource.choices
    )
    gas = models.CharField(_("gas"), max_length=10, choices=Gas.choices)
    factor = models.DecimalField(_("factor"), **VALUE_DIGITS)

    class Meta:
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "fiscal_year", "energy_source", "gas"], name="one_factor_per_key"
            )
        ]

    def __str__(self):
        return f"FY{self.fiscal_year} {self.energy_source} {self.gas}: {self.factor}"


class ActivityRecord(models.Model):
    """An amount of energy used (or material burnt), municipal or Tokyo-wide, as input."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="activities")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    municipality_code = models.CharField(_("municipality code"), max_length=6)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    energy_source = models.CharField(
        _("energy source"), max_length=20, choices=EnergySource.choices
    )
    amount = models.DecimalField(_("amount"), **VALUE_DIGITS)

    class Meta:
        verbose_name = _("activity record")
        verbose_name_plural = _("activity records")

    def __str__(self):
        return f"FY{self.fiscal_year} {self.municipality_code} {self.sector} {self.energy_source}"


class IndicatorValue(models.Model):
    """An apportionment indicator (households, employees …) of a municipality in a year."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="indicators")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.CharField(_("indicator"), max_length=60)
    value = models.DecimalField(_("value"), **VALUE_DIGITS)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self):
        return f"FY{self.fiscal_year} {self.municipality_id} {self.indicator}: {self.value}"


class ApportionmentRule(models.Model):
    """Which indicator splits a Tokyo-wide total of a sector and source among the 62."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="apportionment")
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    energy_source = models.CharField(
        _("energy source"), max_length=20, choices=EnergySource.choices
    )
    indicator = models.CharField(_("indicator"), max_length=60)

    class Meta:
        verbose_name = _("apportionment rule")
        verbose_name_plural = _("apportionment rules")

    def __str__(self):
        return f"{self.sector}/{self.energy_source} → {self.indicator}"


class DirectEstimate(models.Model):
    """Emissions estimated outside the energy calculation, in t-CO2e, as an input.

    HFCs from refrigerants, PFCs, SF6 and NF3 have no energy source and no factor: they are
    estimated (per resident, per appliance …) and given as they are. The calculation carries
    them into the results unchanged, so an edition's inputs hold every row of its results.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="estimates")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    gas = models.CharField(_("gas"), max_length=10, choices=Gas.choices)
    value = models.DecimalField(_("t-CO2e"), **VALUE_DIGITS)

    class Meta:
        verbose_name = _("direct estimate")
        verbose_name_plural = _("direct estimates")

    def __str__(self):
        return f"FY{self.fiscal_year} {self.municipality_id} {self.sector} {self.gas}: {self.value}"


class EmissionResultQuerySet(models.QuerySet):
    def of_edition(self, edition):
        return self.filter(edition=edition)


class EmissionResult(models.Model):
    """t-CO2e of one municipality, fiscal year, sector and gas (and source) in one edition."""

    # No index of its own: (edition, fiscal year) and the unique key lead with the edition. With
    # one, PostgreSQL read a whole edition to sum three of its years (docs/benchmarks.md).
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="results", db_index=False
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="emission_results"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    gas = models.CharField(_("gas"), max_length=10, choices=Gas.choices)
    energy_source = models.CharField(
        _("energy source"), max_length=20, choices=EnergySource.choices, blank=True
    )
    value = models.DecimalField(_("t-CO2e"), **VALUE_DIGITS)

    objects = EmissionResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("emission result")
        verbose_name_plural = _("emission results")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "municipality", "fiscal_year", "sector", "gas", "energy_source"],
                name="one_result_per_key",
            )
        ]
        indexes = [
            models.Index(fields=["edition", "fiscal_year"], name="emission_edition_year"),
        ]

    def __str__(self):
        return f"FY{self.fiscal_year} {self.municipality_id} {self.sector} {self.gas}"
