from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .discovery import app_modules


class StaticViewSitemap(Sitemap):
    changefreq = "weekly"
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["core:home", "core:about"]

    def location(self, item):
        return reverse(item)


def collect_sitemaps() -> dict:
    sitemaps = {"static": StaticViewSitemap}
    for module in app_modules("sitemaps"):
        sitemaps.update(getattr(module, "sitemaps", {}))
    return sitemaps
