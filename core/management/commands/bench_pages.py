import json

from django.core.management.base import BaseCommand

from core.discovery import app_modules

CORE_PAGES = {
    "home": "/",
    "municipality profile": "/municipalities/131016/",
    "search": "/search/?q=%E7%92%B0%E5%A2%83",
}


class Command(BaseCommand):
    help = "Print, as JSON, the public pages `make bench` measures (each app's demo.bench_pages())."

    def handle(self, *args, **options):
        pages = dict(CORE_PAGES)
        for module in app_modules("demo"):
            bench_pages = getattr(module, "bench_pages", None)
            if bench_pages is not None:
                pages.update(bench_pages())
        self.stdout.write(json.dumps(pages, ensure_ascii=False))
