from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def record_audit(
    *, subject, actor, action: str, from_state: str = "", to_state: str = "", note: str = ""
) -> AuditEntry:
    """Write the audit entry of one decision; call inside the service's transaction."""
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


def audit_trail(subject):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
    ).select_related("actor")
