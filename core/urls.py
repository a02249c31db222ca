from django.urls import path

from . import views
from .files.access import private_file

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("files/<str:token>/", private_file, name="private_file"),
]
