"""The open-data API's pagination: ninja's, with bounds that every database query can hold.

Ninja leaves `offset`, `limit` and `page` unbounded; past PostgreSQL's bigint a request fails in
the database (a server error) instead of being refused. Beyond these bounds no list has rows
anyway, so a request past them is answered 422 like any other invalid parameter. A page holds
at most MAX_PAGE_SIZE items.
"""

from ninja import Field, Schema
from ninja import pagination as ninja_pagination

# Far beyond any list the portal serves, and small enough that offset + limit and
# (page - 1) * page_size stay well inside PostgreSQL's bigint.
MAX_POSITION = 2**31 - 1
# One request may not ask for a whole table: 10,000 articles in one response would hold a
# worker for seconds. Whole data sets are the CSV downloads.
MAX_PAGE_SIZE = 1000


class LimitOffsetPagination(ninja_pagination.LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(ninja_pagination.settings.PAGINATION_PER_PAGE, ge=1, le=MAX_PAGE_SIZE)
        offset: int = Field(0, ge=0, le=MAX_POSITION)


class PageNumberPagination(ninja_pagination.PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_POSITION)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)
