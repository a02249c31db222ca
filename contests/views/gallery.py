"""The public gallery, the public vote and the published results."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ratelimit import rate_limited

from .. import services
from ..forms import VoteForm
from ..models import AWARD_ORDER, Entry, Phase
from .entries import public_contest

GALLERY_PAGE_SIZE = 48


def gallery(request, year):
    contest = public_contest(year)
    if not contest.gallery_is_public:
        raise Http404
    categories = list(contest.categories.all())
    kind = request.GET.get("category", "")
    entries = (
        Entry.objects.in_public_gallery()
        .filter(contest=contest)
        .select_related("contest", "category", "municipality")
        .order_by("category__position", "number")
    )
    if kind:
        entries = entries.filter(category__kind=kind)
    page_obj = Paginator(entries, GALLERY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contests/gallery.html",
        {
            "contest": contest,
            "categories": categories,
            "selected": kind,
            "entries": page_obj.object_list,
            "page_obj": page_obj,
            "query_string": urlencode({"category": kind}) if kind else "",
            "show_awards": contest.results_are_public,
        },
    )


def work(request, year, public_id):
    entry = get_object_or_404(
        Entry.objects.in_public_gallery().select_related("contest", "category", "municipality"),
        contest__year=year,
        public_id=public_id,
    )
    return render(
        request,
        "contests/work.html",
        {
            "entry": entry,
            "contest": entry.contest,
            "show_awards": entry.contest.results_are_public,
            "vote_form": VoteForm() if entry.contest.phase == Phase.JUDGING else None,
        },
    )


@require_POST
@rate_limited("contests-vote")
def vote(request, year, public_id):
    entry = get_object_or_404(
        Entry.objects.in_public_gallery().select_related("contest"),
        contest__year=year,
        public_id=public_id,
    )
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            services.cast_vote(entry_id=entry.pk, email=form.cleaned_data["email"])
        except services.ContestError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Thank you. Open the link we have e-mailed you to count your vote.")
            )
    else:
        messages.error(request, _("Enter a valid e-mail address to vote."))
    return redirect(entry.get_absolute_url())


def confirm_vote(request, token):
    try:
        public_vote = services.vote_from_token(token)
    except services.ContestError as error:
        return render(request, "contests/link_error.html", {"message": error.message}, status=400)
    error_message = ""
    if request.method == "POST":
        try:
            public_vote = services.confirm_vote(vote_id=public_vote.pk)
        except services.ContestError as err:
            error_message = err.message
    return render(
        request,
        "contests/confirm_vote.html",
        {"vote": public_vote, "entry": public_vote.entry, "error": error_message},
    )


def results(request, year):
    contest = public_contest(year)
    if not contest.results_are_public:
        raise Http404
    awarded = list(
        Entry.objects.awarded_publicly()
        .filter(contest=contest)
        .select_related("contest", "category", "municipality")
    )
    finalists = list(
        Entry.objects.accepted()
        .filter(contest=contest, is_finalist=True, award="")
        .select_related("contest", "category", "municipality")
    )
    categories = []
    for category in contest.categories.all():
        winners = sorted(
            (e for e in awarded if e.category_id == category.pk),
            key=lambda e: (AWARD_ORDER[e.award], e.number),
        )
        categories.append(
            {
                "category": category,
                "winners": winners,
                "finalists": [e for e in finalists if e.category_id == category.pk],
            }
        )
    return render(request, "contests/results.html", {"contest": contest, "categories": categories})
