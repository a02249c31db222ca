"""The municipalities on the home page: the way to one's own municipality's profile."""

from core.sections import Section

from .models import Municipality, Region

HOME_SLOT = "place"


def home_section(*, request):
    municipalities = list(Municipality.objects.ordered().values_list("code", "name", "region"))
    regions = [
        {
            "label": region.label,
            "municipalities": [(code, name) for code, name, of in municipalities if of == region],
        }
        for region in Region
    ]
    return Section(
        "municipalities/home_section.html",
        {"regions": regions, "total": len(municipalities)},
    )
