"""The public library: a list with filters and search, a page per document, its files."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from core.fragments import CachedCountPaginator, fragment_context, lazy_value
from core.params import year_param
from core.storage import private_file_response
from municipalities.models import Municipality

from .models import Category, Document
from .services import current_versions

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 100


def document_index(request):
    documents = Document.objects.published().select_related("municipality")
    filters = {}
    fiscal_year = year_param(request.GET.get("fiscal_year"))
    if fiscal_year is not None:
        documents = documents.filter(fiscal_year=fiscal_year)
        filters["fiscal_year"] = str(fiscal_year)
    category = request.GET.get("category", "")
    if category in Category.values:
        documents = documents.filter(category=category)
        filters["category"] = category
    municipality = request.GET.get("municipality", "")
    if len(municipality) == 6 and municipality.isdigit():
        documents = documents.filter(municipality_id=municipality)
        filters["municipality"] = municipality
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    if query:
        documents = documents.matching(query)
        filters["q"] = query
    fragment = fragment_context(
        request,
        "fiscal_year",
        "category",
        "municipality",
        "q",
        "page",
        reads=("library", "municipalities"),
    )
    page = CachedCountPaginator(documents, PAGE_SIZE, count_key=fragment["fragment_key"]).get_page(
        request.GET.get("page")
    )

    def listed():  # built only when the fragment is not cached
        versions = current_versions(page.object_list)
        return [(document, versions.get(document.pk)) for document in page.object_list]

    return render(
        request,
        "library/index.html",
        {
            **fragment,
            "page_obj": page,
            "documents": lazy_value(listed),
            "fiscal_years": Document.objects.published()
            .order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .distinct(),
            "categories": Category.choices,
            "municipalities": Municipality.objects.filter(documents__is_published=True)
            .distinct()
            .order_by("code"),
            "selected": filters,
            "query_string": urlencode({k: v for k, v in filters.items()}),
        },
    )


def document_detail(request, pk: int):
    document = get_object_or_404(Document.objects.published().select_related("municipality"), pk=pk)
    versions = list(document.versions.order_by("-number"))
    return render(
        request,
        "library/detail.html",
        {
            "document": document,
            "current": versions[0] if versions else None,
            "earlier": versions[1:],
        },
    )


def document_file(request, pk: int, number: int):
    """A version's file, only while its document is published (private storage otherwise)."""
    document = get_object_or_404(Document.objects.published(), pk=pk)
    version = document.versions.filter(number=number).first()
    if version is None or not version.file:
        raise Http404
    name = f"{document.title_ja or document.title}-v{version.number}.{version.file_format.lower()}"
    return private_file_response(version.file, download_name=name, inline=True)
