from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .codes import validate_municipality_code


class Kind(models.TextChoices):
    WARD = "ward", _("Special ward (区)")
    CITY = "city", _("City (市)")
    TOWN = "town", _("Town (町)")
    VILLAGE = "village", _("Village (村)")


# The head of each kind of municipality, as official documents address them (千代田区長).
HEAD_TITLES = {"ward": "区長", "city": "市長", "town": "町長", "village": "村長"}


class Region(models.TextChoices):
    SPECIAL_WARDS = "special_wards", _("Special wards (特別区)")
    TAMA = "tama", _("Tama (多摩)")
    ISLANDS = "islands", _("Islands (島しょ)")


class MunicipalityQuerySet(models.QuerySet):
    def in_region(self, region: str):
        return self.filter(region=region)

    def ordered(self):
        return self.order_by("code")

    def with_latest_population(self):
        """Each municipality with its newest population record's figure, date and source."""
        newest = PopulationRecord.objects.filter(municipality=models.OuterRef("pk")).order_by(
            "-year"
        )
        return self.annotate(
            **{
                f"latest_population_{name}": models.Subquery(newest.values(name)[:1])
                for name in ("population", "as_of", "source")
            }
        )


class Municipality(models.Model):
    """One of Tokyo's 62 municipalities, keyed by its local government code (never a name)."""

    code = models.CharField(
        _("local government code"),
        max_length=6,
        primary_key=True,
        validators=[validate_municipality_code],
    )
    name = models.CharField(_("name"), max_length=40)
    kana = models.CharField(_("name in kana"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("municipalities:detail", kwargs={"code": self.code})

    @property
    def head_title(self) -> str:
        """The municipality's head as an official notice names them: 千代田区長, 檜原村長."""
        title = HEAD_TITLES[self.kind]
        name = self.name_ja or self.name
        return f"{name.removesuffix(title[0])}{title}"


class PopulationRecord(models.Model):
    """Population of a municipality in one year, with where the figure comes from."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="populations",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    as_of = models.DateField(
        _("as of"), help_text=_("The reference date of the figure, e.g. 1 January.")
    )
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["municipality", "-year"]
        verbose_name = _("population record")
        verbose_name_plural = _("population records")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="one_population_per_year")
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}: {self.population:,}"
