"""Telling Japanese text apart, for marking it `lang="ja"` on English pages."""

import re

# Kana, kanji, Japanese punctuation and full-width forms: never part of an English sentence.
JAPANESE_CHARACTER = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def is_japanese(text: str) -> bool:
    """True when the text holds any Japanese character."""
    return bool(JAPANESE_CHARACTER.search(text))
