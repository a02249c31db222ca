from django.urls import path

from .views import feed, public, signin, workspace

app_name = "participation"

urlpatterns = [
    path("", public.index, name="index"),
    path("organisations/", public.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", public.organisation_detail, name="organisation"),
    path("activities/", public.activity_list, name="activities"),
    path("activities/feed/", feed.LatestActivitiesFeed(), name="feed"),
    path("activities/<int:pk>/", public.activity_detail, name="activity"),
    path("campaigns/<slug:slug>/", public.campaign_detail, name="campaign"),
    path("campaigns/<slug:slug>/pledge/", workspace.pledge, name="pledge"),
    # Registration and sign-in of organisation accounts (never the admin's).
    path("register/", signin.register, name="register"),
    path("register/done/", signin.register_done, name="register_done"),
    path("confirm/<str:token>/", signin.confirm_email, name="confirm_email"),
    path("login/", signin.login_view, name="login"),
    path("logout/", signin.logout_view, name="logout"),
    path("password-reset/", signin.password_reset, name="password_reset"),
    path(
        "password-reset/sent/", signin.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        signin.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        signin.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", signin.accept_invitation, name="accept_invitation"),
    # The organisation's own area.
    path("account/", workspace.dashboard, name="dashboard"),
    path("account/profile/", workspace.edit_profile, name="edit_profile"),
    path("account/invite/", workspace.invite, name="invite"),
    path("account/resend-confirmation/", workspace.resend_confirmation, name="resend_confirmation"),
    path("account/activities/new/", workspace.activity_create, name="activity_create"),
    path("account/activities/<int:pk>/", workspace.own_activity, name="own_activity"),
    path("account/activities/<int:pk>/edit/", workspace.activity_edit, name="activity_edit"),
    path("account/activities/<int:pk>/contest/", workspace.enter_contest, name="enter_contest"),
]
