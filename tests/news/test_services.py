import datetime

import pytest
import time_machine
from django.utils import timezone

from core.audit import audit_trail
from news import services, workflow
from news.models import Article, Kind, Status
from tests.concurrency import run_concurrently

from .factories import make_article

pytestmark = pytest.mark.django_db


def draft(**fields):
    return make_article(status=Status.DRAFT, **fields)


def test_staff_submit_their_own_draft(chiyoda_staff):
    article = draft(municipality="131016")
    services.submit_article(article_id=article.pk, actor=chiyoda_staff)
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert [e.to_state for e in audit_trail(article)] == [Status.SUBMITTED]


def test_staff_cannot_submit_another_municipalitys_draft(hachioji_staff):
    article = draft(municipality="131016")
    with pytest.raises(services.ArticleError):
        services.submit_article(article_id=article.pk, actor=hachioji_staff)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_a_published_article_cannot_be_submitted(editor_user):
    article = make_article()
    with pytest.raises(services.ArticleError):
        services.submit_article(article_id=article.pk, actor=editor_user)


def test_staff_cannot_publish(chiyoda_staff):
    article = draft(municipality="131016")
    with pytest.raises(services.ArticleError):
        services.publish_article(article_id=article.pk, actor=chiyoda_staff)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_editor_publishes_a_submitted_article_now(editor_user):
    article = make_article(status=Status.SUBMITTED, municipality="131016")
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC), tick=False):
        services.publish_article(article_id=article.pk, actor=editor_user)
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED
        assert article.published_at == timezone.now()
        assert article.fiscal_year == 2026
        assert Article.objects.published().filter(pk=article.pk).exists()
    # The owning municipality is always among the related ones (profile, feed, filters).
    assert list(article.municipalities.values_list("pk", flat=True)) == ["131016"]


def test_secretariat_publishes_a_draft_directly(secretariat_user):
    article = draft()
    services.publish_article(article_id=article.pk, actor=secretariat_user)
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED


def test_scheduled_article_stays_hidden_until_its_time(editor_user):
    start = datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC)
    article = draft()
    with time_machine.travel(start, tick=False):
        services.publish_article(
            article_id=article.pk, actor=editor_user, publish_at=start + datetime.timedelta(days=2)
        )
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert Article.objects.get(pk=article.pk).is_scheduled
    with time_machine.travel(start + datetime.timedelta(days=2, seconds=1), tick=False):
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_initiative_needs_as_of_and_an_owner(editor_user):
    no_owner = draft(kind=Kind.INITIATIVE, as_of=datetime.date(2026, 4, 1))
    with pytest.raises(services.ArticleError):
        services.publish_article(article_id=no_owner.pk, actor=editor_user)
    no_date = draft(kind=Kind.INITIATIVE, municipality="131016")
    with pytest.raises(services.ArticleError):
        services.publish_article(article_id=no_date.pk, actor=editor_user)


def test_initiatives_are_numbered_per_municipality(editor_user):
    as_of = datetime.date(2026, 4, 1)
    first = draft(kind=Kind.INITIATIVE, municipality="131016", as_of=as_of)
    second = draft(kind=Kind.INITIATIVE, municipality="131016", as_of=as_of)
    other = draft(kind=Kind.INITIATIVE, municipality="132012", as_of=as_of)
    for article in (first, second, other):
        services.publish_article(article_id=article.pk, actor=editor_user)
    numbers = {a.pk: a.series_number for a in Article.objects.all()}
    assert (numbers[first.pk], numbers[second.pk], numbers[other.pk]) == (1, 2, 1)


def test_republishing_keeps_the_series_number(editor_user):
    article = draft(kind=Kind.INITIATIVE, municipality="131016", as_of=datetime.date(2026, 4, 1))
    services.publish_article(article_id=article.pk, actor=editor_user)
    services.withdraw_article(article_id=article.pk, actor=editor_user)
    services.reopen_article(article_id=article.pk, actor=editor_user)
    services.publish_article(article_id=article.pk, actor=editor_user)
    assert Article.objects.get(pk=article.pk).series_number == 1


def test_publication_needs_alt_text_for_the_hero_image(editor_user):
    article = draft(hero_image="news/x.jpg")
    with pytest.raises(services.ArticleError):
        services.publish_article(article_id=article.pk, actor=editor_user)


def test_editor_returns_a_submitted_article_to_draft(editor_user, chiyoda_staff):
    article = make_article(status=Status.SUBMITTED, municipality="131016")
    with pytest.raises(services.ArticleError):
        services.return_article(article_id=article.pk, actor=chiyoda_staff)
    services.return_article(article_id=article.pk, actor=editor_user, note="写真の説明を追加")
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    assert audit_trail(article).first().note == "写真の説明を追加"


def test_withdrawn_article_leaves_the_site_and_can_be_reopened(editor_user, chiyoda_staff):
    article = make_article()
    with pytest.raises(services.ArticleError):
        services.withdraw_article(article_id=article.pk, actor=chiyoda_staff)
    services.withdraw_article(article_id=article.pk, actor=editor_user)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    with pytest.raises(services.ArticleError):
        services.reopen_article(article_id=article.pk, actor=chiyoda_staff)
    services.reopen_article(article_id=article.pk, actor=editor_user)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_a_draft_cannot_be_withdrawn(editor_user):
    article = draft()
    with pytest.raises(services.ArticleError):
        services.withdraw_article(article_id=article.pk, actor=editor_user)


def test_staff_may_edit_only_their_own_drafts(chiyoda_staff, editor_user):
    own = draft(municipality="131016")
    submitted = make_article(status=Status.SUBMITTED, municipality="131016")
    other = draft(municipality="132012")
    assert workflow.can_edit(chiyoda_staff, own)
    assert not workflow.can_edit(chiyoda_staff, submitted)
    assert not workflow.can_edit(chiyoda_staff, other)
    assert workflow.can_edit(editor_user, other)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_never_share_a_series_number(editor_user):
    as_of = datetime.date(2026, 4, 1)
    articles = [draft(kind=Kind.INITIATIVE, municipality="131016", as_of=as_of) for _ in range(4)]

    def publish(index):
        return services.publish_article(article_id=articles[index].pk, actor=editor_user)

    results = run_concurrently(publish, len(articles))
    assert not [r for r in results if isinstance(r, Exception)]
    numbers = sorted(Article.objects.values_list("series_number", flat=True))
    assert numbers == [1, 2, 3, 4]
