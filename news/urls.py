from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.article_index, name="index"),
    path("search/", views.search, name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/<str:code>/", feeds.MunicipalityArticlesFeed(), name="municipality_feed"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
]
