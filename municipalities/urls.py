from django.urls import path

from . import views

app_name = "municipalities"

urlpatterns = [
    path("", views.municipality_index, name="index"),
    path("<str:code>/", views.municipality_detail, name="detail"),
]
