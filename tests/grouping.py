"""A guard over every query the suite runs: ordering must never change what a query counts.

django-modeltranslation turns each translated model's `Meta.ordering` into an explicit
`order_by()`, and Django adds explicit ordering columns to the GROUP BY of a `values().annotate()`
and to the SELECT of a `values().distinct()`. Counting articles per kind then counts one row per
article (the annual report said 3 articles where 11 were published). A counting query clears the
ordering first (`.order_by()`) or orders only by what it groups; this guard makes any other query
fail the test that ran it, whichever page, report or API built it.
"""

from django.db.models.sql.compiler import SQLCompiler


class OrderingChangesCount(AssertionError):
    pass


def _describe(compiler) -> str:
    query = compiler.query
    model = query.model.__name__ if query.model else "?"
    return f"{model}: values {query.values_select}, ordered by {query.order_by}"


def install() -> None:
    """Wrap the compiler once per process (idempotent)."""
    if getattr(SQLCompiler, "_grouping_guard", False):
        return
    original_group_by = SQLCompiler.get_group_by
    original_extra_select = SQLCompiler.get_extra_select

    def get_group_by(self, select, order_by):
        grouped = original_group_by(self, select, order_by)
        # Only grouping the query chose (values() before annotate()); grouping by the model's own
        # row (annotate() alone) is per row already, whatever the order.
        if order_by and isinstance(self.query.group_by, tuple):
            if len(grouped) != len(original_group_by(self, select, [])):
                raise OrderingChangesCount(
                    "ORDER BY adds columns to GROUP BY, so the query counts per ordered row; "
                    "call .order_by() before values().annotate(). " + _describe(self)
                )
        return grouped

    def get_extra_select(self, order_by, select):
        extra = original_extra_select(self, order_by, select)
        if extra and self.query.values_select:
            raise OrderingChangesCount(
                "ORDER BY adds columns to SELECT DISTINCT, so duplicates survive; "
                "call .order_by() before values().distinct(). " + _describe(self)
            )
        return extra

    SQLCompiler.get_group_by = get_group_by
    SQLCompiler.get_extra_select = get_extra_select
    SQLCompiler._grouping_guard = True
