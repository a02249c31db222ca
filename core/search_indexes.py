"""A trigram index for a substring search (LIKE '%word%') column, on PostgreSQL only.

It serves words of three characters or more (ゴーヤ, カーテン, okutama); a LIKE on a shorter word
(環境) has no trigram to look up, so PostgreSQL keeps the sequential scan for it. SQLite (a
laptop) has no such index and needs none. The pg_trgm extension comes from news 0003.
"""

from django.db import migrations


def trigram_index(table: str, column: str) -> migrations.RunPython:
    """A migration operation creating (and, reversed, dropping) `<table>_<column>_trgm`."""
    name = f"{table}_{column}_trgm"

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)
