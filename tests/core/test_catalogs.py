"""Every catalog is complete: a Japanese page never shows an untranslated English string."""

import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGS = sorted(
    p for p in BASE_DIR.glob("**/locale/ja/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def untranslated(po_path: Path) -> list[str]:
    missing = []
    for block in po_path.read_text(encoding="utf-8").split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\s*)+)', block, re.M)
        if not match:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        if not msgid or block.lstrip().startswith("#~"):
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\s*)+)', block, re.M)
        if (
            "#, fuzzy" in block
            or not strs
            or not all("".join(re.findall(r'"(.*)"', s)) for s in strs)
        ):
            missing.append(msgid)
    return missing


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_japanese_catalog_is_complete(po_path):
    assert untranslated(po_path) == []


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_compiled_catalog_is_newer_than_its_source(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run 'make compilemessages'"
