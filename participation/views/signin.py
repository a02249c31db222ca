"""The organisations' own front door: registration, e-mail confirmation, sign-in, password reset."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import posted_data
from core.ratelimit import FailureLock, client_address, rate_limited

from .. import services
from ..forms import AcceptInvitationForm, LoginForm, MemberPasswordResetForm, RegistrationForm

User = get_user_model()


@rate_limited("participation-register")
def register(request):
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.register_organisation(
                    name_ja=data["name_ja"],
                    name_en=data["name_en"],
                    kind=data["kind"],
                    municipality_id=data["municipality"].pk,
                    address=data["address"],
                    website=data["website"],
                    contact_name=data["contact_name"],
                    email=data["email"],
                    phone=data["phone"],
                    password=data["password1"],
                    language=(request.LANGUAGE_CODE or "ja")[:2],
                )
            except services.ParticipationError as error:
                form.add_error("email", error.message)
            else:
                return redirect("participation:register_done")
    else:
        form = RegistrationForm()
    return render(request, "participation/register.html", {"form": form})


def register_done(request):
    return render(request, "participation/register_done.html")


def confirm_email(request, token):
    try:
        organisation = services.confirm_organisation_email(token=token)
    except services.ParticipationError as error:
        return render(
            request, "participation/confirm_failed.html", {"message": error.message}, status=400
        )
    return render(request, "participation/confirm_done.html", {"organisation": organisation})


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("participation:dashboard")


# A lock on either count refuses even the right password until the period ends.
ACCOUNT_FAILURES = FailureLock("organisation_sign_in_account")
ADDRESS_FAILURES = FailureLock("organisation_sign_in_address")


def _is_locked(email: str, address: str) -> bool:
    return ACCOUNT_FAILURES.is_locked(email) or ADDRESS_FAILURES.is_locked(address)


def login_view(request):
    form = LoginForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        password = form.cleaned_data["password"]
        address = client_address(request)
        if _is_locked(email, address):
            form.add_error(None, _locked_message())
        else:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                User().set_password(password)  # spend the same time as a real check
            valid = user is not None and user.check_password(password)
            if valid and services.membership_of(user) is not None:
                ACCOUNT_FAILURES.clear(email)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect(_safe_next(request))
            ACCOUNT_FAILURES.record_failure(email)
            ADDRESS_FAILURES.record_failure(address)
            if _is_locked(email, address):
                form.add_error(None, _locked_message())
            else:
                form.add_error(None, _("The e-mail address or the password is not correct."))
    return render(
        request,
        "participation/login.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


def _locked_message() -> str:
    return _(
        "Too many failed sign-in attempts. Sign-in is locked for %(minutes)d minutes; "
        "you can reset your password in the meantime."
    ) % {"minutes": ACCOUNT_FAILURES.seconds // 60}


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("participation:index")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = MemberPasswordResetForm
    template_name = "participation/password_reset.html"
    email_template_name = "participation/email/password_reset.txt"
    subject_template_name = "participation/email/password_reset_subject.txt"
    success_url = reverse_lazy("participation:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "participation/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "participation/password_reset_confirm.html"
    success_url = reverse_lazy("participation:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        ACCOUNT_FAILURES.clear(self.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "participation/password_reset_complete.html"


password_reset = rate_limited("participation-password-reset")(PasswordResetView.as_view())


def accept_invitation(request, token):
    try:
        organisation, email = services.read_invitation(token)
    except services.ParticipationError as error:
        return render(
            request, "participation/confirm_failed.html", {"message": error.message}, status=400
        )
    form = AcceptInvitationForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.accept_invitation(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except services.ParticipationError as error:
            form.add_error(None, error.message)
        else:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! You can now work for your organisation."))
            return redirect("participation:dashboard")
    return render(
        request,
        "participation/accept_invitation.html",
        {"form": form, "organisation": organisation, "email": email},
    )
