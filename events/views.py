import calendar
import datetime

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.fiscal import TOKYO
from core.fragments import CachedCountPaginator, cached_object, fragment_context, lazy_value
from core.ratelimit import rate_limited
from municipalities.models import Municipality
from offsets.models import CreditRetirement

from . import ics, services
from .forms import EventFilterForm, RegistrationForm, month_start
from .links import read_cancel_token
from .models import Category, Event, Registration, Status, Visibility

PAGE_SIZE = 20
EVENTS_SHOWN_PER_DAY = 4
FEED_LIMIT = 500
FEED_CACHE_SECONDS = 60 * 60
# An event shows its municipality by name and the offset credits retired for it.
EVENT_READS = ("events", "municipalities", "offsets")


def with_offsets(queryset):
    tonnes = (
        CreditRetirement.objects.filter(event=OuterRef("pk"))
        .values("event")
        .annotate(total=Sum("tonnes"))
        .values("total")
    )
    return queryset.annotate(offset_tonnes=Subquery(tonnes, output_field=IntegerField()))


def _listing(request):
    return with_offsets(Event.objects.visible_to(request.user).select_related("municipality"))


def _filtered(request, queryset):
    form = EventFilterForm(request.GET or None)
    return form, _filter(form, queryset)


def _filter(form, queryset):
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            queryset = queryset.filter(
                Q(title_ja__icontains=data["q"]) | Q(title_en__icontains=data["q"])
            )
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        if data["municipality"]:
            queryset = queryset.filter(municipality=data["municipality"])
        if data["date_from"]:
            start = datetime.datetime.combine(data["date_from"], datetime.time(), TOKYO)
            queryset = queryset.filter(end__gte=start)
        if data["date_to"]:
            end = datetime.datetime.combine(
                data["date_to"] + datetime.timedelta(days=1), datetime.time(), TOKYO
            )
            queryset = queryset.filter(start__lt=end)
        if data["open_only"]:
            queryset = queryset.open_for_registration()
    return queryset


def index(request):
    form = EventFilterForm(request.GET or None)
    fragment = fragment_context(
        request, *form.fields, "page", reads=EVENT_READS, scope=services.SEATS_SCOPE
    )

    def page():  # built only when the fragment is not cached
        events = _filter(form, _listing(request))
        if not (form.is_bound and form.is_valid() and form.cleaned_data["date_from"]):
            events = events.upcoming()
        return CachedCountPaginator(
            events.order_by("start", "pk"), PAGE_SIZE, count_key=fragment["fragment_key"]
        ).get_page(request.GET.get("page"))

    query = request.GET.copy()
    query.pop("page", None)
    # A visitor who filtered by a category subscribes to that category's feed.
    category = form.cleaned_data["category"] if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "events/index.html",
        {
            **fragment,
            "form": form,
            "page": lazy_value(page),
            "query": query.urlencode(),
            "categories": Category.choices,
            "feed_url": reverse("events:category_feed", kwargs={"category": category})
            if category
            else reverse("events:feed"),
        },
    )


def month_calendar(request):
    today = timezone.localdate()
    first = month_start(request.GET.get("month"), today)
    days_in_month = calendar.monthrange(first.year, first.month)[1]
    start = datetime.datetime.combine(first, datetime.time(), TOKYO)
    end = start + datetime.timedelta(days=days_in_month)
    form, events = _filtered(request, _listing(request))
    by_day: dict[datetime.date, list[Event]] = {}
    for event in events.overlapping(start, end).order_by("start", "pk"):
        day = max(timezone.localtime(event.start, TOKYO).date(), first)
        last = min(timezone.localtime(event.end, TOKYO).date(), first.replace(day=days_in_month))
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += datetime.timedelta(days=1)
    weeks = []
    for week in calendar.Calendar(firstweekday=6).monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == first.month,
                    "events": by_day.get(day, [])[:EVENTS_SHOWN_PER_DAY],
                    "more": max(len(by_day.get(day, [])) - EVENTS_SHOWN_PER_DAY, 0),
                    "is_today": day == today,
                }
                for day in week
            ]
        )
    previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = first + datetime.timedelta(days=days_in_month)
    query = request.GET.copy()
    query.pop("month", None)
    return render(
        request,
        "events/calendar.html",
        {
            "form": form,
            "month": first,
            "weeks": weeks,
            "previous_month": previous_month,
            "next_month": next_month,
            "query": query.urlencode(),
            "weekday_names": [_("Sun"), _("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat")],
        },
    )


def _visible_event(request, pk: int) -> Event:
    return get_object_or_404(_listing(request), pk=pk)


def detail(request, pk: int):
    """The event page. It carries no form or CSRF token, so the anonymous page cache keeps it."""
    event = cached_object(
        request,
        f"events.event:{pk}",
        lambda: _visible_event(request, pk),
        reads=EVENT_READS,
        scope=services.SEATS_SCOPE,
    )
    offsets = (
        event.credit_retirements.select_related("purchase").order_by("retired_on", "pk")
        if event.offset_tonnes
        else []
    )
    photos = (
        lazy_value(lambda: list(event.photos.all()))
        if event.report or event.participant_count
        else []
    )
    return render(
        request,
        "events/detail.html",
        {
            **fragment_context(request, reads=EVENT_READS, scope=services.SEATS_SCOPE),
            "event": event,
            "offsets": offsets,
            "photos": photos,
            "registration_open": event.registration_is_open(),
        },
    )


