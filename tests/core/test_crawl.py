"""The whole public site over the demo data answers without a server error, in both languages.

The crawler (tests/crawl.py) finds addresses through the sitemaps, the OpenAPI document, every
URL pattern and the links and GET forms of each page, so a new page is crawled once anything
links to it. Every public URL pattern must be reached in Japanese and English (the API and the
sitemaps once); the routes below are for one person (a signed link), for staff or for a signed-in
organisation, or take only POST, and are fetched once each as an anonymous visitor instead.
"""

from django.db import connection
from django.test import Client

from tests import crawl

# Reached by a signed link sent to one person: a nonsense token must be refused, not crash.
SIGNED_LINKS = {
    "events:cancel": "/events/cancel/nonsense/",
    "contests:confirm": "/contests/entry/confirm/nonsense/",
    "contests:edit": "/contests/entry/edit/nonsense/",
    "contests:confirm_vote": "/contests/vote/confirm/nonsense/",
    "participation:confirm_email": "/participation/confirm/nonsense/",
    "participation:password_reset_confirm": "/participation/password-reset/MQ/nonsense/",
    "participation:accept_invitation": "/participation/invitation/nonsense/",
    "newsletter:confirm": "/newsletter/confirm/nonsense/",
    "newsletter:preferences": "/newsletter/preferences/nonsense/",
    "newsletter:unsubscribe": "/newsletter/unsubscribe/nonsense/",
    "password_reset_confirm": "/admin/password-reset/MQ/nonsense/",
    "core:private_file": "/files/nonsense/",
}
# Staff pages and an organisation's own account: an anonymous visitor is sent to sign in.
SIGNED_IN_ONLY = {
    "news:preview": "/news/preview/1/",
    "academy:preview": "/academy/preview/1/",
    "contests:judging": "/contests/judging/",
    "contests:judging_category": "/contests/judging/categories/1/",
    "contests:judging_export": "/contests/judging/categories/1/export.csv",
    "contests:judging_entry": "/contests/judging/entries/1/",
    "contests:judging_file": "/contests/judging/entries/1/original/",
    "contests:manage": "/contests/manage/2026/",
    "contests:manage_publish": "/contests/manage/2026/publish/",
    "contests:manage_award": "/contests/manage/entries/1/award/",
    "contests:manage_file": "/contests/manage/entries/1/original/",
    "participation:dashboard": "/participation/account/",
    "participation:edit_profile": "/participation/account/profile/",
    "participation:invite": "/participation/account/invite/",
    "participation:resend_confirmation": "/participation/account/resend-confirmation/",
    "participation:activity_create": "/participation/account/activities/new/",
    "participation:own_activity": "/participation/account/activities/1/",
    "participation:activity_edit": "/participation/account/activities/1/edit/",
    "participation:enter_contest": "/participation/account/activities/1/contest/",
    "participation:pledge": "/participation/campaigns/green-curtain/pledge/",
    "participation:logout": "/participation/logout/",
    "accounts:verify": "/admin/two-factor/verify/",
    "accounts:enrol": "/admin/two-factor/enrol/",
    "accounts:recovery_codes": "/admin/two-factor/recovery-codes/",
    "admin_password_reset": "/admin/password-reset/",
    "password_reset_done": "/admin/password-reset/sent/",
    "password_reset_complete": "/admin/password-reset/done/",
    "contests:vote": "/contests/2026/works/00000000-0000-0000-0000-000000000000/vote/",
    "contests:entered": "/contests/2027/entered/",
}
# Served outside the language prefixes: reached once, not in each language.
LANGUAGE_NEUTRAL_ROUTES = {"healthz", "robots", "sitemap", "sitemap-section", "bench-floor"}
# Shown only after a form is sent (a redirect target), or only while DEBUG serves media.
AFTER_A_FORM = {
    "participation:register_done",
    "participation:password_reset_done",
    "participation:password_reset_complete",
    "newsletter:subscribe_done",
}

# Pages of one record each: several records of every kind are crawled, not only one.
DETAIL_ROUTES = (
    "news:detail",
    "events:detail",
    "events:ics",
    "municipalities:detail",
    "emissions:detail",
    "grants:detail",
    "academy:lesson",
    "contests:work",
    "participation:organisation",
    "participation:activity",
    "initiatives:detail",
)


def test_every_public_page_of_the_demo_answers_without_a_server_error(demo, record_property):
    client = Client(raise_request_exception=False)
    site = crawl.crawl_site(client)
    for address in {**SIGNED_LINKS, **SIGNED_IN_ONLY}.values():
        site._get(address)
        site._get("/en" + address)
    counts = site.per_language()
    database = connection.vendor
    record_property(
        "summary",
        f"crawl on {database}: {counts.get('ja', 0)} Japanese, {counts.get('en', 0)} English "
        f"and {counts.get('neutral', 0)} language-neutral URLs (API, sitemaps, robots) visited; "
        f"{len(site.failures)} answered 5xx",
    )
    assert site.failures == []

    reached = {(route, language) for (route, language), n in site.routes.items() if n}
    missing = []
    for route, pattern in crawl.url_patterns().items():
        if route in SIGNED_LINKS or route in SIGNED_IN_ONLY or route in AFTER_A_FORM:
            continue
        if route.startswith("api:") or route in LANGUAGE_NEUTRAL_ROUTES:
            if route != "bench-floor" and (route, "neutral") not in reached:
                missing.append(f"{route} ({pattern})")
            continue
        missing += [f"{route} in {lang}" for lang in ("ja", "en") if (route, lang) not in reached]
    assert missing == [], "public URL patterns no page, sitemap or API list leads to"
    assert counts["ja"] >= 300 and counts["en"] >= 300
    for route in DETAIL_ROUTES:
        for language in ("ja", "en"):
            assert site.routes[(route, language)] >= 3, (route, language)
