from django.db.models import Count

from core.figures import one_value, values_at_once
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


def _received(municipality):
    return Distribution.objects.filter(municipality=municipality, initiative__is_public=True)


def _led(municipality):
    return Initiative.objects.public().filter(lead_municipality=municipality)


def municipality_figures(municipality):
    return {
        "received": one_value(_received(municipality), n=Count("pk")),
        "led": one_value(_led(municipality), n=Count("pk")),
    }


def municipality_section(*, request, municipality, figures=None):
    figures = figures or values_at_once(municipality_figures(municipality))
    if not figures["received"] and not figures["led"]:
        return None
    received = (
        list(
            _received(municipality)
            .select_related("initiative", "good")
            .order_by("-initiative__fiscal_year", "good__name_ja")[:10]
        )
        if figures["received"]
        else []
    )
    led = list(_led(municipality).order_by("-fiscal_year")[:5]) if figures["led"] else []
    return Section("initiatives/municipality_section.html", {"received": received, "led": led})
