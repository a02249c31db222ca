"""The read-only open-data API; each app adds its router from its own api.py."""

import datetime

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from .dates import in_tokyo
from .discovery import app_modules


class TokyoJSONEncoder(NinjaJSONEncoder):
    """Moments leave in ISO 8601 with Tokyo's offset (2026-12-02T13:00:00+09:00), never UTC."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and o.tzinfo is not None:
            o = in_tokyo(o)
        return super().default(o)


class TokyoJSONRenderer(JSONRenderer):
    encoder_class = TokyoJSONEncoder


api = NinjaAPI(
    title="ECO Net Tokyo 62 open data API",
    version="1",
    description=(
        "Read-only open data of the joint climate and nature program of Tokyo's 62 municipalities."
    ),
    urls_namespace="api",
    renderer=TokyoJSONRenderer(),
    # The browsable docs are a portal page in both languages (core.api_docs), not ninja's own.
    docs_url=None,
)

for module in app_modules("api"):
    router = getattr(module, "router", None)
    if router is not None:
        api.add_router(f"/{module.__name__.split('.')[0]}/", router)
