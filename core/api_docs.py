"""The API's browsable docs as a portal page: Swagger UI from ninja's own static files, no CDN."""

from django.shortcuts import render
from django.urls import reverse

SWAGGER_SETTINGS = {
    "layout": "BaseLayout",
    "deepLinking": True,
    # Off: Swagger UI would otherwise load a badge from a third-party validator, which the
    # Content Security Policy blocks.
    "validatorUrl": None,
    # No separate Schemas list: each operation shows its own response schema.
    "defaultModelsExpandDepth": -1,
}


def api_docs(request):
    """Swagger UI inside the site's frame, so the page has its language, title, h1 and way back."""
    openapi_url = reverse("api:openapi-json")
    context = {
        "swagger_settings": {**SWAGGER_SETTINGS, "url": openapi_url},
        "openapi_url": openapi_url,
    }
    return render(request, "core/api_docs.html", context)
