from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.workflow import ServiceError
from news.admin import thumbnail

from . import services
from .models import Course, Lesson


@admin.register(Course)
class CourseAdmin(TranslationAdmin):
    list_display = ["title", "audience", "level", "position", "is_published", "cover"]
    list_filter = ["audience", "level", "is_published"]
    search_fields = ["title_ja", "title_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["is_published", "cover"]
    actions = ["publish_selected", "hide_selected"]

    @admin.display(description=_("Cover"))
    def cover(self, obj):
        return thumbnail(obj.cover_image, obj.cover_image_alt)

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    @admin.action(description=_("Publish the selected courses"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        for course in queryset:
            try:
                services.set_course_published(
                    course_id=course.pk, actor=request.user, published=True
                )
            except ServiceError as error:
                self.message_user(request, f"{course}: {error.message}", level=messages.ERROR)

    @admin.action(description=_("Hide the selected courses"), permissions=["publish"])
    def hide_selected(self, request, queryset):
        for course in queryset:
            services.set_course_published(course_id=course.pk, actor=request.user, published=False)


@admin.register(Lesson)
class LessonAdmin(TranslationAdmin):
    list_display = ["title", "course", "position", "is_published", "published_at"]
    list_filter = ["course", "course__audience", "is_published"]
    search_fields = ["title_ja", "title_en", "summary_ja"]
    list_select_related = ["course"]
    autocomplete_fields = ["related_articles"]
    readonly_fields = ["is_published", "preview_link"]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["course", "position", "is_published", "published_at", "preview_link"]}),
        (_("Japanese"), {"fields": ["title_ja", "summary_ja", "body_ja", "plain_japanese_body"]}),
        (_("English"), {"fields": ["title_en", "summary_en", "body_en"]}),
        (_("Related news"), {"fields": ["related_articles"]}),
    ]

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    @admin.display(description=_("Preview"))
    def preview_link(self, obj):
        if not obj or not obj.pk:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("academy:preview", kwargs={"pk": obj.pk}),
            _("Preview the page"),
        )

    @admin.action(description=_("Publish the selected lessons"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        for lesson in queryset:
            try:
                services.publish_lesson(
                    lesson_id=lesson.pk, actor=request.user, publish_at=lesson.published_at
                )
            except ServiceError as error:
                self.message_user(request, f"{lesson}: {error.message}", level=messages.ERROR)

    @admin.action(description=_("Unpublish the selected lessons"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        for lesson in queryset:
            try:
                services.unpublish_lesson(lesson_id=lesson.pk, actor=request.user)
            except ServiceError as error:
                self.message_user(request, f"{lesson}: {error.message}", level=messages.ERROR)
