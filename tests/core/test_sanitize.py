from core.sanitize import render_markdown, sanitize_html


def test_script_tags_event_handlers_and_javascript_urls_never_survive():
    html = sanitize_html(
        '<p onclick="x()">hi</p><script>alert(1)</script><img src="x" onerror="alert(1)" alt="a">'
        '<a href="javascript:alert(1)">link</a><a href="JaVaScRiPt:alert(1)">2</a>'
    )
    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered
    assert "onclick" not in lowered
    assert "javascript:" not in lowered
    assert "<p>hi</p>" in html


def test_markdown_is_rendered_then_sanitised():
    html = render_markdown("# ignored level\n\n**bold** <iframe src='https://evil'></iframe>")
    assert "<strong>bold</strong>" in html
    assert "iframe" not in html


def test_links_get_safe_rel():
    html = sanitize_html('<a href="https://example.jp">x</a>')
    assert 'rel="noopener noreferrer nofollow"' in html
