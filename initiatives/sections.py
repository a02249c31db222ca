from django.db.models import Count

from core.figures import one_value
from core.fiscal import current_fiscal_year
from core.sections import Section

from .models import Action, Distribution, Initiative


def home_figures():
    planned = Initiative.objects.public().of_fiscal_year(current_fiscal_year())
    return {
        action.value: one_value(planned.filter(action=action), n=Count("pk")) for action in Action
    }


def home_section(*, request, figures):
    if not any(figures.values()):
        return None
    counts = [{"action": action, "count": figures[action.value]} for action in Action]
    return Section(
        "initiatives/home_section.html",
        {"fiscal_year": current_fiscal_year(), "counts": counts},
    )


def municipality_section(*, request, municipality):
    received = list(
        Distribution.objects.filter(municipality=municipality, initiative__is_public=True)
        .select_related("initiative", "good")
        .order_by("-initiative__fiscal_year", "good__name_ja")[:10]
    )
    led = list(
        Initiative.objects.public()
        .filter(lead_municipality=municipality)
        .order_by("-fiscal_year")[:5]
    )
    if not received and not led:
        return None
    return Section("initiatives/municipality_section.html", {"received": received, "led": led})
