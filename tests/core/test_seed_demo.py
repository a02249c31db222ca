from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    first = StringIO()
    call_command("seed_demo", stdout=first)
    after_first = row_counts()
    second = StringIO()
    call_command("seed_demo", stdout=second)
    assert row_counts() == after_first
    assert "password:" in first.getvalue()
    assert "password:" not in second.getvalue()


@pytest.mark.django_db
def test_every_file_the_demo_names_is_in_its_fields_storage(client):
    from django.db.models import FileField

    call_command("seed_demo", stdout=StringIO())
    missing, named = [], 0
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, FileField):
                continue
            names = model._default_manager.exclude(**{field.name: ""}).values_list(field.name)
            for (name,) in set(names):
                named += 1
                if name and not field.storage.exists(name):
                    missing.append(f"{model._meta.label}.{field.name}: {name}")
    assert named and not missing
    # The demo's news photos reach their pages as renditions (the originals are private).
    from news.models import Article

    article = Article.objects.published().exclude(hero_image="").order_by("-published_at").first()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="article__hero"' in page and "/media/renditions/" in page
