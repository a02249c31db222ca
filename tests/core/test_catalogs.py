"""Every catalog is complete: a Japanese page never shows an untranslated English string."""

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGS = sorted(
    p for p in BASE_DIR.glob("**/locale/ja/LC_MESSAGES/django.po") if ".venv" not in p.parts
)
ALL_CATALOGS = sorted(
    p for p in BASE_DIR.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts
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


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs GNU gettext (make system-packages)")
@pytest.mark.parametrize("po_path", ALL_CATALOGS, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_committed_catalog_is_valid_and_compiled_from_its_source(po_path, tmp_path):
    # Catalogs merge by union across branches: a duplicate entry or a stale .mo must fail here.
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(fresh), str(po_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert fresh.read_bytes() == po_path.with_suffix(".mo").read_bytes(), (
        f"{po_path.with_suffix('.mo')} is stale: run 'make compilemessages'"
    )


# Django merges every app's catalog into one: for a msgid without context the first app in
# INSTALLED_APPS wins everywhere. Two apps translating one msgid differently therefore show one
# app's wording in the other. Either give the loser a context (pgettext / {% translate ... context
# "..." %}) or use the same wording. Exceptions: {msgid: reason}.
ALLOWED_COLLISIONS: dict[str, str] = {}


def _unquote(chunk: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', chunk))


def plain_translations(po_path: Path) -> dict[str, str]:
    """msgid -> msgstr of the entries without a context (the ones that can collide)."""
    found = {}
    for block in po_path.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~") or re.search(r"^msgctxt ", block, re.M):
            continue
        msgid = re.search(r'^msgid ((?:".*"\s*)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\s*)+)', block, re.M)
        if msgid and msgstr and _unquote(msgid.group(1)):
            found[_unquote(msgid.group(1))] = _unquote(msgstr.group(1))
    return found


def collisions(catalogs: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    by_msgid = defaultdict(dict)
    for app, translations in catalogs.items():
        for msgid, msgstr in translations.items():
            if msgstr:
                by_msgid[msgid][app] = msgstr
    return {
        msgid: apps
        for msgid, apps in by_msgid.items()
        if len(set(apps.values())) > 1 and msgid not in ALLOWED_COLLISIONS
    }


def test_collisions_are_found():
    catalogs = {"grants": {"Completed": "実施済み"}, "initiatives": {"Completed": "完了"}}
    assert collisions(catalogs) == {"Completed": {"grants": "実施済み", "initiatives": "完了"}}
    assert collisions({"a": {"Save": "保存"}, "b": {"Save": "保存"}}) == {}


def test_no_two_app_catalogs_translate_one_msgid_differently():
    app_catalogs = {
        str(p.relative_to(BASE_DIR).parts[0]): plain_translations(p)
        for p in CATALOGS
        if p.relative_to(BASE_DIR).parts[0] != "locale"  # the site catalog overrides all
    }
    assert collisions(app_catalogs) == {}


def test_each_app_shows_its_own_wording_for_shared_english_words():
    from django.utils import translation

    from contests.models import EntryStatus
    from events.models import Status as RegistrationStatus
    from initiatives.models import Status as InitiativeStatus
    from participation.models import Organisation, OrganisationStatus

    with translation.override("ja"):
        assert str(InitiativeStatus.COMPLETED.label) == "完了"
        assert str(RegistrationStatus.CONFIRMED.label) == "確定"
        assert str(OrganisationStatus.REJECTED.label) == "却下"
        assert str(EntryStatus.WITHDRAWN.label) == "取り下げ"
        assert str(Organisation._meta.get_field("address").verbose_name) == "所在地"
        assert translation.pgettext("organisation sign-up", "Register") == "登録する"
        assert translation.gettext("Completed") == "実施済み"  # grants, without context
