from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Municipality


class MunicipalitySitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True

    def items(self):
        return list(Municipality.objects.ordered())

    def location(self, item):
        return reverse("municipalities:detail", kwargs={"code": item.code})


class MunicipalityIndexSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return ["municipalities:index"]

    def location(self, item):
        return reverse(item)


sitemaps = {"municipalities": MunicipalitySitemap, "municipality-index": MunicipalityIndexSitemap}
