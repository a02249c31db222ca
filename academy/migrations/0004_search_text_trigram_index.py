"""A trigram index for the lessons' substring search on PostgreSQL (core.search_indexes)."""

from django.db import migrations

from core.search_indexes import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("academy", "0003_search_text"),
        # The pg_trgm extension.
        ("news", "0003_search_text_trigram_index"),
    ]

    operations = [
        trigram_index("academy_lesson", "search_text"),
    ]
