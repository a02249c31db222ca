import datetime

import pytest
import time_machine
from django.utils import timezone

from academy import services
from academy.models import Audience, Course, Lesson
from core.audit import audit_trail
from core.contributions import collect_digest_items, collect_report_sections
from core.workflow import ServiceError
from tests.news.factories import make_article

pytestmark = pytest.mark.django_db


def make_course(slug="forest", *, audience=Audience.ADULTS, lessons=3, published=True):
    course = Course.objects.create(
        slug=slug,
        title_ja="森の講座",
        description_ja="説明",
        audience=audience,
        is_published=published,
    )
    for position in range(1, lessons + 1):
        Lesson.objects.create(
            course=course,
            position=position,
            title_ja=f"第{position}課",
            summary_ja="要約",
            body_ja="森林は二酸化炭素を吸収します。" * 40,
            is_published=True,
            published_at=timezone.now() - datetime.timedelta(days=10 - position),
        )
    return course


def test_index_lists_published_courses_and_filters_by_audience(client):
    make_course("adults")
    make_course("kids", audience=Audience.CHILDREN)
    make_course("hidden", published=False)
    slugs = [c.slug for c in client.get("/academy/").context["courses"]]
    assert sorted(slugs) == ["adults", "kids"]
    slugs = [c.slug for c in client.get("/academy/?audience=children").context["courses"]]
    assert slugs == ["kids"]


def test_hidden_course_and_its_lessons_are_404(client):
    make_course("hidden", published=False)
    assert client.get("/academy/hidden/").status_code == 404
    assert client.get("/academy/hidden/1/").status_code == 404


def test_lesson_page_has_previous_next_and_reading_time(client):
    make_course(lessons=3)
    response = client.get("/academy/forest/2/")
    assert response.status_code == 200
    navigation = response.context["navigation"]
    assert navigation["previous"].position == 1
    assert navigation["next"].position == 3
    assert response.context["lesson"].reading_minutes == 2  # 600 characters at 500 a minute
    assert 'href="/academy/forest/1/" rel="prev"' in response.text
    first = client.get("/academy/forest/1/").context
    assert first["navigation"]["previous"] is None


def test_scheduled_lesson_is_hidden_and_skipped_by_neighbours(client):
    course = make_course(lessons=2)
    moment = timezone.now() + datetime.timedelta(days=1)
    Lesson.objects.create(
        course=course,
        position=3,
        title_ja="予約",
        summary_ja="s",
        body_ja="b",
        is_published=True,
        published_at=moment,
    )
    assert client.get("/academy/forest/3/").status_code == 404
    assert client.get("/academy/forest/2/").context["navigation"]["next"] is None
    with time_machine.travel(moment + datetime.timedelta(seconds=1), tick=False):
        assert client.get("/academy/forest/3/").status_code == 200


def test_plain_japanese_version_is_offered_when_written(client):
    course = make_course(lessons=1)
    Lesson.objects.filter(course=course).update(plain_japanese_body="もりは　たいせつ　です。")
    page = client.get("/academy/forest/1/?version=plain").content.decode()
    assert "もりは　たいせつ　です。" in page
    assert "森林は二酸化炭素" not in page


def test_lesson_shows_related_published_news(client):
    course = make_course(lessons=1)
    public = make_article(title="森林のニュース")
    draft = make_article(title="下書き", status="draft")
    Lesson.objects.get(course=course).related_articles.set([public, draft])
    assert client.get("/academy/forest/1/").context["related_articles"] == [public]
    # And the article links back to the lesson.
    assert "第1課" in client.get(f"/news/{public.pk}/").content.decode()


def test_lesson_body_is_sanitised(client):
    course = make_course(lessons=1)
    Lesson.objects.filter(course=course).update(body_ja='<img src=x onerror="alert(1)">本文')
    page = client.get("/academy/forest/1/").content.decode()
    assert "onerror" not in page


def test_pages_run_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for number in range(30):
        make_course(f"course-{number}", lessons=10)
    with django_assert_max_num_queries(3):
        client.get("/academy/")
    with django_assert_max_num_queries(3):
        client.get("/academy/course-5/")
    with django_assert_max_num_queries(4):
        client.get("/academy/course-5/5/")


def test_search_page_finds_lessons_with_news(client):
    make_course(lessons=1)
    make_article(title="森林の記事")
    kinds = {r["kind"] for r in client.get("/news/search/?q=森林").context["results"]}
    assert kinds == {"news", "academy"}


def test_only_editors_publish_lessons(chiyoda_staff, editor_user):
    course = make_course(lessons=0)
    lesson = Lesson.objects.create(
        course=course, position=1, title_ja="t", summary_ja="s", body_ja="b"
    )
    with pytest.raises(ServiceError):
        services.publish_lesson(lesson_id=lesson.pk, actor=chiyoda_staff)
    services.publish_lesson(lesson_id=lesson.pk, actor=editor_user)
    assert Lesson.objects.published().filter(pk=lesson.pk).exists()
    with pytest.raises(ServiceError):
        services.publish_lesson(lesson_id=lesson.pk, actor=editor_user)
    services.unpublish_lesson(lesson_id=lesson.pk, actor=editor_user)
    assert not Lesson.objects.published().filter(pk=lesson.pk).exists()
    assert [e.action for e in audit_trail(lesson)] == ["unpublish", "publish"]


def test_course_needs_a_published_lesson_before_publication(editor_user):
    course = make_course(lessons=0, published=False)
    with pytest.raises(ServiceError):
        services.set_course_published(course_id=course.pk, actor=editor_user, published=True)


def test_api_lists_published_lessons(client):
    make_course(lessons=2)
    make_course("hidden", published=False)
    data = client.get("/api/academy/lessons").json()
    assert data["count"] == 2
    assert client.get("/api/academy/courses").json()[0]["slug"] == "forest"


def test_sitemap_lists_courses_and_lessons(client):
    make_course(lessons=1)
    lessons = client.get("/sitemap-academy-lessons.xml").content.decode()
    courses = client.get("/sitemap-academy-courses.xml").content.decode()
    assert "/academy/forest/1/</loc>" in lessons
    assert "/en/academy/forest/</loc>" in courses


@time_machine.travel(datetime.datetime(2026, 11, 28, 12, tzinfo=datetime.UTC), tick=False)
def test_digest_and_report_include_lessons():
    make_course(lessons=2)
    now = timezone.now()
    items = [
        i
        for i in collect_digest_items(since=now - datetime.timedelta(days=30), until=now)
        if i.kind == "academy"
    ]
    assert len(items) == 2
    sections = collect_report_sections(fiscal_year=2026)
    assert [s for s in sections if s.app_label == "academy"][0].figures[0][1] == "2"


def test_home_shows_courses(client):
    make_course()
    assert "森の講座" in client.get("/").content.decode()


def test_editor_previews_an_unpublished_lesson_and_visitors_cannot(client, editor_user):
    course = make_course(lessons=1, published=False)
    lesson = Lesson.objects.create(
        course=course, position=2, title_ja="準備中のレッスン", summary_ja="s", body_ja="b"
    )
    assert client.get(f"/academy/preview/{lesson.pk}/").status_code == 302
    client.force_login(editor_user)
    response = client.get(f"/academy/preview/{lesson.pk}/")
    assert response.status_code == 200
    assert "準備中のレッスン" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
