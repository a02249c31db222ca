"""HTML to PDF with WeasyPrint and the embedded Japanese font (fonts-noto-cjk).

Every PDF the portal writes (the annual report, grant notices) goes through here, so they share
one font stack and one way of reaching the site's static files.
"""

from pathlib import Path

from django.conf import settings


def html_to_pdf(document: str, *, stylesheets: list[Path]) -> bytes:
    from weasyprint import CSS, HTML

    # base_url lets the document reach the site's static files (images, the logo) by path.
    return HTML(string=document, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=str(path)) for path in stylesheets]
    )
