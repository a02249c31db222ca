from functools import wraps
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from core.audit import audit_trail
from core.fiscal import current_fiscal_year, fiscal_year_bounds
from core.forms import posted_data, posted_files
from core.ratelimit import client_address, rate_limited
from core.sanitize import render_markdown
from municipalities.models import Municipality

from . import lockout, services
from .forms import (
    AcceptInvitationForm,
    ActivityForm,
    DirectoryFilterForm,
    InvitationForm,
    LoginForm,
    MemberPasswordResetForm,
    OrganisationProfileForm,
    PledgeForm,
    RegistrationForm,
)
from .models import (
    Activity,
    Campaign,
    Organisation,
    OrganisationStatus,
    Pledge,
    public_totals,
)

User = get_user_model()
FIRST_FISCAL_YEAR = 2007  # the joint project began in FY2007


def _fiscal_years() -> list[int]:
    return list(range(current_fiscal_year(), FIRST_FISCAL_YEAR - 1, -1))


# --- Public pages -----------------------------------------------------------------------------


def index(request):
    campaigns = list(Campaign.objects.published().with_pledge_counts().order_by("-starts_on")[:6])
    latest = list(
        Activity.objects.public().with_public_version().order_by("-published_at", "-pk")[:6]
    )
    return render(
        request,
        "participation/index.html",
        {
            "totals": public_totals(),
            "campaigns": campaigns,
            "latest_activities": latest,
            "filter_form": DirectoryFilterForm(fiscal_years=_fiscal_years()),
        },
    )


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def organisation_list(request):
    form = DirectoryFilterForm(request.GET or None, fiscal_years=_fiscal_years())
    organisations = Organisation.objects.approved().select_related("municipality")
    if form.is_valid():
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["municipality"]:
            organisations = organisations.filter(municipality=form.cleaned_data["municipality"])
    page = Paginator(organisations.order_by("name_ja", "pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/organisation_list.html",
        {"form": form, "page_obj": page, "query_string": _query_string(request)},
    )


def activity_list(request):
    form = DirectoryFilterForm(request.GET or None, fiscal_years=_fiscal_years())
    activities = Activity.objects.public().with_public_version()
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            activities = activities.filter(organisation__kind=data["kind"])
        if data["municipality"]:
            activities = activities.filter(published_version__municipality=data["municipality"])
        if data["category"]:
            activities = activities.filter(published_version__category=data["category"])
        if data["fiscal_year"]:
            first, last = fiscal_year_bounds(data["fiscal_year"])
            activities = activities.filter(published_version__held_on__range=(first, last))
    page = Paginator(activities.order_by("-published_version__held_on", "-pk"), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "participation/activity_list.html",
        {"form": form, "page_obj": page, "query_string": _query_string(request)},
    )


def organisation_detail(request, pk):
    organisation = get_object_or_404(
        Organisation.objects.approved().select_related("municipality"), pk=pk
    )
    pledges = list(organisation.pledges.select_related("campaign").order_by("-created_at"))
    activities = (
        Activity.objects.public()
        .with_public_version()
        .filter(organisation=organisation)
        .order_by("-published_version__held_on", "-pk")
    )
    return render(
        request,
        "participation/organisation_detail.html",
        {
            "organisation": organisation,
            "pledges": pledges,
            "activities": list(activities[:20]),
            "activity_count": activities.count(),
        },
    )


def activity_detail(request, pk):
    activity = get_object_or_404(Activity.objects.public().with_public_version(), pk=pk)
    version = activity.published_version
    membership = services.membership_of(request.user)
    return render(
        request,
        "participation/activity_detail.html",
        {
            "activity": activity,
            "version": version,
            "photos": list(version.photos.all()),
            "is_own": membership is not None
            and membership.organisation_id == activity.organisation_id,
        },
    )


def campaign_detail(request, slug):
    campaign = get_object_or_404(Campaign.objects.published(), slug=slug)
    public_pledges = Pledge.objects.public().filter(campaign=campaign)
    counts = list(
        public_pledges.values("organisation__municipality")
        .annotate(count=Count("pk"))
        .order_by("-count", "organisation__municipality")
    )
    municipalities = Municipality.objects.in_bulk(
        [row["organisation__municipality"] for row in counts]
    )
    by_municipality = [
        {"municipality": municipalities[row["organisation__municipality"]], "count": row["count"]}
        for row in counts
    ]
    membership = services.membership_of(request.user)
    own_pledge = None
    if membership is not None:
        own_pledge = Pledge.objects.filter(
            campaign=campaign, organisation=membership.organisation
        ).first()
    from django.utils import timezone

    return render(
        request,
        "participation/campaign_detail.html",
        {
            "campaign": campaign,
            "pledge_count": sum(row["count"] for row in by_municipality),
            "by_municipality": by_municipality,
            "latest_pledges": list(
                public_pledges.select_related("organisation").order_by("-created_at")[:30]
            ),
            "membership": membership,
            "own_pledge": own_pledge,
            "is_open": campaign.is_open_on(timezone.localdate()),
            "pledge_form": PledgeForm(),
        },
    )


class LatestActivitiesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("ECO Net Tokyo 62: new activities of participating organisations")
    subtitle = gettext_lazy("Activities reported in the joint action, after moderation.")

    def link(self):
        return reverse("participation:activities")

    def items(self):
        return list(
            Activity.objects.public().with_public_version().order_by("-published_at", "-pk")[:30]
        )

    def item_title(self, item):
        return item.published_version.title

    def item_description(self, item):
        return render_markdown(item.published_version.description)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_version.decided_at or item.published_at

    def item_author_name(self, item):
        return item.organisation.name

    def item_categories(self, item):
        return [item.published_version.get_category_display()]


# --- Registration and sign-in -------------------------------------------------------------------


@rate_limited("participation-register")
def register(request):
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.register_organisation(
                    name_ja=data["name_ja"],
                    name_en=data["name_en"],
                    kind=data["kind"],
                    municipality_id=data["municipality"].pk,
                    address=data["address"],
                    website=data["website"],
                    contact_name=data["contact_name"],
                    email=data["email"],
                    phone=data["phone"],
                    password=data["password1"],
                    language=(request.LANGUAGE_CODE or "ja")[:2],
                )
            except services.ParticipationError as error:
                form.add_error("email", error.message)
            else:
                return redirect("participation:register_done")
    else:
        form = RegistrationForm()
    return render(request, "participation/register.html", {"form": form})


def register_done(request):
    return render(request, "participation/register_done.html")


def confirm_email(request, token):
    try:
        organisation = services.confirm_organisation_email(token=token)
    except services.ParticipationError as error:
        return render(
            request, "participation/confirm_failed.html", {"message": error.message}, status=400
        )
    return render(request, "participation/confirm_done.html", {"organisation": organisation})


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("participation:dashboard")


def login_view(request):
    form = LoginForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        password = form.cleaned_data["password"]
        address = client_address(request)
        if lockout.is_locked(email=email, address=address):
            form.add_error(None, _locked_message())
        else:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                User().set_password(password)  # spend the same time as a real check
            valid = user is not None and user.check_password(password)
            if valid and services.membership_of(user) is not None:
                lockout.clear_failures(email=email)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect(_safe_next(request))
            lockout.record_failure(email=email, address=address)
            if lockout.is_locked(email=email, address=address):
                form.add_error(None, _locked_message())
            else:
                form.add_error(None, _("The e-mail address or the password is not correct."))
    return render(
        request,
        "participation/login.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


def _locked_message() -> str:
    return _(
        "Too many failed sign-in attempts. Sign-in is locked for %(minutes)d minutes; "
        "you can reset your password in the meantime."
    ) % {"minutes": lockout.LOCK_SECONDS // 60}


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("participation:index")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = MemberPasswordResetForm
    template_name = "participation/password_reset.html"
    email_template_name = "participation/email/password_reset.txt"
    subject_template_name = "participation/email/password_reset_subject.txt"
    success_url = reverse_lazy("participation:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "participation/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "participation/password_reset_confirm.html"
    success_url = reverse_lazy("participation:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout.clear_failures(email=self.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "participation/password_reset_complete.html"


password_reset = rate_limited("participation-password-reset")(PasswordResetView.as_view())


def accept_invitation(request, token):
    try:
        organisation, email = services.read_invitation(token)
    except services.ParticipationError as error:
        return render(
            request, "participation/confirm_failed.html", {"message": error.message}, status=400
        )
    form = AcceptInvitationForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.accept_invitation(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except services.ParticipationError as error:
            form.add_error(None, error.message)
        else:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! You can now work for your organisation."))
            return redirect("participation:dashboard")
    return render(
        request,
        "participation/accept_invitation.html",
        {"form": form, "organisation": organisation, "email": email},
    )


# --- The organisation's own area ----------------------------------------------------------------


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
