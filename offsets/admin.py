from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.workflow import ServiceError

from .models import CreditPurchase, CreditRetirement
from .services import remaining_tonnes, retire_credits


@admin.register(CreditPurchase)
class CreditPurchaseAdmin(admin.ModelAdmin):
    list_display = ["purchased_on", "scheme", "source_project", "tonnes", "retired", "price_yen"]
    list_filter = ["scheme"]
    search_fields = ["source_project", "reference"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_retired()

    @admin.display(description=_("retired (t)"))
    def retired(self, purchase):
        return purchase.retired_tonnes

    def get_readonly_fields(self, request, obj=None):
        # Tonnes already retired from a purchase trace to it; its size may not change after.
        return ["tonnes"] if obj and obj.retirements.exists() else []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.retirements.exists()


class RetirementForm(forms.ModelForm):
    class Meta:
        model = CreditRetirement
        fields = ["event", "purpose", "tonnes", "retired_on", "purchase"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purchase"].required = False
        self.fields["purchase"].help_text = _("Leave empty to retire from the oldest purchases.")

    def clean(self):
        cleaned = super().clean()
        tonnes = cleaned.get("tonnes") or 0
        purchase = cleaned.get("purchase")
        if purchase is not None and tonnes > remaining_tonnes(purchase):
            self.add_error("tonnes", _("This purchase has fewer tonnes left."))
        return cleaned


@admin.register(CreditRetirement)
class CreditRetirementAdmin(admin.ModelAdmin):
    form = RetirementForm
    list_display = ["retired_on", "tonnes", "purpose", "event", "purchase", "retired_by"]
    list_select_related = ["event", "purchase", "retired_by"]
    autocomplete_fields = ["event"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a retired tonne is gone for good

    def save_model(self, request, obj, form, change):
        try:
            created = retire_credits(
                tonnes=obj.tonnes,
                purpose=obj.purpose,
                retired_on=obj.retired_on,
                event_id=obj.event_id,
                purchase_id=obj.purchase_id,
                actor=request.user,
            )
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        obj.pk = created[0].pk

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return HttpResponseRedirect(reverse("admin:offsets_creditretirement_add"))
        return HttpResponseRedirect(reverse("admin:offsets_creditretirement_changelist"))
