"""Single figures (a count, a sum, the newest of something) of several tables in one query.

A page that shows a handful of counters from different tables would otherwise ask once per
counter. `one_value` turns a queryset into a subquery of one row and one column, and
`values_at_once` asks every such subquery in a single `SELECT (…), (…), …`, so a page's summary
costs one round trip however many apps add a figure to it (core.sections collects them).
"""

from django.db import connections, router
from django.db.models import QuerySet, Value


def one_value(queryset: QuerySet, **aggregate) -> QuerySet:
    """`queryset` aggregated to one row with one column: `one_value(qs, n=Count("pk"))`.

    Grouping by a constant groups nothing, so the aggregate covers every row of the queryset
    and an empty one still answers (a count of 0, a sum of NULL).
    """
    (name,) = aggregate
    return (
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(**aggregate)
        .values(name)
    )


def values_at_once(queries: dict[str, QuerySet]) -> dict[str, object]:
    """The value of each one-row, one-column queryset, by its name, from one query.

    Values come as the database driver returns them (NULL as None; on SQLite a sum of
    decimals as a float): callers convert them as the field they summed would.
    """
    if not queries:
        return {}
    using = router.db_for_read(next(iter(queries.values())).model)
    selected, parameters = [], []
    for queryset in queries.values():
        sql, params = queryset.query.sql_with_params()
        selected.append(f"({sql})")
        parameters.extend(params)
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selected), parameters)
        row = cursor.fetchone()
    return dict(zip(queries, row, strict=True))
