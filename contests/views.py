import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role
from core.ratelimit import rate_limited
from core.storage import private_file_response
from municipalities.models import Municipality

from . import services
from .forms import AwardForm, ConflictForm, EntryForm, ReviewForm, VoteForm
from .models import (
    AWARD_ORDER,
    Category,
    CategoryKind,
    Contest,
    EntrantType,
    Entry,
    EntryStatus,
    Phase,
    PublicVote,
    Review,
)

GALLERY_PAGE_SIZE = 48

# --- Public pages -------------------------------------------------------------


def _public_contest(year: int) -> Contest:
    contest = get_object_or_404(Contest.objects.announced(), year=year)
    return contest


def contest_index(request):
    contests = list(Contest.objects.announced().order_by("-year"))
    now = timezone.now()
    current = [c for c in contests if c.phase_at(now) != Phase.RESULTS]
    archive = [c for c in contests if c.phase_at(now) == Phase.RESULTS]
    return render(request, "contests/index.html", {"current": current, "archive": archive})


def contest_detail(request, year):
    contest = _public_contest(year)
    categories = contest.categories.prefetch_related("criteria")
    return render(
        request,
        "contests/detail.html",
        {"contest": contest, "phase": contest.phase, "categories": categories},
    )


@rate_limited("contests-entry")
def enter(request, year):
    contest = _public_contest(year)
    if contest.phase != Phase.ENTRIES_OPEN:
        return render(
            request,
            "contests/closed.html",
            {"contest": contest, "phase": contest.phase},
            status=403,
        )
    if request.method == "POST":
        form = EntryForm(request.POST, request.FILES, contest=contest)
        if form.is_valid():
            try:
                services.submit_entry(
                    contest=contest,
                    category=form.cleaned_data["category"],
                    data=form.entry_data(),
                    files=form.entry_files(),
                )
            except services.ContestError as error:
                form.add_error(None, error.message)
            else:
                return redirect("contests:entered", year=contest.year)
    else:
        if request.GET.get("source") == "participation":
            initial = initial_from_participation(contest, request.GET)
        else:
            initial = {}
            kind = request.GET.get("category")
            if kind:
                initial["category"] = contest.categories.filter(kind=kind).first()
        form = EntryForm(contest=contest, initial=initial)
    return render(request, "contests/enter.html", {"contest": contest, "form": form})


# participation's organisation kinds -> the contest's entrant types (docs/participation.md)
ENTRANT_TYPE_OF_ORGANISATION = {
    "company": EntrantType.COMPANY,
    "school": EntrantType.SCHOOL,
    "community_group": EntrantType.GROUP,
    "npo": EntrantType.GROUP,
    "other": EntrantType.GROUP,
}


def initial_from_participation(contest: Contest, params) -> dict:
    """Prefill an activity entry from a participation activity's published facts.

    The parameters come from the member's browser, so they only prefill fields the entrant
    still checks and submits; nothing is trusted or saved from them directly. Their `category`
    is the activity's theme, not a contest category: such entries go to the activity category.
    """
    initial = {
        "category": contest.categories.filter(kind=CategoryKind.ACTIVITY).first(),
        "entrant_name": params.get("organisation_name", "")[:200],
        "title": params.get("title", "")[:200],
    }
    entrant_type = ENTRANT_TYPE_OF_ORGANISATION.get(params.get("organisation_kind", ""))
    if entrant_type:
        initial["entrant_type"] = entrant_type
    code = params.get("municipality", "")
    if code.isdigit():
        initial["municipality"] = Municipality.objects.filter(pk=code).first()
    summary = params.get("summary", "")[:3000]
    activity_url = params.get("activity_url", "")
    if activity_url.startswith(("https://", "http://")):
        summary = f"{summary}\n\n{activity_url[:500]}".strip()
    initial["description"] = summary
    return {key: value for key, value in initial.items() if value}


def entered(request, year):
    contest = _public_contest(year)
    return render(request, "contests/entered.html", {"contest": contest})


def confirm(request, token):
    try:
        entry = services.entry_from_token(
            token, salt=services.CONFIRM_SALT, max_age=services.CONFIRM_MAX_AGE
        )
    except services.ContestError as error:
        return render(request, "contests/link_error.html", {"message": error.message}, status=400)
    error_message = ""
    if request.method == "POST":
        try:
            entry = services.confirm_entry(entry=entry)
        except services.ContestError as error:
            error_message = error.message
    return render(
        request,
        "contests/confirm.html",
        {"entry": entry, "contest": entry.contest, "error": error_message},
    )


