"""English pages never show Japanese without saying so: every piece of Japanese text is inside an
element with lang="ja" (the `japanese_text` tag, `fallback_lang`, `japanese_span`).

The crawl (tests/crawl.py) reaches every public page kind of the demo; three pages of each kind
are read in English.
"""

from django.test import Client
from django.utils import translation

from core.templatetags.portal import japanese_text, shows_japanese
from tests import crawl
from tests.unmarked_japanese import unmarked_japanese

PAGES_PER_KIND = 3


def test_every_english_page_kind_marks_its_japanese_text(demo):
    client = Client(raise_request_exception=False)
    site = crawl.crawl_site(client, per_pattern=PAGES_PER_KIND)
    unmarked, pages = {}, 0
    for address, status in site.visited.items():
        if not address.startswith("/en/") or status != 200:
            continue
        response = client.get(address)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages += 1
        found = unmarked_japanese(response.content.decode())
        if found:
            unmarked[address] = found[:5]
    assert pages >= 60
    assert unmarked == {}, "\n".join(f"{page}: {found}" for page, found in unmarked.items())


def test_the_finder_reports_japanese_outside_lang_ja_only():
    page = (
        '<html lang="en"><head><title>ゴーヤ</title></head><body>'
        '<p>Green curtains <span lang="ja">ゴーヤ</span></p>'
        '<div lang="ja"><p>緑のカーテン<br>つくろう</p><img src="x" alt="写真"></div>'
        '<p>Made by 八王子市</p><img src="y" alt="写真" lang="ja"><img src="z" alt="森">'
        "<script>const t = '日本語';</script></body></html>"
    )
    assert unmarked_japanese(page) == ["<p>: Made by 八王子市", "<img alt>: 森"]


class Written:
    """A record with one translated field (title) and one that is not (author)."""

    def __init__(self, title_ja, title_en, author):
        self.title_ja, self.title_en, self.author = title_ja, title_en, author
        self.title = title_en or title_ja


def test_japanese_text_marks_a_fallback_and_untranslated_japanese_on_english_pages_only():
    fallback = Written("緑のカーテン", "", "はなこ")
    translated = Written("緑のカーテン", "Green curtains", "Hanako")
    with translation.override("en"):
        assert japanese_text(fallback, "title", note=False) == '<span lang="ja">緑のカーテン</span>'
        assert "Available in Japanese only" in japanese_text(fallback, "title")
        assert japanese_text(fallback, "author", note=False) == '<span lang="ja">はなこ</span>'
        assert japanese_text(translated, "title") == "Green curtains"
        assert japanese_text(translated, "author") == "Hanako"
    with translation.override("ja"):
        assert not shows_japanese(fallback, "title")
        assert japanese_text(fallback, "author") == "はなこ"
