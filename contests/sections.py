from django.db.models import Count, Q

from core.sections import Section

from .models import Contest, Entry, EntryStatus

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


def municipality_section(request, municipality):
    """Accepted entries and published awards from this municipality."""
    awarded = list(
        Entry.objects.awarded_publicly()
        .filter(municipality=municipality)
        .select_related("contest", "category")
        .order_by("-contest__year", "category__position")[:6]
    )
    counts = Entry.objects.filter(municipality=municipality).aggregate(
        accepted=Count("pk", filter=Q(status=EntryStatus.ACCEPTED))
    )
    if not awarded and not counts["accepted"]:
        return None
    return Section(
        template="contests/municipality_section.html",
        context={"municipality": municipality, "awarded": awarded, "accepted": counts["accepted"]},
    )
