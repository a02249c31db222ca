from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/feed/", views.LatestActivitiesFeed(), name="feed"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign"),
    path("campaigns/<slug:slug>/pledge/", views.pledge, name="pledge"),
    # Registration and sign-in of organisation accounts (never the admin's).
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    # The organisation's own area.
    path("account/", views.dashboard, name="dashboard"),
    path("account/profile/", views.edit_profile, name="edit_profile"),
    path("account/invite/", views.invite, name="invite"),
    path("account/resend-confirmation/", views.resend_confirmation, name="resend_confirmation"),
    path("account/activities/new/", views.activity_create, name="activity_create"),
    path("account/activities/<int:pk>/", views.own_activity, name="own_activity"),
    path("account/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("account/activities/<int:pk>/contest/", views.enter_contest, name="enter_contest"),
]
