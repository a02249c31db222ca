import re

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.exports import Table, table_response
from core.fiscal import current_fiscal_year
from core.fragments import cached_object, fragment_context, lazy_value, scoped_version
from core.params import year_param
from municipalities.models import Municipality, Region

from . import charts, selectors
from .codes import EnergySource, Gas, Sector
from .models import Edition

MAX_COMPARED = 5
THOUSAND = 1000
# What the emission pages show: editions with their figures, and municipalities by name.
READS = ("emissions", "municipalities")


def _edition_from(request) -> tuple[Edition | None, list[Edition]]:
    """The requested public edition (?edition=LABEL) or the latest official one."""
    editions = cached_object(
        request,
        "emissions.public-editions",
        # Unpickled on every request: the populations frozen at publication (62 × every year,
        # per edition) are read only when figures are computed, so they load then, if at all.
        lambda: list(
            Edition.objects.public()
            .select_related("method_version")
            .defer("populations")
            .order_by("-published_at", "-pk")
        ),
        reads=("emissions",),
    )
    label = request.GET.get("edition")
    if label:
        for edition in editions:
            if edition.label == label:
                return edition, editions
        raise Http404(_("No published edition has this label."))
    official = [e for e in editions if e.status == "official"]
    return (official[0] if official else None), editions


def _year_from(request, edition: Edition) -> int | None:
    years = edition.fiscal_years
    year = year_param(request.GET.get("year"))
    if year in years:
        return year
    return years[-1] if years else None


def _names() -> dict[str, Municipality]:
    return {m.code: m for m in Municipality.objects.ordered()}


def _kt(value) -> float:
    return charts.as_float(value) / THOUSAND


