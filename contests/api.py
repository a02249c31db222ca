"""Open data: contests, published results and the works in public galleries (no contacts)."""

import datetime
import uuid

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from core.pagination import LimitOffsetPagination

from .models import Contest, Entry

router = Router(tags=["contests"])


class ContestOut(Schema):
    year: int
    title_ja: str
    title_en: str | None
    phase: str
    entries_open_at: datetime.datetime
    entries_close_at: datetime.datetime
    results_published_at: datetime.datetime | None
    url: str

    @staticmethod
    def resolve_phase(obj):
        return obj.phase.value

    @staticmethod
    def resolve_results_published_at(obj):
        return obj.results_published_at if obj.results_are_public else None

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class WorkOut(Schema):
    id: uuid.UUID
    year: int
    category: str
    title: str
    display_name: str
    municipality_code: str
    award: str
    image_url: str | None
    audio_url: str | None
    url: str

    @staticmethod
    def resolve_id(obj):
        return obj.public_id

    @staticmethod
    def resolve_year(obj):
        return obj.contest.year

    @staticmethod
    def resolve_category(obj):
        return obj.category.kind

    @staticmethod
    def resolve_municipality_code(obj):
        return obj.municipality_id

    @staticmethod
    def resolve_award(obj):
        return obj.award if obj.contest.results_are_public else ""

    @staticmethod
    def resolve_image_url(obj):
        return obj.published_image.url if obj.published_image else None

    @staticmethod
    def resolve_audio_url(obj):
        return obj.published_audio.url if obj.published_audio else None

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


@router.get("/", response=list[ContestOut], summary="Announced contests, newest first")
def list_contests(request):
    return Contest.objects.announced().order_by("-year")


@router.get("/{year}/results", response=list[WorkOut], summary="Awarded works of a contest")
def contest_results(request, year: int):
    contest = get_object_or_404(Contest.objects.announced(), year=year)
    if not contest.results_are_public:
        return []
    return (
        Entry.objects.awarded_publicly()
        .filter(contest=contest)
        .select_related("contest", "category")
        .order_by("category__position", "number")
    )


@router.get("/{year}/works", response=list[WorkOut], summary="Works in a contest's gallery")
@paginate(LimitOffsetPagination)
def contest_works(request, year: int):
    contest = get_object_or_404(Contest.objects.announced(), year=year)
    return (
        Entry.objects.in_public_gallery()
        .filter(contest=contest)
        .select_related("contest", "category")
        .order_by("number")
    )
