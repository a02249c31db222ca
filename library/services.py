"""Adding a file to a document: a new version, numbered under the document's lock."""

from django.db import transaction
from django.db.models import Max

from .models import Document, DocumentVersion


@transaction.atomic
def add_version(*, document_id: int, checked_file, actor, note: str = "") -> DocumentVersion:
    """Keep `checked_file` (already checked by content, core.files) as the newest version."""
    document = Document.objects.select_for_update().get(pk=document_id)
    latest = document.versions.aggregate(n=Max("number"))["n"] or 0
    version = DocumentVersion(
        document=document,
        number=latest + 1,
        original_name=getattr(checked_file, "original_name", "") or "",
        file_format=checked_file.format,
        size=checked_file.size,
        note=note.strip(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.file.save(checked_file.name, checked_file, save=False)
    version.save()
    Document.objects.filter(pk=document.pk).update(updated_at=version.uploaded_at)
    return version


def current_versions(documents) -> dict[int, DocumentVersion]:
    """The newest version of each document, in one query."""
    ids = [document.pk for document in documents]
    newest = {}
    for version in DocumentVersion.objects.filter(document_id__in=ids).order_by(
        "document_id", "-number"
    ):
        newest.setdefault(version.document_id, version)
    return newest
