"""The read-only open-data API; each app adds its router from its own api.py."""

from ninja import NinjaAPI

from .discovery import app_modules

api = NinjaAPI(
    title="ECO Net Tokyo 62 open data API",
    version="1",
    description=(
        "Read-only open data of the joint climate and nature program of Tokyo's 62 municipalities."
    ),
    urls_namespace="api",
)

for module in app_modules("api"):
    router = getattr(module, "router", None)
    if router is not None:
        api.add_router(f"/{module.__name__.split('.')[0]}/", router)
