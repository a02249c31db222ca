import datetime
import json
import re
from xml.etree import ElementTree

import pytest
import time_machine
from django.utils import timezone

from news.models import Category, Kind, Status, Tag

from .factories import bulk_articles, make_article

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_list_shows_published_articles_only(client):
    shown = make_article(title="公開された記事")
    make_article(title="下書きの記事", status=Status.DRAFT)
    make_article(title="予約された記事", published_at=timezone.now() + datetime.timedelta(hours=1))
    response = client.get("/news/")
    assert response.status_code == 200
    assert list(response.context["articles"]) == [shown]
    assert "下書きの記事" not in response.content.decode()


def test_list_filters_by_municipality_kind_category_and_fiscal_year(client):
    nature = Category.objects.create(slug="nature", name_ja="自然")
    chiyoda = make_article(municipalities=("131016",))
    make_article(municipalities=("132012",))
    initiative = make_article(kind=Kind.INITIATIVE)
    in_nature = make_article(category=nature)
    old = make_article(published_at=datetime.datetime(2020, 3, 31, 12, tzinfo=datetime.UTC))
    assert list(client.get("/news/?municipality=131016").context["articles"]) == [chiyoda]
    assert list(client.get("/news/?kind=initiative").context["articles"]) == [initiative]
    assert list(client.get("/news/?category=nature").context["articles"]) == [in_nature]
    # 2020-03-31 belongs to FY2019 (April to March).
    assert list(client.get("/news/?fiscal_year=2019").context["articles"]) == [old]


def test_list_filters_by_tag(client):
    tag = Tag.objects.create(slug="green-curtain", name_ja="グリーンカーテン")
    tagged = make_article()
    tagged.tags.add(tag)
    make_article()
    assert list(client.get("/news/?tag=green-curtain").context["articles"]) == [tagged]


def test_unknown_filter_values_are_ignored_not_an_error(client):
    make_article()
    response = client.get("/news/?municipality=999999&fiscal_year=abc")
    assert response.status_code == 200
    assert len(response.context["articles"]) == 1


def test_list_paginates_and_keeps_filters_in_page_links(client):
    bulk_articles(45)
    response = client.get("/news/?municipality=131016&page=2")
    assert response.context["page_obj"].number == 2
    assert len(response.context["articles"]) == 20
    assert "municipality=131016&amp;page=3" in response.content.decode()


def test_list_and_detail_and_search_queries_do_not_grow_with_articles(
    client, django_assert_max_num_queries
):
    bulk_articles(1000, municipalities=("131016", "132012", "131041"))
    article = make_article(municipalities=("131016",))
    with django_assert_max_num_queries(6):
        assert client.get("/news/?municipality=131016").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/news/?page=30").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(f"/news/{article.pk}/").status_code == 200
    with django_assert_max_num_queries(5):
        response = client.get("/news/search/?q=森林")
    assert response.context["total"] == 500  # capped candidate list, paginated
    with django_assert_max_num_queries(4):
        assert client.get("/news/feed/").status_code == 200


def test_detail_of_draft_or_scheduled_article_is_404(client):
    drafted = make_article(status=Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get(f"/news/{drafted.pk}/").status_code == 404
    assert client.get(f"/news/{scheduled.pk}/").status_code == 404


def test_scheduled_article_appears_when_its_time_comes(client):
    moment = datetime.datetime(2026, 7, 1, 0, 0, tzinfo=datetime.UTC)
    article = make_article(published_at=moment)
    with time_machine.travel(moment - datetime.timedelta(minutes=1), tick=False):
        assert client.get(f"/news/{article.pk}/").status_code == 404
    with time_machine.travel(moment, tick=False):
        assert client.get(f"/news/{article.pk}/").status_code == 200


def test_detail_shows_related_and_previous_next(client):
    nature = Category.objects.create(slug="nature", name_ja="自然")
    older = make_article(published_at=timezone.now() - datetime.timedelta(days=3), category=nature)
    article = make_article(published_at=timezone.now() - datetime.timedelta(days=2))
    article.category = nature
    article.save()
    newer = make_article(published_at=timezone.now() - datetime.timedelta(days=1))
    response = client.get(f"/news/{article.pk}/")
    assert response.context["previous_article"] == older
    assert response.context["next_article"] == newer
    assert response.context["related_articles"] == [older]


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="position:fixed">x</p>',
    ],
)
def test_unsafe_html_in_the_body_never_reaches_the_page(client, payload):
    article = make_article(body=f"本文\n\n{payload}\n\n続き")
    html = client.get(f"/news/{article.pk}/").content.decode()
    assert "本文" in html and "続き" in html  # the safe text around the payload survives
    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html
    assert 'style="' not in html


