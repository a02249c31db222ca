"""A trigram index serving the articles' substring search on PostgreSQL (core.search_indexes)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from core.search_indexes import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_search_text"),
    ]

    operations = [
        TrigramExtension(),
        trigram_index("news_article", "search_text"),
    ]