def _cached_body(request, key: str, build) -> str:
    """A rendered block of an edition's figures. Its results never change; the targets and
    populations they are set against (FIGURES_SCOPE) and the municipalities' names may."""
    version = scoped_version(request, ("municipalities",), selectors.FIGURES_SCOPE)
    full_key = f"{key}:{version}:{get_language()}"
    html = cache.get(full_key)
    if html is None:
        html = build()
        cache.set(full_key, html, selectors.CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our own template


@require_GET
def emissions_index(request):
    edition, editions = _edition_from(request)
    if edition is None:
        return render(
            request,
            "emissions/index.html",
            {**fragment_context(request, reads=READS), "edition": None, "editions": editions},
        )
    fiscal_year = _year_from(request, edition)

    def build() -> str:
        data = selectors.overview(edition, fiscal_year)
        municipalities = _names()
        ranked = sorted(data.figures, key=lambda f: f.rank)
        sector_labels = dict(Sector.choices)
        ranking_chart = charts.bar_chart(
            title=_("Greenhouse gas emissions of the 62 municipalities, largest first"),
            description=_("All greenhouse gases in thousand t-CO2e."),
            bars=[charts.Bar(municipalities[f.code].name, _kt(f.ghg)) for f in ranked],
            unit=_("thousand t-CO2e"),
        )
        sector_chart = charts.bar_chart(
            title=_("CO2 emissions by sector, all 62 municipalities"),
            description=_("CO2 only, in thousand t-CO2."),
            bars=[
                charts.Bar(str(sector_labels[s]), _kt(co2))
                for s, co2, _other in data.sectors
                if co2
            ],
            unit=_("thousand t-CO2"),
        )
        return render_to_string(
            "emissions/_overview_body.html",
            {
                "edition": edition,
                "data": data,
                "rows": [(f, municipalities[f.code]) for f in ranked],
                "regions": [(region.label, data.regions[region.value]) for region in Region],
                "sectors": [
                    (sector_labels[s], co2, other, co2 + other) for s, co2, other in data.sectors
                ],
                "ranking_chart": ranking_chart,
                "sector_chart": sector_chart,
            },
        )

    return render(
        request,
        "emissions/index.html",
        {
            "edition": edition,
            "editions": editions,
            **fragment_context(request, "edition", "year", reads=READS),
            "fiscal_year": fiscal_year,
            "body": lazy_value(
                lambda: _cached_body(
                    request,
                    f"emissions:overview-html:{edition.pk}:{edition.status}:{fiscal_year}",
                    build,
                )
            ),
        },
    )


@require_GET
def emissions_detail(request, code):
    municipality = cached_object(
        request,
        f"municipality:{code}",
        lambda: get_object_or_404(Municipality, code=code),
        reads=("municipalities",),
    )
    edition, editions = _edition_from(request)
    year = year_param(request.GET.get("year"))
    sheet = (
        lazy_value(lambda: selectors.karte(edition, municipality, year))
        if edition is not None
        else None
    )

    def body() -> str:
        if sheet is None or not sheet.years:
            return ""
        return _cached_body(
            request,
            f"emissions:karte-html:{edition.pk}:{edition.status}:{municipality.pk}:{sheet.fiscal_year}",
            lambda: _render_karte(edition, municipality, sheet),
        )

    return render(
        request,
        "emissions/detail.html",
        {
            **fragment_context(request, "edition", "year", reads=READS),
            "municipality": municipality,
            "edition": edition,
            "editions": editions,
            "sheet": sheet,
            "body": lazy_value(body),
        },
    )


def _render_karte(edition: Edition, municipality: Municipality, sheet) -> str:
    sector_labels = dict(Sector.choices)
    target = sheet.target_value
    trend_chart = charts.line_chart(
        title=_("%(name)s: emissions since %(first)s")
        % {"name": municipality.name, "first": sheet.years[0].fiscal_year},
        description=_(
            "Thousand t-CO2e per fiscal year, all greenhouse gases and CO2 only, "
            "with the target line."
        ),
        series=[
            charts.Series(
                _("All greenhouse gases"), [(y.fiscal_year, _kt(y.ghg)) for y in sheet.years]
            ),
            charts.Series(_("CO2 only"), [(y.fiscal_year, _kt(y.co2)) for y in sheet.years]),
        ],
        unit=_("thousand t-CO2e"),
        reference=(
            (_("Target FY%(year)s") % {"year": sheet.target_year}, _kt(target))
            if target is not None
            else None
        ),
    )
    sector_chart = None
    if sheet.breakdown:
        sector_chart = charts.bar_chart(
            title=_("%(name)s: emissions by sector, FY%(year)s")
            % {"name": municipality.name, "year": sheet.fiscal_year},
            description=_("All greenhouse gases in thousand t-CO2e."),
            bars=[
                charts.Bar(str(sector_labels[s]), _kt(total))
                for s, _cells, total in sheet.breakdown
            ],
            unit=_("thousand t-CO2e"),
        )
    return render_to_string(
        "emissions/_karte_body.html",
        {
            "municipality": municipality,
            "edition": edition,
            "sheet": sheet,
            "trend_chart": trend_chart,
            "sector_chart": sector_chart,
            "breakdown": [
                (sector_labels[s], [cells.get(g) for g in sheet.gases_used], total)
                for s, cells, total in sheet.breakdown
            ],
        },
    )


@require_GET
def emissions_compare(request):
    edition, editions = _edition_from(request)
    municipalities = _names()
    codes = []
    for code in request.GET.getlist("m"):
        if code in municipalities and code not in codes:
            codes.append(code)
    too_many = len(codes) > MAX_COMPARED
    codes = codes[:MAX_COMPARED]
    series = selectors.comparison(edition, codes) if edition and codes else {}
    chart = None
    years = []
    if series:
        chart = charts.line_chart(
            title=_("Comparison of greenhouse gas emissions"),
            description=_("All greenhouse gases in thousand t-CO2e."),
            series=[
                charts.Series(municipalities[code].name, [(y.fiscal_year, _kt(y.ghg)) for y in s])
                for code, s in series.items()
            ],
            unit=_("thousand t-CO2e"),
        )
        years = sorted({y.fiscal_year for s in series.values() for y in s})
    table = [
        (
            year,
            [next((y.ghg for y in series[code] if y.fiscal_year == year), None) for code in codes],
        )
        for year in years
    ]
    return render(
        request,
        "emissions/compare.html",
        {
            "edition": edition,
            "editions": editions,
            "chosen": [municipalities[code] for code in codes],
            "chosen_codes": codes,
            "municipalities": municipalities.values(),
            "too_many": too_many,
            "chart": chart,
            "table": table,
            "max_compared": MAX_COMPARED,
        },
    )


OPEN_DATA_HEADER = ("edition", "fiscal_year", "municipality_code", "sector", "gas", "value_t_co2e")


@require_GET
def emissions_data_file(request, file_format="csv"):
    """The open data of one published edition (?edition=), all 62 or one (?municipality=)."""
    edition, _editions = _edition_from(request)
    if edition is None:
        raise Http404(_("No edition has been published yet."))
    code = request.GET.get("municipality", "")
    name = "emissions-" + (
        re.sub(r"[^A-Za-z0-9_-]+", "_", edition.label).strip("_") or str(edition.pk)
    )
    if code:
        if code not in _names():
            raise Http404(_("No municipality has this code."))
        name += f"-{code}"
    rows = (
        (edition.label, year, municipality, sector, gas, total.normalize())
        for year, municipality, sector, gas, total in selectors.export_rows(
            edition, municipality_code=code or None
        )
    )
    # The column names are the documented data contract (docs/data-formats.md), not prose.
    return table_response(
        Table(name=name, header=OPEN_DATA_HEADER, rows=rows), file_format=file_format
    )


@require_GET
def emissions_data_dictionary(request):
    from .codes import SOURCE_UNITS

    return render(
        request,
        "emissions/data.html",
        {
            "sectors": Sector.choices,
            "gases": Gas.choices,
            "sources": [(s.value, s.label, SOURCE_UNITS[s]) for s in EnergySource],
            "editions": list(Edition.objects.public().order_by("-published_at", "-pk")),
            "current_fiscal_year": current_fiscal_year(),
        },
    )
