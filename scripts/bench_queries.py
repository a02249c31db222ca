"""SQL queries of each benchmarked page: cold, on the first request after a publish, and warm.

Run by scripts/bench.py with the production-like environment; prints JSON. Cold is a wholly
empty cache (a new Redis); "after a publish" is the worst, over every app, of the first request
after a save of that app's records (what each publish costs the page); warm is the next request.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eco62.settings")


def main() -> None:
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.pagecache import (
        IGNORED_APP_LABELS,
        _private_models,
        forget_local_state,
        invalidate_pages,
    )

    settings.ALLOWED_HOSTS = ["*"]
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0  # the page's own queries, not the page cache's
    settings.DATA_VERSION_LOCAL_SECONDS = 0
    pages = json.loads(sys.argv[1])
    models = [
        model
        for config in apps.get_app_configs()
        if config.label not in IGNORED_APP_LABELS
        for model in config.get_models()
        if model._meta.label not in _private_models()
    ]
    client = Client()

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        return len(queries)

    found = {}
    for name, path in pages.items():
        cache.clear()  # the bench's own Redis database
        forget_local_state()
        cold = count(path)
        warm = count(path)
        after = 0
        for model in {m._meta.app_label: m for m in models}.values():
            count(path)
            invalidate_pages(sender=model)
            after = max(after, count(path))
        found[name] = {"cold": cold, "after_publish": after, "warm": warm}
    print(json.dumps(found))


if __name__ == "__main__":
    main()
