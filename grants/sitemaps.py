from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Application


class FundedProjectSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True
    limit = 1000

    def items(self):
        return Application.objects.funded().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def location(self, item):
        return reverse("grants:detail", kwargs={"pk": item.pk})


class ShowcaseSitemap(Sitemap):
    changefreq = "weekly"
    i18n = True
    alternates = True

    def items(self):
        return ["grants:index"]

    def location(self, item):
        return reverse(item)


sitemaps = {"grants": FundedProjectSitemap, "grants-index": ShowcaseSitemap}
