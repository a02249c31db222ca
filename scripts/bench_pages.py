"""Print, as JSON, the public pages `make bench` measures, picked from the large data set."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eco62.settings")


def main() -> None:
    import django

    django.setup()
    from django.db.models import Count

    from academy.models import Lesson
    from events.models import Event
    from news.models import Article

    # The newest with a photo: the mixed round's articles are newer and have none.
    article = Article.objects.published().exclude(hero_image="").order_by("-published_at").first()
    lesson = Lesson.objects.published().select_related("course").order_by("pk").first()
    event = (
        Event.objects.public()
        .annotate(registered=Count("registrations"))
        .order_by("-registered", "pk")
        .first()
    )
    pages = {
        "home": "/",
        "news list": "/news/",
        "article": article.get_absolute_url(),
        "academy lesson": lesson.get_absolute_url(),
        "events list": "/events/",
        "event page": event.get_absolute_url(),
        "emissions overview": "/emissions/",
        "municipality emissions": "/emissions/131211/",
        "municipality profile": "/municipalities/131211/",
        "search": "/search/?q=%E7%92%B0%E5%A2%83",
        "grants showcase": "/grants/",
        "home (English)": "/en/",
    }
    print(json.dumps(pages, ensure_ascii=False))


if __name__ == "__main__":
    main()
