from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from core.scoping import MunicipalityScopedAdmin

from .models import AwarenessGood, Distribution, Initiative


class DistributionInline(admin.TabularInline):
    model = Distribution
    extra = 0
    autocomplete_fields = ["municipality", "good"]


@admin.register(Initiative)
class InitiativeAdmin(TranslationAdmin):
    list_display = ["title", "fiscal_year", "action", "status", "lead_municipality", "is_public"]
    list_filter = ["fiscal_year", "action", "status", "is_public"]
    search_fields = ["title_ja", "title_en"]
    autocomplete_fields = ["lead_municipality"]
    inlines = [DistributionInline]


@admin.register(AwarenessGood)
class AwarenessGoodAdmin(TranslationAdmin):
    search_fields = ["name_ja", "name_en"]
    list_display = ["name", "unit"]


@admin.register(Distribution)
class DistributionAdmin(MunicipalityScopedAdmin):
    """Municipal staff see what their own municipality received."""

    list_display = ["initiative", "good", "municipality", "quantity", "distributed_on"]
    list_filter = ["initiative__fiscal_year", "good"]
    search_fields = ["municipality__name_ja", "municipality__code", "initiative__title_ja"]
    autocomplete_fields = ["initiative", "good", "municipality"]
    list_select_related = ["initiative", "good", "municipality"]
