"""Fill empty msgstr entries of gettext catalogs from a JSON file of {msgid: translation}.

Usage: python scripts/fill_catalog.py translations.json path/to/django.po [...]
Plural entries get the same translation in every msgstr[n] (Japanese has one form).
Entries already translated are left alone; fuzzy flags on filled entries are removed.
"""

import json
import re
import sys


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def unquote(chunk: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', chunk)
    return "".join(parts).encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def fill(po_text: str, translations: dict[str, str]) -> tuple[str, int]:
    blocks = po_text.split("\n\n")
    filled = 0
    for index, block in enumerate(blocks):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not match:
            continue
        msgid = unquote(match.group(1))
        if not msgid or msgid not in translations:
            continue
        strs = re.findall(r'^(msgstr(?:\[\d\])?) ((?:".*"\n?)+)', block, re.M)
        if strs and all(unquote(value) for _, value in strs) and "#, fuzzy" not in block:
            continue
        for key, value in strs:
            block = block.replace(f"{key} {value}", f"{key} {quote(translations[msgid])}\n", 1)
        block = block.replace("#, fuzzy, ", "#, ").replace("#, fuzzy\n", "")
        blocks[index] = block.rstrip("\n")
        filled += 1
    return "\n\n".join(blocks).rstrip("\n") + "\n", filled


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        translations = json.load(handle)
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as handle:
            text, filled = fill(handle.read(), translations)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        print(f"{path}: filled {filled}")


if __name__ == "__main__":
    main()
