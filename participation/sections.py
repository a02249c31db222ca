"""The joint action on the home page and on each municipality's profile."""

from django.db.models import Count

from core.figures import one_value, values_at_once
from core.sections import Section

from .models import Activity, Organisation, Pledge, public_total_queries, totals_from


def home_figures():
    return public_total_queries()


def home_section(request, figures=None) -> Section:
    figures = figures or values_at_once(home_figures())
    return Section(
        template="participation/home_section.html", context={"totals": totals_from(figures)}
    )


def _organisations(municipality):
    return Organisation.objects.approved().in_municipality(municipality.code)


def _activities(municipality):
    return Activity.objects.public().filter(published_version__municipality=municipality)


def municipality_figures(municipality):
    return {
        "organisations": one_value(_organisations(municipality), n=Count("pk")),
        "pledges": one_value(
            Pledge.objects.public().filter(organisation__municipality=municipality), n=Count("pk")
        ),
        "activities": one_value(_activities(municipality), n=Count("pk")),
    }


def municipality_section(request, municipality, figures=None) -> Section:
    figures = figures or values_at_once(municipality_figures(municipality))
    return Section(
        template="participation/municipality_section.html",
        context={
            "municipality": municipality,
            "organisation_count": figures["organisations"],
            "organisations": list(_organisations(municipality).order_by("-approved_at", "-pk")[:12])
            if figures["organisations"]
            else [],
            "pledge_count": figures["pledges"],
            "activity_count": figures["activities"],
            "activities": list(
                _activities(municipality)
                .with_public_version()
                .order_by("-published_version__held_on", "-pk")[:6]
            )
            if figures["activities"]
            else [],
        },
    )
