from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("<int:fiscal_year>/", views.report_detail, name="detail"),
    path("<int:fiscal_year>/<str:kind>/", views.report_download, name="download"),
]
