from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from core.scoping import MunicipalityScopedAdmin

from .models import Municipality, PopulationRecord


class PopulationInline(admin.TabularInline):
    model = PopulationRecord
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScopedAdmin, TranslationAdmin):
    municipality_field = "pk"
    list_display = ["code", "name", "kana", "kind", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["code", "name_ja", "name_en", "kana"]
    inlines = [PopulationInline]

    def get_readonly_fields(self, request, obj=None):
        # The key and classification come from the official code list, not from staff.
        return ["code", "kind", "region"] if obj else []

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PopulationRecord)
class PopulationRecordAdmin(MunicipalityScopedAdmin):
    list_display = ["municipality", "year", "population", "households", "source"]
    list_filter = ["year", "municipality__region"]
    search_fields = ["municipality__name_ja", "municipality__name_en", "municipality__code"]
    autocomplete_fields = ["municipality"]
