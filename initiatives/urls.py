from django.urls import path

from . import views

app_name = "initiatives"

urlpatterns = [
    path("", views.initiative_index, name="index"),
    path("<int:fiscal_year>/", views.initiative_index, name="fiscal_year"),
    path("<int:fiscal_year>/<int:pk>/", views.initiative_detail, name="detail"),
]
