"""List filters of the applications changelist."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.fiscal import fiscal_year_label

from ..models import WORKFLOW, GrantProgram, Move, by_applying_municipality, by_secretariat


class FiscalYearFilter(admin.SimpleListFilter):
    title = _("fiscal year")
    parameter_name = "fiscal_year"

    def lookups(self, request, model_admin):
        years = GrantProgram.objects.values_list("fiscal_year", flat=True)
        return [(str(year), fiscal_year_label(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(program__fiscal_year=self.value())
        return queryset


class AwaitingFilter(admin.SimpleListFilter):
    """Whose turn it is: the worklists of the secretariat and of the municipality."""

    title = _("awaiting")
    parameter_name = "awaiting"

    def lookups(self, request, model_admin):
        return [("secretariat", _("the secretariat")), ("municipality", _("the municipality"))]

    def queryset(self, request, queryset):
        who = {"secretariat": by_secretariat, "municipality": by_applying_municipality}.get(
            self.value()
        )
        if who is None:
            return queryset
        statuses = {
            source
            for name, move in WORKFLOW.moves.items()
            if move.allowed is who and name != Move.WITHDRAW
            for source in move.sources
        }
        return queryset.filter(status__in=statuses)
