from django.urls import reverse

from core.sections import Section

from .models import Article

HOME_SLOT = "news"
HOME_COUNT = 4
MUNICIPALITY_COUNT = 5


def home_section(request):
    articles = list(Article.objects.published().for_listing()[:HOME_COUNT])
    if not articles:
        return None
    return Section(template="news/home_section.html", context={"articles": articles})


def municipality_section(request, municipality):
    articles = list(
        Article.objects.published()
        .filter(municipalities__pk=municipality.code)
        .for_listing()[:MUNICIPALITY_COUNT]
    )
    return Section(
        template="news/municipality_section.html",
        context={
            "municipality": municipality,
            "articles": articles,
            "more_url": reverse("news:index") + f"?municipality={municipality.code}",
            "feed_url": reverse("news:municipality_feed", kwargs={"code": municipality.code}),
        },
    )
