"""The ground floor holds: tables leave only through core.exports, files enter only through
core.files. Read from the source with ast, so a new app is checked the day it is added."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "tests", "migrations", "node_modules", "static", "scripts", ".git"}
# Readers of incoming tables (they parse uploads, never write a response).
TABLE_READERS = {"core/tables.py", "emissions/files.py", "municipalities/loading.py"}


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(relative.parts[:-1]) or relative.parts[0].startswith("."):
            continue
        yield relative.as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def imported_modules(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_every_csv_or_xlsx_response_goes_through_core_exports():
    offenders = []
    for name, tree in project_modules():
        if name == "core/exports.py" or name.startswith("core/files/") or name in TABLE_READERS:
            continue
        writes_tables = {"csv", "openpyxl"} & imported_modules(tree)
        names_csv_type = any(
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and ("text/csv" in node.value or "spreadsheetml" in node.value)
            for node in ast.walk(tree)
        )
        if writes_tables or names_csv_type:
            offenders.append(name)
    assert offenders == [], "write tables with core.exports (docs/files-and-exports.md)"


def test_every_file_field_is_declared_through_core_files():
    offenders = []
    for name, tree in project_modules():
        if name.startswith("core/files/"):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("FileField", "ImageField")
                and isinstance(node.value, ast.Name)
                and node.value.id in ("models", "forms")
            ):
                offenders.append(f"{name}:{node.lineno} {node.value.id}.{node.attr}")
    assert offenders == [], "declare uploads with core.files (docs/files-and-exports.md)"


def test_no_app_opens_an_upload_with_pillow_or_pypdf_itself():
    allowed = {"core/images.py", "core/printing.py"}
    offenders = [
        name
        for name, tree in project_modules()
        if not name.startswith("core/files/")
        and name not in allowed
        and not name.endswith("/demo.py")
        and {"PIL", "pypdf", "mutagen"} & imported_modules(tree)
    ]
    assert offenders == [], "check uploads with core.files"
