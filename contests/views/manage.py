"""The secretariat's contest page: finalists, awards, publishing results, original files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role
from core.storage import private_file_response

from .. import services
from ..forms import AwardForm
from ..models import Contest, Entry, EntryStatus, PublicVote
from .judging import FILE_FIELDS


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
        .order_by()
        .values_list("entry")
        .annotate(n=Count("pk"))
        .values_list("entry", "n")
    )
    for block in categories:
        for row in block["ranking"]:
            row.public_votes = votes.get(row.entry.pk, 0)
    counts = dict(contest.entries.order_by().values_list("status").annotate(n=Count("pk")))
    status_counts = [(label, counts.get(value, 0)) for value, label in EntryStatus.choices]
    return render(
        request,
        "contests/manage.html",
        {
            "contest": contest,
            "categories": categories,
            "status_counts": status_counts,
            "award_form": AwardForm(),
            "scoring_gaps": [
                gap
                for block in categories
                if (gap := services.scoring_gap(block["category"], block["ranking"]))
            ],
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
                entry_id=entry.pk, actor=request.user, finalist=form.cleaned_data["finalist"]
            )
            services.assign_award(
                entry_id=entry.pk, actor=request.user, award=form.cleaned_data["award"]
            )
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
        services.publish_results(
            contest_id=contest.pk,
            actor=request.user,
            confirm_incomplete=request.POST.get("confirm_incomplete") == "on",
        )
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
