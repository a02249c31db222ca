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


SITEMAP_PAGE_SIZE = 2000


def collect_sitemaps() -> dict:
    """Every app's sitemaps, each paginated so no single file grows with the data."""
    sitemaps = {"static": StaticViewSitemap}
    for module in app_modules("sitemaps"):
        for section, sitemap_class in getattr(module, "sitemaps", {}).items():
            sitemaps[section] = type(
                sitemap_class.__name__, (sitemap_class,), {"limit": SITEMAP_PAGE_SIZE}
            )
    return sitemaps
