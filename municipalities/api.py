from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from .models import Municipality

router = Router(tags=["municipalities"])


class MunicipalityOut(Schema):
    code: str
    name_ja: str
    name_en: str
    kana: str
    kind: str
    region: str
    website: str


@router.get("/", response=list[MunicipalityOut], summary="The 62 municipalities")
def list_municipalities(request):
    return Municipality.objects.ordered()


@router.get("/{code}", response=MunicipalityOut, summary="One municipality by its 6-digit code")
def get_municipality(request, code: str):
    return get_object_or_404(Municipality, code=code)
