from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.images import rendition_url
from core.scoping import MunicipalityScopedAdmin, MunicipalityScopedInline

from . import services, workflow
from .models import Article, ArticleImage, Category, Status, Tag


def thumbnail(image_file, alt: str = ""):
    if not image_file:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="120" loading="lazy">', rendition_url(image_file, 480), alt
    )


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name_ja", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_ja", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class ArticleImageInline(MunicipalityScopedInline, TranslationTabularInline):
    model = ArticleImage
    extra = 0
    fields = ["preview", "image", "alt", "caption", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("Preview"))
    def preview(self, obj):
        return thumbnail(obj.image, obj.alt)


def _workflow_action(service, done_message):
    def action(modeladmin, request, queryset):
        moved = 0
        for article in queryset:
            try:
                service(article_id=article.pk, actor=request.user)
                moved += 1
            except services.ArticleError as error:
                modeladmin.message_user(
                    request, f"{article}: {error.message}", level=messages.ERROR
                )
        if moved:
            modeladmin.message_user(request, done_message(moved), level=messages.SUCCESS)

    return action


@admin.register(Article)
class ArticleAdmin(MunicipalityScopedAdmin, TranslationAdmin):
    # Staff scope follows the owning municipality (a foreign key), not the related ones:
    # relating a joint article to Chiyoda must not let Chiyoda's staff edit it.
    municipality_field = "municipality"
    list_display = [
        "title",
        "kind",
        "status_label",
        "municipality",
        "series_number",
        "published_at",
        "hero_thumbnail",
    ]
    list_filter = ["status", "kind", "category", "municipality__region", "published_at"]
    search_fields = ["title_ja", "title_en", "lead_ja", "lead_en"]
    date_hierarchy = "published_at"
    list_select_related = ["municipality", "category"]
    autocomplete_fields = ["tags"]
    filter_horizontal = ["municipalities"]
    readonly_fields = ["status", "series_number", "hero_thumbnail", "preview_link"]
    inlines = [ArticleImageInline]
    actions = ["submit_selected", "publish_selected", "return_selected", "withdraw_selected"]
    fieldsets = [
        (None, {"fields": ["kind", "status", "preview_link", "category", "tags"]}),
        (_("Japanese"), {"fields": ["title_ja", "lead_ja", "body_ja"]}),
        (_("English"), {"fields": ["title_en", "lead_en", "body_en"]}),
        (
            _("Hero image"),
            {"fields": ["hero_thumbnail", "hero_image", "hero_image_alt_ja", "hero_image_alt_en"]},
        ),
        (
            _("Municipalities"),
            {"fields": ["municipality", "municipalities", "series_number", "as_of"]},
        ),
        (_("Publication"), {"fields": ["published_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user):
            readonly.append("published_at")
        return readonly

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.municipality_id:
            form.instance.municipalities.add(form.instance.municipality_id)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        draft = obj is None or obj.status == Status.DRAFT
        context["offer_submit"] = draft and not workflow.can_publish(request.user)
        context["offer_publish"] = workflow.can_publish(request.user) and (
            obj is None or obj.status in (Status.DRAFT, Status.SUBMITTED)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        self._move_on_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._move_on_save(request, obj)
        return super().response_change(request, obj)

    def _move_on_save(self, request, obj):
        """The "save and submit" / "save and publish" buttons: the same services as the actions."""
        move = None
        if "_save_and_submit" in request.POST:
            move = services.submit_article
        elif "_save_and_publish" in request.POST:
            move = services.publish_article
        if move is None:
            return
        try:
            move(article_id=obj.pk, actor=request.user)
        except services.ArticleError as error:
            self.message_user(request, error.message, level=messages.ERROR)
        else:
            obj.refresh_from_db()
            self.message_user(
                request,
                _("The article is now: %(status)s.") % {"status": obj.get_status_display()},
                level=messages.SUCCESS,
            )

    @admin.display(description=_("Status"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return _("Scheduled")
        return obj.get_status_display()

    @admin.display(description=_("Hero image"))
    def hero_thumbnail(self, obj):
        return thumbnail(obj.hero_image, obj.hero_image_alt)

    @admin.display(description=_("Preview"))
    def preview_link(self, obj):
        if not obj or not obj.pk:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("news:preview", kwargs={"pk": obj.pk}),
            _("Preview the page"),
        )

    @admin.action(description=_("Submit the selected drafts for review"))
    def submit_selected(self, request, queryset):
        _workflow_action(
            services.submit_article,
            lambda n: ngettext("%d article submitted.", "%d articles submitted.", n) % n,
        )(self, request, queryset)

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        _workflow_action(
            services.publish_article,
            lambda n: ngettext("%d article published.", "%d articles published.", n) % n,
        )(self, request, queryset)

    @admin.action(description=_("Return the selected articles to draft"), permissions=["publish"])
    def return_selected(self, request, queryset):
        _workflow_action(
            services.return_article,
            lambda n: ngettext("%d article returned.", "%d articles returned.", n) % n,
        )(self, request, queryset)

    @admin.action(description=_("Withdraw the selected articles"), permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        _workflow_action(
            services.withdraw_article,
            lambda n: ngettext("%d article withdrawn.", "%d articles withdrawn.", n) % n,
        )(self, request, queryset)
