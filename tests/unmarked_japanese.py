"""Japanese text an English page shows without saying so: outside every element with lang="ja".

A screen reader reads such text with an English voice, and a reader is not told it is Japanese
only (the `japanese_text` tag marks it). Text inside `<head>`, scripts and styles is not shown.
"""

from html.parser import HTMLParser

from core.japanese import is_japanese

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
UNSHOWN = {"head", "script", "style", "template"}
# Attributes a reader is given as text (a screen reader's label, a tooltip, a placeholder).
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[str] = []

    def _language(self) -> str | None:
        return next((lang for _tag, lang in reversed(self.stack) if lang is not None), None)

    def _shown(self) -> bool:
        return not any(tag in UNSHOWN for tag, _lang in self.stack)

    def _check(self, text: str, where: str) -> None:
        language = self._language() or ""
        if is_japanese(text) and not language.startswith("ja") and self._shown():
            self.found.append(f"{where}: {' '.join(text.split())[:60]}")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        if tag not in VOID:
            self.stack.append((tag, lang))
        for name in TEXT_ATTRIBUTES:
            if attrs.get(name):
                if tag in VOID:
                    self.stack.append((tag, lang))
                self._check(attrs[name], f"<{tag} {name}>")
                if tag in VOID:
                    self.stack.pop()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.stack:
            self._check(data, f"<{self.stack[-1][0]}>")


def unmarked_japanese(html: str) -> list[str]:
    """Each piece of Japanese text (or text attribute) of the page not inside lang="ja"."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found
