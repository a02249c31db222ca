from django.urls import path

from . import views

app_name = "academy"

urlpatterns = [
    path("", views.course_index, name="index"),
    path("<slug:slug>/", views.course_detail, name="course"),
    path("<slug:slug>/<int:position>/", views.lesson_detail, name="lesson"),
]
