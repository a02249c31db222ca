"""Open data of the joint action: approved organisations, campaigns with counts, activities."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from core.pagination import PageNumberPagination

from .models import Activity, Campaign, Organisation

router = Router(tags=["participation"])


class OrganisationOut(Schema):
    id: int
    name_ja: str
    name_en: str | None
    kind: str
    municipality_code: str = Field(alias="municipality_id")
    website: str
    approved_at: datetime.datetime | None


class CampaignOut(Schema):
    slug: str
    title_ja: str
    title_en: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    pledge_count: int


class ActivityOut(Schema):
    id: int
    organisation_id: int
    title: str = Field(alias="published_version.title")
    held_on: datetime.date = Field(alias="published_version.held_on")
    municipality_code: str = Field(alias="published_version.municipality_id")
    category: str = Field(alias="published_version.category")
    description: str = Field(alias="published_version.description")
    participants: int = Field(alias="published_version.participants")
    estimated_co2_kg: int | None = Field(alias="published_version.estimated_co2_kg")
    co2_method: str = Field(alias="published_version.co2_method")
    published_at: datetime.datetime | None


@router.get("/organisations", response=list[OrganisationOut])
@paginate(PageNumberPagination, page_size=100)
def list_organisations(request, municipality: str | None = None, kind: str | None = None):
    organisations = Organisation.objects.approved().order_by("pk")
    if municipality:
        organisations = organisations.filter(municipality_id=municipality)
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations


@router.get("/campaigns", response=list[CampaignOut])
def list_campaigns(request):
    return [
        {
            "slug": c.slug,
            "title_ja": c.title_ja,
            "title_en": c.title_en or "",
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
            "pledge_count": c.pledge_count,
        }
        for c in Campaign.objects.published().with_pledge_counts().order_by("-starts_on")
    ]


@router.get("/activities", response=list[ActivityOut])
@paginate(PageNumberPagination, page_size=100)
def list_activities(request, municipality: str | None = None, category: str | None = None):
    activities = Activity.objects.public().select_related("published_version").order_by("pk")
    if municipality:
        activities = activities.filter(published_version__municipality_id=municipality)
    if category:
        activities = activities.filter(published_version__category=category)
    return activities


@router.get("/activities/{activity_id}", response=ActivityOut)
def get_activity(request, activity_id: int):
    activity = get_object_or_404(
        Activity.objects.public().select_related("published_version"), pk=activity_id
    )
    return activity
