import pytest
from django.core import mail
from django.utils import timezone

from newsletter import services
from newsletter.models import Bounce, Issue, IssueStatus, SubscriberStatus
from tests.sitemaps import all_sitemap_xml

from .factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.NEWSLETTER_MESSAGES_PER_SECOND = 0


@pytest.fixture
def sent_issue():
    return IssueFactory(status=IssueStatus.SENT, sent_at=timezone.now())


def test_newsletter_page_has_the_signup_form_and_past_issues(
    client, sent_issue, django_assert_max_num_queries
):
    IssueFactory(subject_ja="未配信の下書き")
    with django_assert_max_num_queries(8):
        response = client.get("/newsletter/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="email"' in body and "今月のニュースレター" in body
    assert "未配信の下書き" not in body
    # The honeypot is in the form but hidden from people and assistive technology.
    assert 'class="newsletter-hp" aria-hidden="true"' in body


def test_a_sent_issue_has_a_public_web_version_and_drafts_do_not(client, sent_issue):
    assert client.get(f"/en/newsletter/issues/{sent_issue.pk}/").status_code == 200
    assert "The body." in client.get(f"/en/newsletter/issues/{sent_issue.pk}/").content.decode()
    draft = IssueFactory()
    assert client.get(f"/newsletter/issues/{draft.pk}/").status_code == 404


def test_home_page_invites_to_subscribe(client, sent_issue):
    body = client.get("/").content.decode()
    assert 'href="/newsletter/subscribe/"' in body
    assert f'href="/newsletter/issues/{sent_issue.pk}/"' in body


def test_sitemap_lists_sent_issues(client, sent_issue):
    assert f"/newsletter/issues/{sent_issue.pk}/" in all_sitemap_xml(client)


def test_secretariat_drafts_from_new_content_in_the_admin(client, secretariat_user):
    client.force_login(secretariat_user)
    assert "Draft from new content" in client.get("/en/admin/newsletter/issue/").content.decode()
    response = client.post("/admin/newsletter/issue/draft-from-new-content/")
    issue = Issue.objects.get()
    assert response["Location"].endswith(f"/admin/newsletter/issue/{issue.pk}/change/")
    assert issue.status == IssueStatus.DRAFT


def test_admin_shows_recipient_count_and_preview(client, secretariat_user):
    SubscriberFactory.create_batch(3)
    SubscriberFactory(status=SubscriberStatus.PENDING, confirmed_at=None)
    issue = IssueFactory()
    client.force_login(secretariat_user)
    page = client.get(f"/admin/newsletter/issue/{issue.pk}/send/")
    assert page.context["recipient_count"] == 3
    preview = client.get(f"/admin/newsletter/issue/{issue.pk}/preview/?language=en")
    assert preview.status_code == 200
    assert "The body." in preview.content.decode()
    assert "sandbox" in preview["Content-Security-Policy"]


def test_test_send_goes_to_the_staff_member(client, secretariat_user):
    SubscriberFactory()
    issue = IssueFactory()
    client.force_login(secretariat_user)
    client.post(f"/admin/newsletter/issue/{issue.pk}/test-send/", {"language": "ja"})
    assert [m.to for m in mail.outbox] == [[secretariat_user.email]]


def test_sending_from_the_admin_and_the_progress_figures(client, secretariat_user):
    SubscriberFactory.create_batch(3)
    issue = IssueFactory()
    client.force_login(secretariat_user)
    response = client.post(f"/admin/newsletter/issue/{issue.pk}/send/")
    assert response.status_code == 302
    progress = client.get(f"/admin/newsletter/issue/{issue.pk}/progress/").json()
    assert (progress["sent"], progress["total"], progress["failed"]) == (3, 3, 0)
    assert progress["percent"] == 100
    assert len(mail.outbox) == 3
    # A sent issue is read-only: what subscribers received stays on record.
    page = client.get(f"/admin/newsletter/issue/{issue.pk}/change/")
    assert page.status_code == 200
    assert f"/admin/newsletter/delivery/?issue__id__exact={issue.pk}" in page.content.decode()
    deliveries = client.get(f"/admin/newsletter/delivery/?issue__id__exact={issue.pk}")
    assert len(deliveries.context["cl"].result_list) == 3
    assert client.post(f"/admin/newsletter/issue/{issue.pk}/change/", {}).status_code == 403


def test_an_editor_cannot_send_from_the_admin(client, editor_user):
    SubscriberFactory()
    issue = IssueFactory()
    client.force_login(editor_user)
    page = client.get(f"/en/admin/newsletter/issue/{issue.pk}/change/").content.decode()
    assert "Send to subscribers" not in page
    response = client.post(f"/en/admin/newsletter/issue/{issue.pk}/send/", follow=True)
    assert "Only the secretariat can send the newsletter." in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    assert mail.outbox == []


def test_bounces_marked_in_the_admin_suppress_the_address(client, secretariat_user):
    subscriber = SubscriberFactory()
    client.force_login(secretariat_user)
    client.post(
        "/admin/newsletter/subscriber/",
        {"action": "mark_hard_bounce", "_selected_action": [subscriber.pk]},
    )
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.SUPPRESSED
    assert Bounce.objects.filter(subscriber=subscriber).count() == 1


def test_newsletter_chapter_of_the_annual_report_counts_deliveries(secretariat_user):
    from newsletter.reporting import annual_report_section

    SubscriberFactory.create_batch(2)
    issue = IssueFactory()
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    issue.refresh_from_db()
    from core.fiscal import fiscal_year_of

    section = annual_report_section(fiscal_year=fiscal_year_of(issue.sent_at))
    figures = dict(section.figures)
    assert list(figures.values()) == ["1", "2", "2"]
    assert annual_report_section(fiscal_year=2010) is None


def test_home_shows_a_newly_sent_issue_despite_the_cache(client, secretariat_user):
    assert "/newsletter/issues/" not in client.get("/").content.decode()  # cached: none yet
    issue = IssueFactory(subject_ja="新しい号")
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    assert f'href="/newsletter/issues/{issue.pk}/"' in client.get("/").content.decode()


def test_municipal_staff_cannot_see_subscribers(client, chiyoda_staff):
    SubscriberFactory()
    client.force_login(chiyoda_staff)
    assert client.get("/admin/newsletter/subscriber/").status_code == 403
    assert client.get("/admin/newsletter/issue/").status_code == 403


def test_editors_compose_but_never_see_addresses(client, editor_user):
    client.force_login(editor_user)
    assert client.get("/admin/newsletter/issue/").status_code == 200
    assert client.get("/admin/newsletter/subscriber/").status_code == 403
    assert client.get("/admin/newsletter/delivery/").status_code == 403
