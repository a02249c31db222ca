"""The public pages of the joint action: totals, directories, activities and campaigns."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from core.fiscal import FIRST_PROGRAM_FISCAL_YEAR, current_fiscal_year, fiscal_year_bounds
from municipalities.models import Municipality

from .. import services
from ..forms import DirectoryFilterForm, PledgeForm
from ..models import Activity, Campaign, Organisation, Pledge, public_totals


def _fiscal_years() -> list[int]:
    return list(range(current_fiscal_year(), FIRST_PROGRAM_FISCAL_YEAR - 1, -1))


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
