"""Published articles as open data: read-only, filtered, paginated."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from core import fiscal
from core.pagination import LimitOffsetPagination
from core.params import EARLIEST_YEAR, LATEST_YEAR

from .models import Article, Kind

router = Router(tags=["news"])


class ArticleSummaryOut(Schema):
    id: int
    kind: str
    title_ja: str
    title_en: str | None
    lead_ja: str
    lead_en: str | None
    category: str | None = Field(None, alias="category.slug")
    municipalities: list[str]
    published_at: datetime.datetime
    fiscal_year: int
    series_number: int | None
    as_of: datetime.date | None
    url: str

    @staticmethod
    def resolve_municipalities(obj):
        return [m.pk for m in obj.municipalities.all()]

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_fiscal_year(obj):
        return fiscal.fiscal_year_of(obj.published_at)


class ArticleOut(ArticleSummaryOut):
    body_ja: str
    body_en: str | None
    tags: list[str]

    @staticmethod
    def resolve_tags(obj):
        return [t.slug for t in obj.tags.all()]


class ArticleFilters(Schema):
    kind: Kind | None = None
    category: str | None = Field(None, description="category slug")
    municipality: str | None = Field(None, description="6-digit local government code")
    fiscal_year: int | None = Field(
        None, ge=EARLIEST_YEAR, le=LATEST_YEAR, description="April–March, e.g. 2026"
    )


@router.get("/articles", response=list[ArticleSummaryOut], summary="Published eco-news articles")
@paginate(LimitOffsetPagination)
def list_articles(request, filters: Query[ArticleFilters]):
    articles = Article.objects.published()
    if filters.kind:
        articles = articles.filter(kind=filters.kind)
    if filters.category:
        articles = articles.filter(category__slug=filters.category)
    if filters.municipality:
        articles = articles.filter(municipalities__pk=filters.municipality)
    if filters.fiscal_year:
        articles = articles.in_fiscal_year(filters.fiscal_year)
    return articles.for_listing()


@router.get("/articles/{article_id}", response=ArticleOut, summary="One published article")
def get_article(request, article_id: int):
    return get_object_or_404(
        Article.objects.published()
        .select_related("category")
        .prefetch_related("municipalities", "tags"),
        pk=article_id,
    )
