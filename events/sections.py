from core.sections import Section

from .models import Event
from .services import SEATS_SCOPE
from .views import with_offsets

# The cards show seats left: refreshed when a registration takes seats (core.sections).
CACHE_SCOPE = SEATS_SCOPE
# And the offset credits retired for each event.
ALSO_READS = ("offsets",)

HOME_SLOT = "now"
HOME_EVENTS = 3
MUNICIPALITY_EVENTS = 6


def _upcoming_public():
    return with_offsets(Event.objects.public().upcoming().select_related("municipality"))


def home_section(request):
    events = list(_upcoming_public()[:HOME_EVENTS])
    if not events:
        return None
    return Section(template="events/home_section.html", context={"events": events})


def municipality_section(request, municipality):
    events = list(_upcoming_public().filter(municipality=municipality)[:MUNICIPALITY_EVENTS])
    return Section(
        template="events/municipality_section.html",
        context={"events": events, "municipality": municipality},
    )
