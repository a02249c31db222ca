"""The member workspace: dashboard, profile, invitations, pledges and activities."""

from functools import wraps
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from core.audit import audit_trail
from core.forms import posted_data, posted_files
from core.ratelimit import rate_limited

from .. import services
from ..forms import ActivityForm, InvitationForm, OrganisationProfileForm, PledgeForm
from ..models import Activity, Campaign, OrganisationStatus


def member_required(view):
    """Only signed-in organisation members; everyone else is sent to the organisation sign-in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        membership = services.membership_of(request.user)
        if membership is None:
            login_url = reverse("participation:login")
            return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapped


def _own_activity(request, pk) -> Activity:
    # Another organisation's activity looks exactly like a missing one.
    return get_object_or_404(
        Activity.objects.select_related("organisation", "published_version"),
        pk=pk,
        organisation_id=request.membership.organisation_id,
    )


HISTORY_LABELS = {
    "register": pgettext_lazy("organisation sign-up", "Registered"),
    "confirm_email": gettext_lazy("E-mail address confirmed"),
    "approve": gettext_lazy("Approved"),
    "reject": pgettext_lazy("organisation status", "Rejected"),
    "suspend": gettext_lazy("Suspended"),
    "reinstate": gettext_lazy("Reinstated"),
    "edit_profile": gettext_lazy("Details edited"),
    "invite": gettext_lazy("Colleague invited"),
    "join": gettext_lazy("Colleague joined"),
}


@member_required
def dashboard(request):
    organisation = request.membership.organisation
    activities = list(
        organisation.activities.select_related("published_version")
        .prefetch_related("versions")
        .order_by("-created_at")
    )
    pending_ids = set(
        Activity.objects.filter(organisation=organisation, versions__status="pending").values_list(
            "pk", flat=True
        )
    )
    pledges = list(organisation.pledges.select_related("campaign"))
    pledged_ids = {pledge.campaign_id for pledge in pledges}
    return render(
        request,
        "participation/dashboard.html",
        {
            "organisation": organisation,
            "members": list(organisation.memberships.select_related("user")),
            "activities": activities,
            "pending_ids": pending_ids,
            "pledges": pledges,
            "open_campaigns": [c for c in Campaign.objects.published() if c.pk not in pledged_ids],
            "invitation_form": InvitationForm(),
            "history": [
                (entry, HISTORY_LABELS.get(entry.action, entry.action))
                for entry in audit_trail(organisation)[:10]
            ],
        },
    )


@member_required
def edit_profile(request):
    organisation = request.membership.organisation
    form = OrganisationProfileForm(posted_data(request), instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation_profile(
                organisation_id=organisation.pk,
                actor=request.user,
                changes={name: form.cleaned_data[name] for name in form.fields},
            )
        except services.ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The organisation's details are saved."))
            return redirect("participation:dashboard")
    return render(request, "participation/profile_form.html", {"form": form})


@member_required
@require_POST
@rate_limited("participation-invite")
def invite(request):
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(
                organisation_id=request.membership.organisation_id,
                actor=request.user,
                email=form.cleaned_data["email"],
            )
        except services.ParticipationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The invitation is on its way."))
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect("participation:dashboard")


@member_required
@require_POST
def resend_confirmation(request):
    try:
        services.resend_confirmation(
            organisation_id=request.membership.organisation_id, actor=request.user
        )
    except services.ParticipationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("We have sent the confirmation link again."))
    return redirect("participation:dashboard")


@member_required
@require_POST
def pledge(request, slug):
    campaign = get_object_or_404(Campaign.objects.published(), slug=slug)
    form = PledgeForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.pledge_to_campaign(
            organisation_id=request.membership.organisation_id,
            campaign_id=campaign.pk,
            actor=request.user,
            message=message,
        )
    except services.ParticipationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Your organisation has pledged to “%(title)s”.") % {"title": campaign.title}
        )
    return redirect(campaign.get_absolute_url())


@member_required
def activity_create(request):
    form = ActivityForm(posted_data(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.submit_activity(
                organisation_id=request.membership.organisation_id,
                actor=request.user,
                content=form.content(),
                photos=form.new_photos(),
            )
        except services.ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Thank you! The secretariat will check the report before it is published."),
            )
            return redirect("participation:own_activity", pk=activity.pk)
    return render(request, "participation/activity_form.html", {"form": form, "activity": None})


def _latest_version(activity: Activity):
    return activity.versions.order_by("-submitted_at", "-pk").first()


@member_required
def own_activity(request, pk):
    activity = _own_activity(request, pk)
    versions = list(activity.versions.prefetch_related("photos").order_by("-submitted_at", "-pk"))
    return render(
        request,
        "participation/own_activity.html",
        {"activity": activity, "versions": versions, "latest": versions[0] if versions else None},
    )


@member_required
def activity_edit(request, pk):
    activity = _own_activity(request, pk)
    base = _latest_version(activity)
    photos = list(base.photos.all())
    initial = {
        "title": base.title,
        "held_on": base.held_on,
        "municipality": base.municipality_id,
        "category": base.category,
        "description": base.description,
        "participants": base.participants,
        "estimated_co2_kg": base.estimated_co2_kg,
        "co2_method": base.co2_method,
    }
    form = ActivityForm(posted_data(request), posted_files(request), initial=initial, photos=photos)
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_activity(
                activity_id=activity.pk,
                actor=request.user,
                content=form.content(),
                new_photos=form.new_photos(),
                removed_photo_ids=form.removed_photo_ids(),
            )
        except services.ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Your changes wait for the secretariat's check; until then the public sees "
                    "the published version."
                ),
            )
            return redirect("participation:own_activity", pk=activity.pk)
    return render(request, "participation/activity_form.html", {"form": form, "activity": activity})


CONTEST_ENTRY_URL_NAME = "contests:enter"


def _contest_entry_url() -> str | None:
    """The entry form of the contest edition taking entries now, or None.

    `contests:enter` takes the contest year; the earliest edition open for entries is the one
    to enter (editions do not normally overlap).
    """
    if not apps.is_installed("contests"):
        return None
    from contests.models import Contest

    contest = Contest.objects.open_for_entries().order_by("year").first()
    if contest is None:
        return None
    try:
        return reverse(CONTEST_ENTRY_URL_NAME, kwargs={"year": contest.year})
    except NoReverseMatch:
        return None


@member_required
@require_POST
def enter_contest(request, pk):
    """Prepare an entry to the environmental activity contest, prefilled from this activity.

    Loose coupling: the contests app receives the activity's published facts as query
    parameters on its entry form (documented in docs/participation.md) and completes them.
    """
    activity = _own_activity(request, pk)
    version = activity.published_version
    if version is None or activity.is_withdrawn:
        raise Http404
    if request.membership.organisation.status != OrganisationStatus.APPROVED:
        messages.error(request, _("Your organisation can do this once it is approved."))
        return redirect("participation:own_activity", pk=activity.pk)
    entry_url = _contest_entry_url()
    if entry_url is None:
        messages.error(
            request, _("No environmental activity contest is taking entries at the moment.")
        )
        return redirect("participation:own_activity", pk=activity.pk)
    organisation = request.membership.organisation
    params = {
        "source": "participation",
        "activity": activity.pk,
        "organisation": organisation.pk,
        "organisation_name": organisation.name,
        "organisation_kind": organisation.kind,
        "municipality": version.municipality_id,
        "title": version.title,
        "category": version.category,
        "held_on": version.held_on.isoformat(),
        "participants": version.participants,
        "summary": version.description[:500],
        "activity_url": settings.SITE_URL.rstrip("/") + activity.get_absolute_url(),
    }
    return redirect(f"{entry_url}?{urlencode(params)}")
