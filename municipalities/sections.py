"""The municipalities on the home page: how many, and in which region."""

from django.db.models import Count

from core.sections import Section

from .models import Municipality, Region


def home_section(*, request):
    counted = dict(
        Municipality.objects.order_by().values_list("region").annotate(total=Count("pk"))
    )
    region_counts = {region: counted.get(region, 0) for region in Region.values}
    return Section(
        "municipalities/home_section.html",
        {"region_counts": region_counts, "total": sum(region_counts.values())},
    )
