from django.shortcuts import get_object_or_404, redirect, render

from core.fragments import cached_object, fragment_context, lazy_value
from core.sections import collect_sections, section_scopes

from .models import Municipality, Region

MUNICIPALITY_CODE_LENGTH = 6


def municipality_index(request):
    chosen = request.GET.get("code", "")
    if chosen.isdigit() and len(chosen) == MUNICIPALITY_CODE_LENGTH:
        # The home page's "your municipality" select, which works without JavaScript.
        return redirect("municipalities:detail", code=chosen)
    municipalities = list(Municipality.objects.ordered())
    regions = [
        {
            "code": region.value,
            "label": region.label,
            "municipalities": [m for m in municipalities if m.region == region.value],
        }
        for region in Region
    ]
    return render(
        request,
        "municipalities/index.html",
        {"regions": regions, "total": len(municipalities)},
    )


def municipality_detail(request, code):
    municipality = cached_object(
        request,
        f"municipality:{code}",
        lambda: get_object_or_404(Municipality.objects.with_latest_population(), code=code),
        reads=("municipalities",),
    )
    return render(
        request,
        "municipalities/detail.html",
        {
            **fragment_context(
                request, reads=("municipalities",), scope=section_scopes("municipality")
            ),
            "municipality": municipality,
            "sections": lazy_value(
                lambda: collect_sections("municipality", request=request, municipality=municipality)
            ),
        },
    )
