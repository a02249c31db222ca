from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("", views.newsletter_index, name="index"),
    path("subscribe/", views.subscribe_view, name="subscribe"),
    path("subscribe/thanks/", views.subscribe_done, name="subscribe_done"),
    path("confirm/<str:token>/", views.confirm_view, name="confirm"),
    path("preferences/<str:token>/", views.preferences_view, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("issues/<int:pk>/", views.issue_detail, name="issue"),
]
