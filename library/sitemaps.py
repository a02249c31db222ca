from django.contrib.sitemaps import Sitemap

from .models import Document


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True

    def items(self):
        return Document.objects.published().order_by("-fiscal_year", "pk")

    def lastmod(self, document):
        return document.updated_at


sitemaps = {"library": DocumentSitemap}