REGISTERED_MESSAGES = {
    Status.CONFIRMED: lambda: _("Your registration is confirmed. We have sent you an e-mail."),
    Status.WAITLISTED: lambda: _(
        "The event is full; you are on the waiting list. We will e-mail you if a seat becomes free."
    ),
    Status.APPLIED: lambda: _(
        "Your lottery application is received. We will e-mail you the result after the draw."
    ),
}


def _event_for_registration(request, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.visible_to(request.user).select_related("municipality"), pk=pk
    )


def _render_register(request, event: Event, form: RegistrationForm | None, *, status: int = 200):
    is_open = event.registration_is_open()
    if is_open and form is None:
        form = RegistrationForm(event=event)
    return render(
        request,
        "events/register.html",
        {
            "event": event,
            "form": form if is_open else None,
            # A refusal on a closed event still has to be said, though the form is gone.
            "refusal": form.non_field_errors() if form is not None and not is_open else None,
            "registration_open": is_open,
            "fields_in_error": [field for field in form.visible_fields() if field.errors]
            if form is not None and is_open
            else [],
        },
        status=status,
    )


# The form page reads the event afresh (live seats) and carries a CSRF token: never cached.
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("events-register")
def register(request, pk: int):
    event = _event_for_registration(request, pk)
    if request.method == "GET":
        return _render_register(request, event, None)
    form = RegistrationForm(request.POST, event=event)
    if form.is_spam():
        # Answer like a success so the bot learns nothing; nothing is stored.
        messages.success(request, REGISTERED_MESSAGES[Status.CONFIRMED]())
        return redirect(event)
    if not form.is_valid():
        return _render_register(request, event, form, status=400)
    data = form.cleaned_data
    try:
        registration = services.register_for_event(
            event_id=event.pk,
            name=data["name"],
            kana=data["kana"],
            email=data["email"],
            phone=data["phone"],
            party_size=data["party_size"],
            accessibility_needs=data["accessibility_needs"],
            guardian_name=data.get("guardian_name", ""),
            guardian_consent=data.get("guardian_consent", False),
            privacy_consent=data["privacy_consent"],
            language=translation.get_language() or "ja",
        )
    except services.RegistrationError as error:
        form.add_error(None, error.message)
        # The refusal may come from a change since the page was read (closed, filled up).
        event = _event_for_registration(request, pk)
        return _render_register(request, event, form, status=409)
    messages.success(request, REGISTERED_MESSAGES[registration.status]())
    return redirect(event)


def cancel(request, token: str):
    try:
        registration_id, email = read_cancel_token(token)
    except signing.BadSignature as error:
        raise Http404 from error
    registration = get_object_or_404(
        Registration.objects.select_related("event"), pk=registration_id, email=email
    )
    error = None
    if request.method == "POST":
        try:
            services.cancel_registration(registration_id=registration.pk)
        except services.RegistrationError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Your registration has been cancelled."))
            return redirect(registration.event)
    return render(
        request,
        "events/cancel.html",
        {"registration": registration, "event": registration.event, "error": error},
        status=409 if error else 200,
    )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def event_ics(request, pk: int):
    event = _visible_event(request, pk)
    response = _ics_response(ics.event_calendar(event), f"event-{event.pk}.ics")
    if event.visibility != Visibility.PUBLIC:
        response["Cache-Control"] = "private, no-store"
    return response


def _feed_response(queryset, *, name: str, filename: str) -> HttpResponse:
    """Calendar apps poll feeds often; the file is rebuilt only when a listed event changed."""
    since = timezone.now() - datetime.timedelta(days=90)
    events = queryset.filter(end__gte=since).order_by("start", "pk")[:FEED_LIMIT]
    state = Event.objects.filter(pk__in=events.values("pk")).aggregate(
        changed=Max("updated_at"), count=Count("pk")
    )
    changed = state["changed"].timestamp() if state["changed"] else 0
    cache_key = f"events:feed:{filename}:{translation.get_language()}:{changed}:{state['count']}"
    content = cache.get(cache_key)
    if content is None:
        content = ics.feed_calendar(events, name=name)
        cache.set(cache_key, content, timeout=FEED_CACHE_SECONDS)
    return _ics_response(content, filename)


def feed(request):
    return _feed_response(
        Event.objects.public(), name=_("ECO Net Tokyo 62 events"), filename="events.ics"
    )


def municipality_feed(request, code: str):
    municipality = get_object_or_404(Municipality, pk=code)
    name = _("%(municipality)s events — ECO Net Tokyo 62") % {"municipality": municipality.name}
    return _feed_response(
        Event.objects.public().filter(municipality=municipality),
        name=name,
        filename=f"events-{code}.ics",
    )


def category_feed(request, category: str):
    if category not in Category.values:
        raise Http404
    name = _("%(category)s — ECO Net Tokyo 62") % {"category": Category(category).label}
    return _feed_response(
        Event.objects.public().filter(category=category),
        name=name,
        filename=f"events-{category}.ics",
    )
