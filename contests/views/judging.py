"""The judges' pages: their categories, reviews, conflicts, the entry files and score export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from core.exports import Table, csv_response
from core.storage import private_file_response

from .. import services
from ..forms import ConflictForm, ReviewForm
from ..models import Category, Entry, EntryStatus, Phase, Review


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
                        entry_id=entry.pk,
                        actor=request.user,
                        comment=conflict_form.cleaned_data["conflict_note"],
                    )
                    messages.success(request, _("You are excluded from this entry."))
                    return redirect("contests:judging_category", pk=entry.category_id)
            else:
                form = ReviewForm(request.POST, criteria=criteria)
                if form.is_valid():
                    services.submit_review(
                        entry_id=entry.pk,
                        actor=request.user,
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
    reviews = (
        Review.objects.filter(judge=request.user, entry__category=category)
        .select_related("entry__contest")
        .prefetch_related("scores")
        .order_by("entry__number")
    )

    def rows():
        for review in reviews:
            values = {s.criterion_id: s.value for s in review.scores.all()}
            if review.conflict_of_interest:
                scores = [_("conflict of interest")] * len(criteria) + [None, None]
            else:
                scores = [values.get(c.pk) for c in criteria]
                scores += [review.weighted_score, review.comment]
            # Titles are the entrants' free text: core.exports keeps them from running.
            yield [review.entry.code, review.entry.title, *scores]

    return csv_response(
        Table(
            name=f"scores-{category.pk}",
            header=[
                _("Entry"),
                _("Title"),
                *[c.name for c in criteria],
                _("Weighted score"),
                _("Comment"),
            ],
            rows=rows(),
        )
    )
