from django.db.models import CharField, F, Sum, Value
from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from core.dates import iso
from core.exports import plain_decimal
from core.pagination import LimitOffsetPagination

from .models import Edition, EmissionResult

router = Router(tags=["emissions"])


class EditionOut(Schema):
    label: str
    status: str
    source: str
    gwp_set: str
    is_demo: bool
    fiscal_years: list[int]
    published_at: str | None

    @staticmethod
    def resolve_published_at(obj):
        return iso(obj.published_at) or None


class ResultOut(Schema):
    edition: str
    fiscal_year: int
    municipality_code: str
    sector: str
    gas: str
    value_t_co2e: str

    @staticmethod
    def resolve_value_t_co2e(row) -> str:
        # As the open-data CSV writes it: PostgreSQL sums with the column's twelve places,
        # SQLite without them, and both must read the same.
        return plain_decimal(row["value_t_co2e"].normalize())


@router.get("/editions", response=list[EditionOut], summary="Published editions, newest first")
def list_editions(request):
    return Edition.objects.public().order_by("-published_at", "-pk")


@router.get(
    "/results",
    response=list[ResultOut],
    summary="Results of an edition (latest official unless `edition` is given), in t-CO2e",
)
@paginate(LimitOffsetPagination, page_size=1000)
def list_results(
    request,
    edition: str | None = None,
    municipality_code: str | None = None,
    fiscal_year: int | None = None,
    gas: str | None = None,
):
    found = (
        Edition.objects.public().filter(label=edition).first()
        if edition
        else Edition.objects.latest_official()
    )
    if found is None:
        raise Http404("No published edition")
    rows = (
        EmissionResult.objects.filter(edition=found)
        .values("fiscal_year", "sector", "gas", municipality_code=F("municipality_id"))
        .annotate(value_t_co2e=Sum("value"), edition=Value(found.label, CharField()))
        .order_by("fiscal_year", "municipality_code", "sector", "gas")
    )
    if municipality_code:
        rows = rows.filter(municipality_id=municipality_code)
    if fiscal_year:
        rows = rows.filter(fiscal_year=fiscal_year)
    if gas:
        rows = rows.filter(gas=gas)
    return rows
