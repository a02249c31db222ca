"""The contest pages and the entrants' side: announcement, entry form, confirmation, editing."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ratelimit import rate_limited
from municipalities.models import Municipality

from .. import links, services
from ..forms import EntryForm
from ..models import CategoryKind, Contest, EntrantType, EntryStatus, Phase


def public_contest(year: int) -> Contest:
    contest = get_object_or_404(Contest.objects.announced(), year=year)
    return contest


def contest_index(request):
    contests = list(Contest.objects.announced().order_by("-year"))
    now = timezone.now()
    current = [c for c in contests if c.phase_at(now) != Phase.RESULTS]
    archive = [c for c in contests if c.phase_at(now) == Phase.RESULTS]
    return render(request, "contests/index.html", {"current": current, "archive": archive})


def contest_detail(request, year):
    contest = public_contest(year)
    categories = contest.categories.prefetch_related("criteria")
    return render(
        request,
        "contests/detail.html",
        {"contest": contest, "phase": contest.phase, "categories": categories},
    )


@rate_limited("contests-entry")
def enter(request, year):
    contest = public_contest(year)
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
                    contest_id=contest.pk,
                    category_id=form.cleaned_data["category"].pk,
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
    contest = public_contest(year)
    return render(request, "contests/entered.html", {"contest": contest})


def confirm(request, token):
    try:
        entry = services.entry_from_token(
            token, salt=links.CONFIRM_SALT, max_age=links.CONFIRM_MAX_AGE
        )
    except services.ContestError as error:
        return render(request, "contests/link_error.html", {"message": error.message}, status=400)
    error_message = ""
    if request.method == "POST":
        try:
            entry = services.confirm_entry(entry_id=entry.pk)
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
        entry = services.entry_from_token(token, salt=links.EDIT_SALT)
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
                services.withdraw_entry(entry_id=entry.pk)
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
                        entry_id=entry.pk, data=form.entry_data(), files=form.entry_files()
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
