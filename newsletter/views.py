from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.ratelimit import rate_limited

from . import services
from .forms import PreferencesForm, SubscribeForm
from .mail import issue_markdown
from .models import Issue
from .services import NewsletterError


def _choices(form) -> dict:
    return {
        "language": form.cleaned_data["language"],
        "themes": form.cleaned_data["themes"],
        "municipality_codes": [m.pk for m in form.cleaned_data["municipalities"]],
    }


def newsletter_index(request):
    issues = list(Issue.objects.sent().order_by("-sent_at")[:24])
    form = SubscribeForm(initial={"language": (get_language() or "ja")[:2]})
    return render(request, "newsletter/index.html", {"issues": issues, "form": form})


@rate_limited("newsletter-subscribe")
@require_http_methods(["GET", "POST"])
def subscribe_view(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            # The same answer for a bot, a new address and a known one: nothing is revealed.
            if not form.is_spam():
                services.subscribe(email=form.cleaned_data["email"], **_choices(form))
            return redirect("newsletter:subscribe_done")
    else:
        form = SubscribeForm(initial={"language": (get_language() or "ja")[:2]})
    return render(request, "newsletter/subscribe.html", {"form": form})


def subscribe_done(request):
    return render(request, "newsletter/subscribe_done.html")


@require_http_methods(["GET", "POST"])
def confirm_view(request, token):
    # Confirming takes a button press: mail scanners that open links must not subscribe anyone.
    try:
        subscriber = services.subscriber_from_token(token, purpose="confirm")
        if request.method == "POST":
            subscriber = services.confirm_subscription(token=token)
            return render(
                request,
                "newsletter/confirmed.html",
                {"preferences_url": _manage_path("newsletter:preferences", subscriber)},
            )
    except NewsletterError as error:
        return render(request, "newsletter/link_error.html", {"error": error.message}, status=400)
    return render(request, "newsletter/confirm.html", {"email": subscriber.email})


def _manage_path(name, subscriber):
    from django.urls import reverse

    from .links import manage_token

    return reverse(name, kwargs={"token": manage_token(subscriber)})


@require_http_methods(["GET", "POST"])
def preferences_view(request, token):
    try:
        subscriber = services.subscriber_from_token(token, purpose="manage")
    except NewsletterError as error:
        return render(request, "newsletter/link_error.html", {"error": error.message}, status=400)
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            subscriber = services.update_preferences(subscriber_id=subscriber.pk, **_choices(form))
            saved = True
    else:
        form = PreferencesForm(
            initial={
                "language": subscriber.language,
                "themes": subscriber.theme_list,
                "municipalities": list(subscriber.municipalities.all()),
            }
        )
    return render(
        request,
        "newsletter/preferences.html",
        {
            "form": form,
            "subscriber": subscriber,
            "saved": saved,
            "unsubscribe_path": _manage_path("newsletter:unsubscribe", subscriber),
        },
    )


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without any cookie or CSRF token.
# The signed token in the URL is what authorises the request.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    try:
        subscriber = services.subscriber_from_token(token, purpose="manage")
    except NewsletterError as error:
        return render(request, "newsletter/link_error.html", {"error": error.message}, status=400)
    if request.method == "POST":
        services.unsubscribe(subscriber_id=subscriber.pk)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=200, content_type="text/plain")
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"email": subscriber.email})


def issue_detail(request, pk):
    issue = get_object_or_404(Issue.objects.sent(), pk=pk)
    language = "en" if (get_language() or "ja").startswith("en") else "ja"
    # The web version shows every section of the digest, whoever reads it.
    content = issue_markdown(issue, language, list(issue.items.all()))
    return render(request, "newsletter/issue_detail.html", {"issue": issue, "content": content})
