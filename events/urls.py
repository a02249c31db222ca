from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.month_calendar, name="calendar"),
    path("feed.ics", views.feed, name="feed"),
    path("feed/<str:code>.ics", views.municipality_feed, name="municipality_feed"),
    path("feed/category/<str:category>.ics", views.category_feed, name="category_feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("cancel/<str:token>/", views.cancel, name="cancel"),
]
