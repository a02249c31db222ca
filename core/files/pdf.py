"""PDFs: parsed with pypdf, refused with scripts, launch actions or embedded files, and
rewritten page by page without document information or XMP (author, company, user name)."""

import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .checks import Checked

MAX_PDF_PAGES = 100
# A real document has thousands of objects at most; past this the walk stops and refuses.
MAX_OBJECTS = 200_000
# Names that run something or carry another file, wherever they stand in the document.
ACTIVE_KEYS = {"/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/Rendition"}
# Also caught before parsing, in case the parser gives up on a hostile file.
ACTIVE_PATTERN = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia)\b")


def check_pdf(data: bytes) -> Checked:
    invalid = ValidationError(_("The file is not a valid PDF document."), code="invalid")
    active = ValidationError(
        _("PDFs with scripts, launch actions or embedded files are not accepted."),
        code="active",
    )
    if not re.match(rb"%PDF-[12]\.\d", data[:8]):
        raise invalid
    if ACTIVE_PATTERN.search(data):
        raise active
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("Password-protected PDFs are not accepted."), code="encrypted")
        if _has_active_content(reader.trailer):
            raise active
        pages = len(reader.pages)
        if not pages:
            raise invalid
        if pages > MAX_PDF_PAGES:
            raise ValidationError(
                _("The PDF has %(pages)s pages; at most %(limit)s are accepted.")
                % {"pages": pages, "limit": MAX_PDF_PAGES},
                code="too_long",
            )
        writer = PdfWriter()
        for page in reader.pages:
            for key in ("/Metadata", "/PieceInfo", "/AA"):
                page.pop(key, None)
            writer.add_page(page)
        writer.metadata = None
        output = io.BytesIO()
        writer.write(output)
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever a hostile file makes the parser raise
        raise invalid from error
    return Checked("pdf", output.getvalue())


def _has_active_content(root) -> bool:
    """Walk every object reachable from the trailer (object streams included, names with
    #-escapes decoded by the parser) looking for scripts, launches and embedded files."""
    seen: set[tuple[int, int]] = set()
    pending = [root]
    visited = 0
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            return True
        if isinstance(item, DictionaryObject):
            if ACTIVE_KEYS & set(item.keys()):
                return True
            if item.get("/S") in ACTIVE_ACTIONS or item.get("/Subtype") == "/FileAttachment":
                return True
            pending.extend(value for key, value in item.items() if key != "/Parent")
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    return False
