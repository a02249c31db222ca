"""The secretariat publishes documents; each new file becomes a new version, old ones stay."""

from django import forms
from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.files import DOCUMENTS, UploadFormField
from core.storage import private_file_response

from . import services
from .models import Document, DocumentVersion

MAX_DOCUMENT_MB = 50


class DocumentForm(forms.ModelForm):
    new_file = UploadFormField(
        label=_("New file"),
        formats=DOCUMENTS,
        max_mb=MAX_DOCUMENT_MB,
        required=False,
        help_text=_(
            "PDF, Word, Excel, PowerPoint, JPEG or PNG, up to 50 MB, checked by content. "
            "It becomes the newest version; earlier versions stay."
        ),
    )
    version_note = forms.CharField(label=_("What changed"), max_length=200, required=False)

    class Meta:
        model = Document
        fields = [
            "title_ja",
            "title_en",
            "fiscal_year",
            "category",
            "municipality",
            "summary_ja",
            "summary_en",
            "is_published",
            "published_at",
        ]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "download", "file_format", "size", "note", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:library_document_version", args=[obj.document_id, obj.number])
        return format_html('<a href="{}">{}</a>', url, obj.original_name or obj.file_format)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(TranslationAdmin):
    form = DocumentForm
    list_display = [
        "title",
        "fiscal_year",
        "category",
        "municipality",
        "is_published",
        "updated_at",
    ]
    list_filter = ["is_published", "category", "fiscal_year"]
    search_fields = ["title_ja", "title_en", "summary_ja"]
    autocomplete_fields = ["municipality"]
    inlines = [DocumentVersionInline]

    def get_fields(self, request, obj=None):
        return [*DocumentForm.Meta.fields, "new_file", "version_note"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        checked = form.cleaned_data.get("new_file")
        if checked:
            services.add_version(
                document_id=form.instance.pk,
                checked_file=checked,
                actor=request.user,
                note=form.cleaned_data.get("version_note", ""),
            )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/versions/<int:number>/",
                view(self.version_view),
                name="library_document_version",
            ),
            *super().get_urls(),
        ]

    def version_view(self, request, pk, number):
        """Any version of any document, published or not, for staff who may view documents."""
        document = get_object_or_404(Document, pk=pk)
        if not self.has_view_permission(request, document):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        version = get_object_or_404(DocumentVersion, document=document, number=number)
        return private_file_response(version.file, download_name=version.original_name or None)
