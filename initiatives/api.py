from ninja import Router, Schema

from .models import Initiative

router = Router(tags=["initiatives"])


class DistributionOut(Schema):
    municipality_code: str
    good_ja: str
    good_en: str | None
    quantity: int


class InitiativeOut(Schema):
    id: int
    fiscal_year: int
    title_ja: str
    title_en: str | None
    action: str
    status: str
    lead_municipality_code: str | None
    distributions: list[DistributionOut]


@router.get(
    "/",
    response=list[InitiativeOut],
    summary="The work plan's initiatives, newest fiscal year first",
)
def list_initiatives(request, fiscal_year: int | None = None):
    initiatives = (
        Initiative.objects.public()
        .prefetch_related("distributions__good")
        .order_by("-fiscal_year", "action", "position")
    )
    if fiscal_year is not None:
        initiatives = initiatives.of_fiscal_year(fiscal_year)
    return [
        {
            "id": initiative.pk,
            "fiscal_year": initiative.fiscal_year,
            "title_ja": initiative.title_ja,
            "title_en": initiative.title_en,
            "action": initiative.action,
            "status": initiative.status,
            "lead_municipality_code": initiative.lead_municipality_id,
            "distributions": [
                {
                    "municipality_code": d.municipality_id,
                    "good_ja": d.good.name_ja,
                    "good_en": d.good.name_en,
                    "quantity": d.quantity,
                }
                for d in initiative.distributions.all()
            ],
        }
        for initiative in initiatives
    ]
