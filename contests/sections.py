from django.db.models import Count

from core.figures import one_value, values_at_once
from core.sections import Section

from .models import Contest, Entry

HOME_SLOT = "now"


def home_section(request):
    """The contest open for entries, or else the latest published results."""
    contest = Contest.objects.open_for_entries().order_by("entries_close_at").first()
    mode = "open"
    winners = []
    if contest is None:
        contest = Contest.objects.with_results().order_by("-results_published_at").first()
        mode = "results"
        if contest is None:
            return None
    return Section(
        template="contests/home_section.html",
        context={"contest": contest, "mode": mode, "winners": winners},
    )


def municipality_figures(municipality):
    return {
        "accepted": one_value(
            Entry.objects.accepted().filter(municipality=municipality), n=Count("pk")
        )
    }


def municipality_section(request, municipality, figures=None):
    """Accepted entries and published awards from this municipality."""
    figures = figures or values_at_once(municipality_figures(municipality))
    if not figures["accepted"]:
        return None  # an award is given to an accepted entry only
    awarded = list(
        Entry.objects.awarded_publicly()
        .filter(municipality=municipality)
        .select_related("contest", "category")
        .order_by("-contest__year", "category__position")[:6]
    )
    return Section(
        template="contests/municipality_section.html",
        context={"municipality": municipality, "awarded": awarded, "accepted": figures["accepted"]},
    )
