from django.urls import path

from . import views

app_name = "academy"

urlpatterns = [
    path("", views.course_index, name="index"),
    path("preview/<int:pk>/", views.lesson_preview, name="preview"),
    path("<slug:slug>/", views.course_detail, name="course"),
    path("<slug:slug>/<int:position>/", views.lesson_detail, name="lesson"),
]
