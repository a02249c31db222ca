from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article


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
        return reverse("news:detail", kwargs={"pk": item.pk})


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
