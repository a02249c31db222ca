from django.urls import path

from . import views
from .api_docs import api_docs
from .files.access import private_file

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("api/docs", api_docs, name="api_docs"),
    path("files/<str:token>/", private_file, name="private_file"),
]
