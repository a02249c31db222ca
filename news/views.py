import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from core.contributions import collect_ranked_searches
from core.dates import iso
from core.fragments import (
    CachedCountPaginator,
    cached_object,
    fragment_context,
    lazy_value,
)
from core.images import rendition_url
from core.matching import highlight, snippet, terms_of
from core.scoping import scope_queryset

from .forms import ArticleFilterForm, SearchForm
from .models import Article

PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 20
RELATED_COUNT = 4
# An article shows its municipalities by name; its page also lists related lessons.
ARTICLE_READS = ("news", "municipalities")


def article_index(request):
    form = ArticleFilterForm(request.GET or None, language=get_language() or "ja")
    articles = form.filtered(Article.objects.published()).for_listing()
    fragment = fragment_context(request, *form.fields, "page", reads=ARTICLE_READS)
    page = CachedCountPaginator(articles, PAGE_SIZE, count_key=fragment["fragment_key"]).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "news/index.html",
        {
            **fragment,
            "form": form,
            "page_obj": page,
            "articles": page.object_list,
            "query_string": query.urlencode(),
            "filtered": bool(query),
        },
    )


def _article_page(request, article: Article, *, preview: bool):
    lessons = (
        article.lessons.published()
        .select_related("course")
        .only(
            "pk",
            "position",
            "title_ja",
            "title_en",
            "course__slug",
            "course__title_ja",
            "course__title_en",
        )
    )
    return render(
        request,
        "news/detail.html",
        {
            **fragment_context(request, reads=(*ARTICLE_READS, "academy")),
            "article": article,
            "related_articles": lazy_value(lambda: _related(article)),
            "previous_article": lazy_value(lambda: _neighbour(article, newer=False)),
            "next_article": lazy_value(lambda: _neighbour(article, newer=True)),
            "related_lessons": lessons[:3],
            "preview": preview,
            "json_ld": _json_ld(request, article),
        },
    )


def _related(article: Article) -> list[Article]:
    return list(
        Article.objects.published()
        .filter(_newest_related(article))
        .order_by("-published_at")
        .only("pk", "title_ja", "title_en", "published_at", "kind")[:RELATED_COUNT]
    )


def _neighbour(article: Article, *, newer: bool) -> Article | None:
    """The next newer or older public article, in publication order (None for a draft)."""
    if not article.is_public:
        return None
    neighbours = Article.objects.published().only("pk", "title_ja", "title_en")
    if newer:
        return (
            neighbours.filter(
                Q(published_at__gt=article.published_at)
                | Q(published_at=article.published_at, pk__gt=article.pk)
            )
            .order_by("published_at", "pk")
            .first()
        )
    return (
        neighbours.filter(
            Q(published_at__lt=article.published_at)
            | Q(published_at=article.published_at, pk__lt=article.pk)
        )
        .order_by("-published_at", "-pk")
        .first()
    )


def _newest_related(article: Article) -> Q:
    """The newest articles sharing the category, and those sharing a municipality.

    Two short index scans rather than one OR across the many-to-many, which made PostgreSQL
    join every article (25 ms at 10,000 articles). Each scan is its own sliced subquery: SQLite
    refuses LIMIT inside a UNION, but both databases take it inside IN.
    """
    others = Article.objects.published().exclude(pk=article.pk).order_by("-published_at")
    places = [m.pk for m in article.municipalities.all()]
    same_place = Q(pk__in=others.filter(municipalities__in=places).values("pk")[:RELATED_COUNT])
    if not article.category_id:
        return same_place
    same_category = others.filter(category_id=article.category_id).values("pk")[:RELATED_COUNT]
    return Q(pk__in=same_category) | same_place


def article_detail(request, pk):
    article = cached_object(
        request,
        f"news.article:{pk}",
        lambda: get_object_or_404(
            Article.objects.published()
            .select_related("category", "municipality")
            .prefetch_related("municipalities", "tags", "gallery"),
            pk=pk,
        ),
        reads=ARTICLE_READS,
    )
    return _article_page(request, article, preview=False)


@staff_member_required
def article_preview(request, pk):
    """Staff see a draft as it will look; only within their own scope."""
    if not request.user.has_perm("news.view_article"):
        raise Http404
    visible = scope_queryset(Article.objects.all(), request.user, "municipality")
    article = get_object_or_404(
        visible.select_related("category", "municipality").prefetch_related(
            "municipalities", "tags", "gallery"
        ),
        pk=pk,
    )
    response = _article_page(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def _json_ld(request, article: Article) -> str:
    """schema.org NewsArticle, escaped for a <script type="application/ld+json"> element."""
    url = settings.SITE_URL + request.path
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "mainEntityOfPage": url,
        "url": url,
        "inLanguage": get_language() or "ja",
        "publisher": {"@type": "Organization", "name": "ECOネット東京62"},
        "author": {
            "@type": "Organization",
            "name": article.municipality.name if article.municipality else "ECOネット東京62",
        },
    }
    if article.published_at:
        data["datePublished"] = iso(article.published_at)
    data["dateModified"] = iso(article.updated_at)
    image_url = rendition_url(article.hero_image, 1600, viewer=request.user)
    if image_url:
        data["image"] = [settings.SITE_URL + image_url]
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def search(request):
    """News and every other ranked kind (Eco Academy lessons) together, highlighted, paginated."""
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    terms = terms_of(query)
    searches = {ranked.kind: ranked for ranked in collect_ranked_searches()}
    hits = [(kind, *row) for kind, ranked in searches.items() for row in ranked.ranked(terms)]
    hits.sort(key=lambda hit: (hit[1], hit[2]), reverse=True)
    page = Paginator(hits, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    wanted = {kind: [] for kind in searches}
    for kind, _score, _when, pk in page.object_list:
        wanted[kind].append(pk)
    records = {kind: searches[kind].load(pks) for kind, pks in wanted.items() if pks}
    results = []
    for kind, _score, when, pk in page.object_list:
        record = records[kind].get(pk)
        if record is None:
            continue
        results.append(
            {
                "kind": kind,
                "url": record.url,
                "title": highlight(record.title, terms),
                "snippet": snippet(
                    record.text if _contains_any(record.text, terms) else record.body, terms
                ),
                "date": when,
                "course": record.context,
            }
        )
    return render(
        request,
        "news/search.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "total": len(hits),
            "page_obj": page,
            "query_string": urlencode({"q": query}) if query else "",
        },
    )


def _contains_any(text: str, terms: list[str]) -> bool:
    lowered = (text or "").lower()
    return any(term.lower() in lowered for term in terms)
