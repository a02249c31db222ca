from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_page

from accounts.views import StaffPasswordResetView
from core.api import api
from core.sitemaps import collect_sitemaps
from core.views import floor, healthz, robots_txt

SITEMAP_CACHE_SECONDS = 60 * 60
sitemaps = collect_sitemaps()

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("robots.txt", robots_txt, name="robots"),
    # An index of one sitemap per section, each paginated: thousands of articles stay cheap.
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
]

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor", floor, name="bench-floor"))

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
    path("library/", include("library.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("reports/", include("reports.urls")),
    # Staff sign-in security ahead of the admin: the second factor and password reset by e-mail
    # (the admin's sign-in page links the reset form by its name, admin_password_reset).
    path("admin/two-factor/", include("accounts.urls")),
    path("admin/password-reset/", StaffPasswordResetView.as_view(), name="admin_password_reset"),
    path(
        "admin/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
