"""Publishing Eco Academy content: editors and the secretariat only, every change audited."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from core.audit import record_audit
from core.workflow import ServiceError

from .models import Course, Lesson


def can_publish(user) -> bool:
    return user.is_superuser or has_role(user, Role.SECRETARIAT) or has_role(user, Role.EDITOR)


@transaction.atomic
def publish_lesson(*, lesson_id: int, actor, publish_at: datetime.datetime | None = None) -> Lesson:
    """Publish now, or schedule for `publish_at` (hidden by the published() query until then)."""
    if not can_publish(actor):
        raise ServiceError(_("Only editors and the secretariat may publish lessons."))
    lesson = Lesson.objects.select_for_update().get(pk=lesson_id)
    if lesson.is_published:
        raise ServiceError(_("The lesson is already published."))
    lesson.is_published = True
    lesson.published_at = publish_at or timezone.now()
    lesson.save(update_fields=["is_published", "published_at", "updated_at"])
    record_audit(subject=lesson, actor=actor, action="publish", to_state="published")
    return lesson


@transaction.atomic
def unpublish_lesson(*, lesson_id: int, actor) -> Lesson:
    if not can_publish(actor):
        raise ServiceError(_("Only editors and the secretariat may unpublish lessons."))
    lesson = Lesson.objects.select_for_update().get(pk=lesson_id)
    if not lesson.is_published:
        raise ServiceError(_("The lesson is not published."))
    lesson.is_published = False
    lesson.save(update_fields=["is_published", "updated_at"])
    record_audit(subject=lesson, actor=actor, action="unpublish", from_state="published")
    return lesson


@transaction.atomic
def set_course_published(*, course_id: int, actor, published: bool) -> Course:
    if not can_publish(actor):
        raise ServiceError(_("Only editors and the secretariat may publish courses."))
    course = Course.objects.select_for_update().get(pk=course_id)
    if published and not course.lessons.filter(is_published=True).exists():
        raise ServiceError(_("Publish at least one lesson before the course."))
    course.is_published = published
    course.save(update_fields=["is_published"])
    record_audit(
        subject=course,
        actor=actor,
        action="publish" if published else "unpublish",
        to_state="published" if published else "hidden",
    )
    return course
