"""Inlines of an application: what staff may edit depends on the stage and on who they are."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.fiscal import current_fiscal_year
from core.scoping import MunicipalityScopedInline

from .. import forms, services
from ..models import (
    EDITABLE_STATUSES,
    Attachment,
    BudgetLine,
    ChangeRequest,
    CostCategory,
    ReportPhoto,
    Status,
)


def is_municipal_staff_of(user, application) -> bool:
    return application is not None and services.acts_for_municipality(user, application)


class BudgetLineInline(MunicipalityScopedInline, admin.TabularInline):
    model = BudgetLine
    form = forms.BudgetLineForm
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        category = formset.form.base_fields.get("category")
        if category is not None:
            category.queryset = (
                CostCategory.objects.filter(program=obj.program_id)
                if obj
                else CostCategory.objects.filter(program__fiscal_year__gte=current_fiscal_year())
            )
        return formset

    def get_extra(self, request, obj=None, **kwargs):
        return 2 if obj is None else 0

    def _editable(self, request, obj):
        return obj is None or (
            obj.status in EDITABLE_STATUSES and is_municipal_staff_of(request.user, obj)
        )

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = forms.AttachmentForm
    extra = 0
    fields = ["kind", "file", "download", "size", "uploaded_at"]
    readonly_fields = ["download", "size", "uploaded_at"]

    @admin.display(description=_("download"))
    def download(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:grants_application_attachment", args=[obj.application_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj)

    def get_fields(self, request, obj=None):
        return self.fields if self.has_add_permission(request, obj) else self.readonly_fields

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0

    def has_add_permission(self, request, obj=None):
        # Documents may be added until the course ends (plans, change forms, receipts, claims).
        if obj is not None and not (
            is_municipal_staff_of(request.user, obj)
            and obj.status not in (Status.REJECTED, Status.WITHDRAWN, Status.PAID)
        ):
            return False
        return super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        # What was submitted stays as submitted; the form of a new row still needs this.
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not (
            is_municipal_staff_of(request.user, obj) and obj.status in EDITABLE_STATUSES
        ):
            return False
        return super().has_delete_permission(request, obj)


class ReportPhotoInline(admin.TabularInline):
    model = ReportPhoto
    form = forms.ReportPhotoForm
    extra = 0

    def _editable(self, request, obj):
        return (
            obj is not None
            and obj.status == Status.DECIDED
            and is_municipal_staff_of(request.user, obj)
        )

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


class ChangeRequestInline(admin.TabularInline):
    model = ChangeRequest
    extra = 0
    fields = ["reason", "new_granted_amount", "new_period_end", "outcome", "requested_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
