"""The article admin: scoped to the staff member's municipality, safe images, publishing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from news.models import Article, Status
from tests import uploads

from .factories import image_upload, make_article

pytestmark = pytest.mark.django_db

ADMIN = "/admin/news/article/"


def form_data(**overrides):
    data = {
        "kind": "topic",
        "title_ja": "新しい記事",
        "lead_ja": "リード",
        "body_ja": "本文",
        "municipalities": [],
        "gallery-TOTAL_FORMS": "0",
        "gallery-INITIAL_FORMS": "0",
        "gallery-MIN_NUM_FORMS": "0",
        "gallery-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.fixture
def articles(db):
    return (
        make_article(status=Status.DRAFT, municipality="131016", title="千代田の下書き"),
        make_article(status=Status.DRAFT, municipality="132012", title="八王子の下書き"),
        make_article(title="事務局の記事"),
    )


def test_staff_list_only_their_municipalitys_articles(client, chiyoda_staff, articles):
    client.force_login(chiyoda_staff)
    response = client.get(ADMIN)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [articles[0]]


@pytest.mark.parametrize("suffix", ["change/", "history/", "delete/"])
def test_another_municipalitys_article_is_404(client, chiyoda_staff, articles, suffix):
    client.force_login(chiyoda_staff)
    assert client.get(f"{ADMIN}{articles[1].pk}/{suffix}").status_code == 404
    assert client.get(f"{ADMIN}{articles[2].pk}/{suffix}").status_code == 404
    assert client.get(f"{ADMIN}{articles[0].pk}/{suffix}").status_code == 200


def test_staff_cannot_change_another_municipalitys_article_by_post(client, chiyoda_staff, articles):
    client.force_login(chiyoda_staff)
    response = client.post(f"{ADMIN}{articles[1].pk}/change/", form_data(title_ja="乗っ取り"))
    assert response.status_code == 404
    assert Article.objects.get(pk=articles[1].pk).title_ja == "八王子の下書き"


def test_staff_draft_is_bound_to_their_own_municipality(client, chiyoda_staff):
    client.force_login(chiyoda_staff)
    response = client.post(f"{ADMIN}add/", form_data(municipality="132012"))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title_ja="新しい記事")
    assert article.municipality_id == "131016"
    assert article.status == Status.DRAFT
    assert article.created_by == chiyoda_staff
    assert list(article.municipalities.values_list("pk", flat=True)) == ["131016"]


def test_staff_cannot_relate_their_draft_to_another_municipality(client, chiyoda_staff):
    client.force_login(chiyoda_staff)
    response = client.post(f"{ADMIN}add/", form_data(municipalities=["132012"]))
    assert response.status_code == 200
    assert "municipalities" in response.context["adminform"].form.errors


def test_staff_cannot_edit_a_submitted_article(client, chiyoda_staff):
    submitted = make_article(status=Status.SUBMITTED, municipality="131016")
    client.force_login(chiyoda_staff)
    response = client.post(f"{ADMIN}{submitted.pk}/change/", form_data(title_ja="変更"))
    assert response.status_code == 403
    assert Article.objects.get(pk=submitted.pk).title_ja != "変更"


def test_staff_submit_through_the_admin_action(client, chiyoda_staff, articles):
    client.force_login(chiyoda_staff)
    client.post(
        ADMIN, {"action": "submit_selected", "_selected_action": [articles[0].pk]}, follow=True
    )
    assert Article.objects.get(pk=articles[0].pk).status == Status.SUBMITTED


def test_staff_are_not_offered_the_publish_action(client, chiyoda_staff, articles):
    client.force_login(chiyoda_staff)
    actions = dict(client.get(ADMIN).context["action_form"].fields["action"].choices)
    assert "submit_selected" in actions
    assert "publish_selected" not in actions
    client.post(ADMIN, {"action": "publish_selected", "_selected_action": [articles[0].pk]})
    assert Article.objects.get(pk=articles[0].pk).status == Status.DRAFT


def test_editor_publishes_through_the_admin_action(client, editor_user, articles):
    client.force_login(editor_user)
    response = client.post(
        ADMIN,
        {"action": "publish_selected", "_selected_action": [articles[0].pk, articles[2].pk]},
        follow=True,
    )
    assert Article.objects.get(pk=articles[0].pk).status == Status.PUBLISHED
    # The already published one is refused with a message, not a traceback.
    messages = [str(m) for m in response.context["messages"]]
    assert any("cannot become" in m or "公開" in m for m in messages)


def test_hero_image_is_stripped_of_exif_and_needs_alt_text(client, editor_user):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (35.0, 41.0, 0.0)}  # GPS: a home's position
    client.force_login(editor_user)
    response = client.post(
        f"{ADMIN}add/", form_data(hero_image=image_upload("home.jpg", exif=exif))
    )
    assert response.status_code == 200
    assert "hero_image_alt" in str(response.context["adminform"].form.errors)
    response = client.post(
        f"{ADMIN}add/",
        form_data(hero_image=image_upload("home.jpg", exif=exif), hero_image_alt_ja="庭の写真"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    with article.hero_image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("fake.png", b"<?php echo 'not an image'; ?>", "image/png"),
        SimpleUploadedFile(
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
            "image/svg+xml",
        ),
    ],
    ids=["text-named-png", "svg"],
)
def test_bad_images_are_refused(client, editor_user, upload):
    client.force_login(editor_user)
    response = client.post(f"{ADMIN}add/", form_data(hero_image=upload, hero_image_alt_ja="説明"))
    assert response.status_code == 200
    assert "hero_image" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_gif_is_refused_even_with_a_jpeg_name(client, editor_user):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="GIF")
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), "image/jpeg")
    client.force_login(editor_user)
    response = client.post(f"{ADMIN}add/", form_data(hero_image=upload, hero_image_alt_ja="説明"))
    assert "hero_image" in response.context["adminform"].form.errors


@pytest.mark.parametrize(
    "name,build",
    [pytest.param(*uploads.HOSTILE_DOCUMENTS[case], id=case) for case in uploads.HOSTILE_DOCUMENTS]
    + [pytest.param(*uploads.HOSTILE_IMAGES[case], id=case) for case in uploads.HOSTILE_IMAGES],
)
def test_hostile_hero_images_are_refused_without_a_server_error(client, editor_user, name, build):
    client.force_login(editor_user)
    response = client.post(
        f"{ADMIN}add/",
        form_data(hero_image=uploads.upload(name, build()), hero_image_alt_ja="説明"),
    )
    assert response.status_code == 200
    assert "hero_image" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_preview_link_and_thumbnail_show_in_the_change_form(client, editor_user, articles):
    client.force_login(editor_user)
    html = client.get(f"{ADMIN}{articles[0].pk}/change/").content.decode()
    assert f"/news/preview/{articles[0].pk}/" in html


def test_staff_save_and_submit_from_the_form(client, chiyoda_staff):
    client.force_login(chiyoda_staff)
    assert "_save_and_submit" in client.get(f"{ADMIN}add/").content.decode()
    response = client.post(f"{ADMIN}add/", form_data(_save_and_submit="1"))
    assert response.status_code == 302
    assert Article.objects.get().status == Status.SUBMITTED


def test_editor_save_and_publish_from_the_form_with_a_future_time(client, editor_user):
    client.force_login(editor_user)
    response = client.post(
        f"{ADMIN}add/",
        form_data(_save_and_publish="1", published_at_0="2099-01-01", published_at_1="09:00:00"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Status.PUBLISHED
    assert article.is_scheduled
    assert not Article.objects.published().exists()


def test_save_and_publish_is_refused_for_staff_even_if_posted(client, chiyoda_staff):
    client.force_login(chiyoda_staff)
    client.post(f"{ADMIN}add/", form_data(_save_and_publish="1"), follow=True)
    assert Article.objects.get().status == Status.DRAFT
