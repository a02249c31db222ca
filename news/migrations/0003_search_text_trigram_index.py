"""A trigram index serving the substring search (LIKE '%word%') on PostgreSQL.

It serves words of three characters or more (ゴーヤ, カーテン, okutama); a LIKE on a shorter word
(環境) has no trigram to look up, so PostgreSQL keeps the sequential scan for it. SQLite (a
laptop) has no such index and needs none.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "news_article_search_text_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON news_article "
            "USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_search_text"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
