"""Published documents of the library as open data."""

import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from core.pagination import LimitOffsetPagination
from core.params import EARLIEST_YEAR, LATEST_YEAR

from .models import Category, Document, DocumentVersion

router = Router(tags=["library"])


class DocumentOut(Schema):
    id: int
    title_ja: str
    title_en: str | None
    fiscal_year: int
    category: str
    municipality_code: str | None = Field(None, alias="municipality_id")
    summary_ja: str
    summary_en: str | None
    published_at: datetime.datetime
    url: str
    file_url: str | None
    file_format: str | None
    file_size: int | None
    version: int | None

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def _current(obj):
        versions = obj.newest_versions
        return versions[0] if versions else None

    @staticmethod
    def resolve_file_url(obj):
        version = DocumentOut._current(obj)
        return f"{obj.get_absolute_url()}files/{version.number}/" if version else None

    @staticmethod
    def resolve_file_format(obj):
        version = DocumentOut._current(obj)
        return version.file_format if version else None

    @staticmethod
    def resolve_file_size(obj):
        version = DocumentOut._current(obj)
        return version.size if version else None

    @staticmethod
    def resolve_version(obj):
        version = DocumentOut._current(obj)
        return version.number if version else None


class DocumentFilters(Schema):
    category: Category | None = None
    municipality: str | None = Field(None, description="6-digit local government code")
    fiscal_year: int | None = Field(None, ge=EARLIEST_YEAR, le=LATEST_YEAR)


def _documents():
    return Document.objects.published().prefetch_related(
        Prefetch(
            "versions",
            queryset=DocumentVersion.objects.order_by("-number"),
            to_attr="newest_versions",
        )
    )


@router.get("/documents", response=list[DocumentOut], summary="Published documents (資料)")
@paginate(LimitOffsetPagination)
def list_documents(request, filters: Query[DocumentFilters]):
    documents = _documents().order_by("-fiscal_year", "pk")
    if filters.category:
        documents = documents.filter(category=filters.category)
    if filters.municipality:
        documents = documents.filter(municipality_id=filters.municipality)
    if filters.fiscal_year:
        documents = documents.filter(fiscal_year=filters.fiscal_year)
    return documents


@router.get("/documents/{document_id}", response=DocumentOut, summary="One published document")
def get_document(request, document_id: int):
    return get_object_or_404(_documents(), pk=document_id)
