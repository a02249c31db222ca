from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.translation import get_language

from .models import Article


def index_path(url_name: str) -> str:
    language = get_language()
    key = (url_name, language)
    if key not in INDEX_PATHS:
        INDEX_PATHS[key] = reverse(url_name)
    return INDEX_PATHS[key]


INDEX_PATHS: dict[tuple[str, str], str] = {}


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True
    x_default = True
    # Two languages per item: 25,000 articles make the 50,000 URLs a sitemap file may hold.
    limit = 25000

    def items(self):
        return (
            Article.objects.published()
            .only("pk", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return item.updated_at

    def location(self, item):
        # Called several times per article (each language and its alternates); one reverse()
        # per language instead of one per call keeps 10,000 articles from taking seconds.
        return f"{index_path('news:index')}{item.pk}/"


class NewsIndexSitemap(Sitemap):
    changefreq = "daily"
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["news:index"]

    def location(self, item):
        return reverse(item)


sitemaps = {"news-index": NewsIndexSitemap, "news": ArticleSitemap}
