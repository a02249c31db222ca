from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from municipalities.models import Municipality


class EmissionsPagesSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True

    def items(self):
        return ["emissions:index", "emissions:data", "emissions:compare"]

    def location(self, item):
        return reverse(item)


class MunicipalityEmissionsSitemap(Sitemap):
    changefreq = "yearly"
    i18n = True
    alternates = True

    def items(self):
        return list(Municipality.objects.ordered().values_list("code", flat=True))

    def location(self, item):
        return reverse("emissions:detail", kwargs={"code": item})


sitemaps = {
    "emissions": EmissionsPagesSitemap,
    "emissions-municipalities": MunicipalityEmissionsSitemap,
}