@rate_limited("contests-entry")
def edit(request, token):
    try:
        entry = services.entry_from_token(token, salt=services.EDIT_SALT)
    except services.ContestError as error:
        return render(request, "contests/link_error.html", {"message": error.message}, status=400)
    contest = entry.contest
    editable = contest.phase == Phase.ENTRIES_OPEN and entry.status in (
        EntryStatus.UNCONFIRMED,
        EntryStatus.SUBMITTED,
    )
    form = None
    if editable:
        if request.method == "POST" and "withdraw" in request.POST:
            try:
                services.withdraw_entry(entry=entry)
            except services.ContestError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your entry has been withdrawn."))
            return redirect("contests:edit", token=token)
        if request.method == "POST":
            form = EntryForm(request.POST, request.FILES, contest=contest, editing=True)
            if form.is_valid():
                try:
                    services.update_entry(
                        entry=entry, data=form.entry_data(), files=form.entry_files()
                    )
                except services.ContestError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("Your changes are saved."))
                    return redirect("contests:edit", token=token)
        else:
            initial = {name: getattr(entry, name) for name in services.ENTRY_FIELDS}
            form = EntryForm(contest=contest, editing=True, initial=initial)
    return render(
        request,
        "contests/edit.html",
        {"entry": entry, "contest": contest, "form": form, "editable": editable},
    )


def gallery(request, year):
    contest = _public_contest(year)
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
            services.cast_vote(entry=entry, email=form.cleaned_data["email"])
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
            public_vote = services.confirm_vote(vote=public_vote)
        except services.ContestError as err:
            error_message = err.message
    return render(
        request,
        "contests/confirm_vote.html",
        {"vote": public_vote, "entry": public_vote.entry, "error": error_message},
    )


def results(request, year):
    contest = _public_contest(year)
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


# --- Judges -------------------------------------------------------------------


def _require_judge(user) -> None:
    if not has_role(user, Role.JUDGE):
        raise PermissionDenied


def _judge_entry(request, pk) -> Entry:
    _require_judge(request.user)
    entry = get_object_or_404(
        Entry.objects.select_related("contest", "category").filter(
            status=EntryStatus.ACCEPTED, category__judges=request.user
        ),
        pk=pk,
    )
    if entry.contest.phase != Phase.JUDGING:
        raise Http404
    return entry


@login_required
def judging_index(request):
    _require_judge(request.user)
    now = timezone.now()
    categories = [
        category
        for category in Category.objects.filter(judges=request.user)
        .select_related("contest")
        .annotate(
            accepted=Count("entries", filter=Q(entries__status=EntryStatus.ACCEPTED)),
            reviewed=Count(
                "entries__reviews",
                filter=Q(
                    entries__reviews__judge=request.user,
                    entries__status=EntryStatus.ACCEPTED,
                ),
            ),
        )
        .order_by("-contest__year", "position")
        if category.contest.phase_at(now) == Phase.JUDGING
    ]
    return render(request, "contests/judging/index.html", {"categories": categories})


@login_required
def judging_category(request, pk):
    _require_judge(request.user)
    category = get_object_or_404(
        Category.objects.select_related("contest").filter(judges=request.user), pk=pk
    )
    if category.contest.phase != Phase.JUDGING:
        raise Http404
    own = {
        r.entry_id: r for r in Review.objects.filter(judge=request.user, entry__category=category)
    }
    entries = [
        {"entry": entry, "review": own.get(entry.pk)}
        for entry in category.entries.accepted().only("pk", "number", "title", "contest_id")
    ]
    return render(
        request,
        "contests/judging/category.html",
        {"category": category, "contest": category.contest, "rows": entries},
    )


@login_required
def judging_entry(request, pk):
    entry = _judge_entry(request, pk)
    criteria = entry.category.criteria.all()
    review = (
        Review.objects.filter(entry=entry, judge=request.user)
        .prefetch_related(Prefetch("scores"))
        .first()
    )
    form = ReviewForm(criteria=criteria)
    conflict_form = ConflictForm()
    if request.method == "POST" and review is None:
        try:
            if "declare_conflict" in request.POST:
                conflict_form = ConflictForm(request.POST)
                if conflict_form.is_valid():
                    services.declare_conflict(
                        entry=entry,
                        judge=request.user,
                        comment=conflict_form.cleaned_data["conflict_note"],
                    )
                    messages.success(request, _("You are excluded from this entry."))
                    return redirect("contests:judging_category", pk=entry.category_id)
            else:
                form = ReviewForm(request.POST, criteria=criteria)
                if form.is_valid():
                    services.submit_review(
                        entry=entry,
                        judge=request.user,
                        scores=form.scores(),
                        comment=form.cleaned_data["comment"],
                    )
                    messages.success(request, _("Your scores are saved."))
                    return redirect("contests:judging_category", pk=entry.category_id)
        except services.ContestError as error:
            form.add_error(None, error.message)
    return render(
        request,
        "contests/judging/entry.html",
        {
            "entry": entry,
            "contest": entry.contest,
            "review": review,
            "form": form,
            "conflict_form": conflict_form,
        },
    )