def test_title_cannot_break_out_of_the_json_ld_block(client):
    article = make_article(title="</script><script>alert(1)</script>")
    html = client.get(f"/news/{article.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "</script><script>alert(1)</script>"


def test_detail_has_opengraph_and_news_article_metadata(client):
    article = make_article(
        title="ゴーヤの種を配布", hero_image="demo/x.jpg", hero_image_alt_ja="種"
    )
    html = client.get(f"/news/{article.pk}/").content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="ゴーヤの種を配布">' in html
    assert 'property="article:published_time"' in html
    assert 'property="og:image"' in html
    assert '"datePublished"' in html


def test_english_page_falls_back_to_japanese_with_a_note(client):
    japanese_only = make_article(title="日本語だけの記事")
    translated = make_article(
        title="森林の記事", title_en="Forest article", lead_en="Lead", body_en="Body"
    )
    page = client.get(f"/en/news/{japanese_only.pk}/").content.decode()
    assert "日本語だけの記事" in page
    assert "available in Japanese only" in page
    page = client.get(f"/en/news/{translated.pk}/").content.decode()
    assert "Forest article" in page
    assert "available in Japanese only" not in page


def test_english_list_marks_japanese_only_cards(client):
    make_article(title="日本語だけの記事", lead="日本語のリード")
    make_article(title="森林の記事", title_en="Forest article", lead="森", lead_en="Forests")
    page = client.get("/en/news/").content.decode()
    assert '<span lang="ja">日本語だけの記事</span>' in page
    assert (
        '<span lang="ja">日本語のリード</span> <span class="ja-only">Available in Japanese only'
        in page
    )
    assert page.count('class="ja-only"') == 1
    assert "Forest article" in page
    japanese_page = client.get("/news/").content.decode()
    assert 'class="ja-only"' not in japanese_page
    assert '<span lang="ja">日本語だけの記事' not in japanese_page


def test_staff_preview_their_own_draft_but_not_anothers(client, chiyoda_staff):
    own = make_article(status=Status.DRAFT, municipality="131016", title="千代田の下書き")
    other = make_article(status=Status.DRAFT, municipality="132012")
    client.force_login(chiyoda_staff)
    response = client.get(f"/news/preview/{own.pk}/")
    assert response.status_code == 200
    assert "千代田の下書き" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(f"/news/preview/{other.pk}/").status_code == 404


def test_anonymous_visitors_cannot_preview(client):
    article = make_article(status=Status.DRAFT)
    response = client.get(f"/news/preview/{article.pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editor_previews_any_draft(client, editor_user):
    article = make_article(status=Status.DRAFT, municipality="132012")
    client.force_login(editor_user)
    assert client.get(f"/news/preview/{article.pk}/").status_code == 200


def test_search_finds_japanese_words_inside_longer_words(client):
    forest = make_article(title="奥多摩で森林セラピー体験")
    goya = make_article(title="緑のカーテン", body="ゴーヤの種を配りました。")
    make_article(title="レジ袋削減キャンペーン")
    response = client.get("/news/search/?q=森林")
    assert [r["url"] for r in response.context["results"]] == [forest.get_absolute_url()]
    assert "<mark>森林</mark>" in response.content.decode()
    response = client.get("/news/search/?q=ゴーヤ")
    assert [r["url"] for r in response.context["results"]] == [goya.get_absolute_url()]


def test_search_ranks_title_matches_first_and_requires_every_word(client):
    in_body = make_article(title="お知らせ", body="森林と里山の話", published_at=timezone.now())
    in_title = make_article(
        title="森林の手入れ", body="里山", published_at=timezone.now() - datetime.timedelta(days=9)
    )
    make_article(title="森林だけ", body="")
    response = client.get("/news/search/?q=森林　里山")  # a full-width space separates words
    assert [r["url"] for r in response.context["results"]] == [
        in_title.get_absolute_url(),
        in_body.get_absolute_url(),
    ]


def test_search_ignores_drafts_and_escapes_the_query(client):
    make_article(title="下書きの森林", status=Status.DRAFT)
    response = client.get("/news/search/", {"q": "<b>森林</b>"})
    assert response.context["results"] == []
    assert "<b>森林</b>" not in response.content.decode()


def test_search_finds_english_text_on_english_pages(client):
    article = make_article(title="森林", title_en="Forest therapy in Okutama")
    response = client.get("/en/news/search/?q=okutama")
    assert [r["url"] for r in response.context["results"]] == [f"/en/news/{article.pk}/"]


def test_atom_feed_is_well_formed_and_lists_published_articles(client):
    article = make_article(title="フィードの記事", municipalities=("131016",))
    make_article(title="下書き", status=Status.DRAFT)
    response = client.get("/news/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["フィードの記事"]
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}updated")
    entry = entries[0]
    assert entry.findtext(f"{ATOM}id").startswith("tag:")
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/news/{article.pk}/")


def test_municipality_feed_lists_only_its_articles(client):
    make_article(title="千代田の記事", municipalities=("131016",))
    make_article(title="八王子の記事", municipalities=("132012",))
    feed = ElementTree.fromstring(client.get("/news/feed/131016/").content)  # noqa: S314 - our own response
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["千代田の記事"]
    assert client.get("/news/feed/999999/").status_code == 404


def test_sitemap_lists_published_articles_in_both_languages(client):
    article = make_article()
    hidden = make_article(status=Status.DRAFT)
    assert "/sitemap-news.xml" in client.get("/sitemap.xml").content.decode()
    xml = client.get("/sitemap-news.xml").content.decode()
    index_xml = client.get("/sitemap-news-index.xml").content.decode()
    assert f"/news/{article.pk}/</loc>" in xml
    assert f"/en/news/{article.pk}/</loc>" in xml
    assert f"/news/{hidden.pk}/</loc>" not in xml
    assert "/news/</loc>" in index_xml
    ElementTree.fromstring(xml.encode())  # noqa: S314 - our own response


def test_municipality_profile_shows_its_articles(client):
    make_article(title="千代田区のエコ活動", municipalities=("131016",))
    make_article(title="八王子市のエコ活動", municipalities=("132012",))
    page = client.get("/municipalities/131016/").content.decode()
    assert "千代田区のエコ活動" in page
    assert "八王子市のエコ活動" not in page
    assert "/news/feed/131016/" in page


def test_home_shows_the_latest_articles(client):
    make_article(title="最新のニュース")
    assert "最新のニュース" in client.get("/").content.decode()
