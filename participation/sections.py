"""The joint action on the home page and on each municipality's profile."""

from django.db.models import Count

from core.sections import Section

from .models import Activity, Organisation, Pledge, public_totals


def home_section(request) -> Section:
    return Section(template="participation/home_section.html", context={"totals": public_totals()})


def municipality_section(request, municipality) -> Section:
    organisations = Organisation.objects.approved().in_municipality(municipality.code)
    activities = Activity.objects.public().filter(published_version__municipality=municipality)
    kinds = dict(organisations.values_list("kind").annotate(count=Count("pk")).order_by("kind"))
    return Section(
        template="participation/municipality_section.html",
        context={
            "municipality": municipality,
            "organisation_count": sum(kinds.values()),
            "organisations": list(organisations.order_by("-approved_at", "-pk")[:12]),
            "pledge_count": Pledge.objects.public()
            .filter(organisation__municipality=municipality)
            .count(),
            "activity_count": activities.count(),
            "activities": list(
                activities.with_public_version().order_by("-published_version__held_on", "-pk")[:6]
            ),
        },
    )
