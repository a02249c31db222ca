from django.urls import path

from . import views

app_name = "contests"

urlpatterns = [
    path("", views.contest_index, name="index"),
    path("entry/confirm/<str:token>/", views.confirm, name="confirm"),
    path("entry/edit/<str:token>/", views.edit, name="edit"),
    path("vote/confirm/<str:token>/", views.confirm_vote, name="confirm_vote"),
    path("judging/", views.judging_index, name="judging"),
    path("judging/categories/<int:pk>/", views.judging_category, name="judging_category"),
    path("judging/categories/<int:pk>/export.csv", views.judging_export, name="judging_export"),
    path("judging/entries/<int:pk>/", views.judging_entry, name="judging_entry"),
    path("judging/entries/<int:pk>/<str:kind>/", views.judging_file, name="judging_file"),
    path("manage/<int:year>/", views.manage, name="manage"),
    path("manage/<int:year>/publish/", views.manage_publish, name="manage_publish"),
    path("manage/entries/<int:pk>/award/", views.manage_award, name="manage_award"),
    path("manage/entries/<int:pk>/<str:kind>/", views.manage_file, name="manage_file"),
    path("<int:year>/", views.contest_detail, name="detail"),
    path("<int:year>/enter/", views.enter, name="enter"),
    path("<int:year>/entered/", views.entered, name="entered"),
    path("<int:year>/gallery/", views.gallery, name="gallery"),
    path("<int:year>/results/", views.results, name="results"),
    path("<int:year>/works/<uuid:public_id>/", views.work, name="work"),
    path("<int:year>/works/<uuid:public_id>/vote/", views.vote, name="vote"),
]
