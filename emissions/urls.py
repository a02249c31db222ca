from django.urls import path

from . import views

app_name = "emissions"

urlpatterns = [
    path("", views.emissions_index, name="index"),
    path("compare/", views.emissions_compare, name="compare"),
    path("data/", views.emissions_data_dictionary, name="data"),
    path("data.csv", views.emissions_data_file, name="data_csv"),
    path("data.xlsx", views.emissions_data_file, {"file_format": "xlsx"}, name="data_xlsx"),
    path("<str:code>/", views.emissions_detail, name="detail"),
]
