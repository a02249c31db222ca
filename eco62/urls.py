from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core.api import api
from core.sitemaps import collect_sitemaps
from core.views import floor, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("bench/floor", floor, name="bench-floor"),
    path("api/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": collect_sitemaps()}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", include("core.urls")),
    path("municipalities/", include("municipalities.urls")),
    path("news/", include("news.urls")),
    path("academy/", include("academy.urls")),
    path("grants/", include("grants.urls")),
    path("events/", include("events.urls")),
    path("contests/", include("contests.urls")),
    path("emissions/", include("emissions.urls")),
    path("participation/", include("participation.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
