from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.document_index, name="index"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/files/<int:number>/", views.document_file, name="file"),
]
