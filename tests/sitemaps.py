"""The whole sitemap: /sitemap.xml is an index of per-section sitemaps."""

import re
from urllib.parse import urlparse


def all_sitemap_xml(client) -> str:
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>([^<]+)</loc>", index)
    return "".join(client.get(urlparse(section).path).content.decode() for section in sections)
