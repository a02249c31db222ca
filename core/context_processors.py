from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from .fiscal import current_fiscal_year
from .navigation import main_navigation


def portal(request):
    current_language = translation.get_language()
    return {
        "main_navigation": main_navigation(request.path),
        "language_links": [
            {
                "code": code,
                "name": name,
                "native": {"ja": "日本語", "en": "English"}.get(code, name),
                "url": translate_url(request.get_full_path(), code),
                "current": code == current_language,
            }
            for code, name in settings.LANGUAGES
        ],
        "current_fiscal_year": current_fiscal_year(),
        "site_url": settings.SITE_URL,
    }
