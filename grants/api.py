"""Open data: the funded projects and each fiscal year's program."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from core.pagination import LimitOffsetPagination

from .models import Application, GrantProgram

router = Router(tags=["grants"])


class ProgramOut(Schema):
    fiscal_year: int
    title_ja: str
    title_en: str | None
    cap_per_municipality_yen: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime

    @staticmethod
    def resolve_cap_per_municipality_yen(obj):
        return obj.cap_per_municipality


class ProjectOut(Schema):
    id: int
    fiscal_year: int
    municipality_code: str
    municipality_name_ja: str
    title_ja: str
    title_en: str | None
    summary_ja: str
    summary_en: str | None
    period_start: datetime.date
    period_end: datetime.date
    status: str
    granted_amount_yen: int
    confirmed_amount_yen: int | None
    results_ja: str | None
    results_en: str | None
    url: str

    @staticmethod
    def resolve_fiscal_year(obj):
        return obj.program.fiscal_year

    @staticmethod
    def resolve_municipality_code(obj):
        return obj.municipality_id

    @staticmethod
    def resolve_municipality_name_ja(obj):
        return obj.municipality.name_ja

    @staticmethod
    def resolve_granted_amount_yen(obj):
        return obj.granted_amount

    @staticmethod
    def resolve_confirmed_amount_yen(obj):
        return obj.confirmed_amount

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


def _projects():
    return (
        Application.objects.funded()
        .select_related("program", "municipality")
        .order_by("-program__fiscal_year", "municipality_id", "pk")
    )


@router.get("/programs", response=list[ProgramOut], summary="Grant programs by fiscal year")
def list_programs(request):
    return GrantProgram.objects.order_by("-fiscal_year")


@router.get("/projects", response=list[ProjectOut], summary="Funded municipal projects")
@paginate(LimitOffsetPagination)
def list_projects(request, fiscal_year: int | None = None, municipality: str | None = None):
    projects = _projects()
    if fiscal_year is not None:
        projects = projects.filter(program__fiscal_year=fiscal_year)
    if municipality:
        projects = projects.filter(municipality_id=municipality)
    return projects


@router.get("/projects/{project_id}", response=ProjectOut, summary="One funded project")
def get_project(request, project_id: int):
    return get_object_or_404(_projects(), pk=project_id)
