from django.contrib.sitemaps import Sitemap

from .models import Initiative


class InitiativeSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True

    def items(self):
        return Initiative.objects.public().order_by("-fiscal_year", "pk")


sitemaps = {"initiatives": InitiativeSitemap}
