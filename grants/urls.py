from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("", views.showcase, name="index"),
    path("<int:pk>/", views.project_detail, name="detail"),
]
