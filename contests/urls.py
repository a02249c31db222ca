from django.urls import path

from .views import entries, gallery, judging, manage

app_name = "contests"

urlpatterns = [
    path("", entries.contest_index, name="index"),
    path("entry/confirm/<str:token>/", entries.confirm, name="confirm"),
    path("entry/edit/<str:token>/", entries.edit, name="edit"),
    path("vote/confirm/<str:token>/", gallery.confirm_vote, name="confirm_vote"),
    path("judging/", judging.judging_index, name="judging"),
    path("judging/categories/<int:pk>/", judging.judging_category, name="judging_category"),
    path("judging/categories/<int:pk>/export.csv", judging.judging_export, name="judging_export"),
    path("judging/entries/<int:pk>/", judging.judging_entry, name="judging_entry"),
    path("judging/entries/<int:pk>/<str:kind>/", judging.judging_file, name="judging_file"),
    path("manage/<int:year>/", manage.manage, name="manage"),
    path("manage/<int:year>/publish/", manage.manage_publish, name="manage_publish"),
    path("manage/entries/<int:pk>/award/", manage.manage_award, name="manage_award"),
    path("manage/entries/<int:pk>/<str:kind>/", manage.manage_file, name="manage_file"),
    path("<int:year>/", entries.contest_detail, name="detail"),
    path("<int:year>/enter/", entries.enter, name="enter"),
    path("<int:year>/entered/", entries.entered, name="entered"),
    path("<int:year>/gallery/", gallery.gallery, name="gallery"),
    path("<int:year>/results/", gallery.results, name="results"),
    path("<int:year>/works/<uuid:public_id>/", gallery.work, name="work"),
    path("<int:year>/works/<uuid:public_id>/vote/", gallery.vote, name="vote"),
]