FILE_FIELDS = {"image": "image", "audio": "audio", "report": "report_pdf"}


@login_required
def judging_file(request, pk, kind):
    entry = _judge_entry(request, pk)
    field = getattr(entry, FILE_FIELDS.get(kind, ""), None)
    if not field:
        raise Http404
    suffix = field.name.rsplit(".", 1)[-1]
    return private_file_response(field, download_name=f"{entry.code}.{suffix}", inline=True)


@login_required
def judging_export(request, pk):
    """The judge's own scores of one category as CSV: entry codes and titles, no identity."""
    _require_judge(request.user)
    category = get_object_or_404(Category.objects.filter(judges=request.user), pk=pk)
    criteria = list(category.criteria.all())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scores-{category.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [_("Entry"), _("Title"), *[c.name for c in criteria], _("Weighted score"), _("Comment")]
    )
    reviews = (
        Review.objects.filter(judge=request.user, entry__category=category)
        .select_related("entry__contest")
        .prefetch_related("scores")
        .order_by("entry__number")
    )
    for review in reviews:
        values = {s.criterion_id: s.value for s in review.scores.all()}
        if review.conflict_of_interest:
            row = [_("conflict of interest")] * len(criteria) + ["", ""]
        else:
            row = [values.get(c.pk, "") for c in criteria] + [review.weighted_score, review.comment]
        writer.writerow([review.entry.code, review.entry.title, *row])
    return response


# --- The secretariat ----------------------------------------------------------


def _require_secretariat(user) -> None:
    if not has_role(user, Role.SECRETARIAT):
        raise PermissionDenied


@login_required
def manage(request, year):
    _require_secretariat(request.user)
    contest = get_object_or_404(Contest, year=year)
    categories = [
        {
            "category": category,
            "judges": list(category.judges.all()),
            "ranking": services.rank_category(category),
        }
        for category in contest.categories.prefetch_related("criteria")
    ]
    votes = dict(
        PublicVote.objects.filter(entry__contest=contest, confirmed_at__isnull=False)
        .values_list("entry")
        .annotate(n=Count("pk"))
        .values_list("entry", "n")
    )
    for block in categories:
        for row in block["ranking"]:
            row.public_votes = votes.get(row.entry.pk, 0)
    counts = dict(
        contest.entries.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    status_counts = [(label, counts.get(value, 0)) for value, label in EntryStatus.choices]
    return render(
        request,
        "contests/manage.html",
        {
            "contest": contest,
            "categories": categories,
            "status_counts": status_counts,
            "award_form": AwardForm(),
        },
    )


@login_required
@require_POST
def manage_award(request, pk):
    _require_secretariat(request.user)
    entry = get_object_or_404(Entry.objects.select_related("contest"), pk=pk)
    form = AwardForm(request.POST)
    if form.is_valid():
        try:
            services.set_finalist(
                entry=entry, actor=request.user, finalist=form.cleaned_data["finalist"]
            )
            services.assign_award(entry=entry, actor=request.user, award=form.cleaned_data["award"])
        except services.ContestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved for entry %(code)s.") % {"code": entry.code})
    return redirect(reverse("contests:manage", kwargs={"year": entry.contest.year}))


@login_required
@require_POST
def manage_publish(request, year):
    _require_secretariat(request.user)
    contest = get_object_or_404(Contest, year=year)
    try:
        services.publish_results(contest=contest, actor=request.user)
    except services.ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The results are published."))
    return redirect("contests:manage", year=year)


@login_required
def manage_file(request, pk, kind):
    _require_secretariat(request.user)
    entry = get_object_or_404(Entry.objects.select_related("contest"), pk=pk)
    field = getattr(entry, FILE_FIELDS.get(kind, ""), None)
    if not field:
        raise Http404
    suffix = field.name.rsplit(".", 1)[-1]
    return private_file_response(field, download_name=f"{entry.code}.{suffix}", inline=True)
