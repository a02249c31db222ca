"""A phone on a slow network: cold page loads in Chromium at 360 px under Slow 4G.

Run by scripts/bench.py against the production-like server behind nginx (which serves /static/
and /media/ as in production). Each page is loaded in a fresh browser context with the HTTP
cache disabled and the network throttled through the DevTools protocol (400 kbit/s down,
400 ms round trip), without scrolling: lazy images below the fold are not fetched, which is
what "before images below the fold" counts. Prints Markdown table rows.

    python scripts/bench_phone.py http://127.0.0.1:8092 '{"home": "/", ...}'
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8089"))
NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", "8092"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
SLOW_4G = {
    "offline": False,
    "latency": 400,  # ms, added to every request's round trip
    "downloadThroughput": 400 * 1000 / 8,  # bytes/s
    "uploadThroughput": 400 * 1000 / 8,
}
VIEWPORT = {"width": 360, "height": 740}
# A mid-range Android phone (Lighthouse's emulated Moto G Power has 1.75).
DEVICE_SCALE_FACTOR = 1.75
TARGET_BYTES = 100 * 1024
TARGET_REQUESTS = 10
TARGET_LCP_MS = 1300
LCP_OBSERVER = """
window.__lcp = 0; window.__lcpElement = '';
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__lcp = entry.renderTime || entry.loadTime || entry.startTime;
    const el = entry.element;
    window.__lcpElement = el ? el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') : '';
  }
}).observe({type: 'largest-contentful-paint', buffered: true});
"""


def load_cold(browser, url: str) -> dict:
    context = browser.new_context(
        viewport=VIEWPORT,
        device_scale_factor=DEVICE_SCALE_FACTOR,
        is_mobile=True,
        has_touch=True,
        locale="ja-JP",
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    transfers: dict[str, int] = {}
    kinds: dict[str, str] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: kinds.setdefault(e["requestId"], e.get("type", ""))
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: transfers.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    page.add_init_script(LCP_OBSERVER)
    page.goto(url, wait_until="load", timeout=60_000)
    # A lazy image in view is fetched after the load event: on Slow 4G a photo takes seconds,
    # and it is then the page's largest paint.
    page.wait_for_load_state("networkidle", timeout=60_000)
    page.wait_for_timeout(500)  # the LCP entry settling
    lcp = page.evaluate("window.__lcp")
    element = page.evaluate("window.__lcpElement")
    html_encoding = page.evaluate(
        "performance.getEntriesByType('navigation')[0].encodedBodySize + ' / ' + "
        "performance.getEntriesByType('navigation')[0].decodedBodySize"
    )
    context.close()
    by_kind: dict[str, int] = {}
    for request_id, size in transfers.items():
        kind = kinds.get(request_id, "Other")
        by_kind[kind] = by_kind.get(kind, 0) + size
    return {
        "bytes": sum(transfers.values()),
        "requests": len(transfers),
        "lcp": lcp,
        "lcp_element": element,
        "html": html_encoding,
        "by_kind": by_kind,
    }


NGINX_CONF = """daemon off;
worker_processes 1;
pid {var}/nginx.pid;
error_log {var}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {var}/nginx-body;
  proxy_temp_path {var}/nginx-proxy;
  fastcgi_temp_path {var}/nginx-fastcgi;
  uwsgi_temp_path {var}/nginx-uwsgi;
  scgi_temp_path {var}/nginx-scgi;
  gzip on;
  gzip_types text/css application/javascript image/svg+xml application/json;
  server {{
    listen 127.0.0.1:{port};
    location /static/ {{ alias {static}/; expires 1y; }}
    location /media/ {{ alias {media}/; expires 1y; }}
    location / {{
      proxy_pass http://127.0.0.1:{upstream};
      proxy_set_header Host 127.0.0.1;
    }}
  }}
}}
"""


def measure_phone(pages: dict[str, str], env: dict[str, str], *, serve, stop) -> list[str]:
    """Serve as in production (nginx: static files and uploads; gunicorn: pages) and load each
    page cold in Chromium at 360 px on Slow 4G."""
    var = Path(env["VAR_DIR"])
    conf = var / "nginx-bench.conf"
    conf.write_text(
        NGINX_CONF.format(
            var=var, port=NGINX_PORT, static=var / "static", media=var / "media", upstream=PORT
        )
    )
    server = serve(env)
    proxy = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(var)])
    try:
        time.sleep(1)
        for path in pages.values():  # renditions are made on a page's first view, not measured
            urllib.request.urlopen(f"http://127.0.0.1:{NGINX_PORT}{path}", timeout=60).read()
        output = subprocess.run(
            [
                sys.executable,
                "scripts/bench_phone.py",
                f"http://127.0.0.1:{NGINX_PORT}",
                json.dumps(pages),
            ],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        stop(server)
    rows = [line for line in output.stdout.splitlines() if line.startswith("|")]
    return rows or ["```\n" + output.stderr[-3000:] + "\n```"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    base, pages = sys.argv[1], json.loads(sys.argv[2])
    rows = [
        "| page | path | bytes transferred | requests | LCP ms | LCP element | HTML bytes "
        "(sent / unpacked) | by type | met |",
        "| --- | --- | ---: | ---: | ---: | --- | --- | --- | --- |",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        load_cold(browser, base + "/")  # the browser's own first start is not the page's
        for name, path in pages.items():
            found = load_cold(browser, base + path)
            met = (
                found["bytes"] <= TARGET_BYTES
                and found["requests"] <= TARGET_REQUESTS
                and found["lcp"] <= TARGET_LCP_MS
            )
            kinds = ", ".join(
                f"{kind} {size / 1024:.0f} KB" for kind, size in sorted(found["by_kind"].items())
            )
            rows.append(
                f"| {name} | `{path}` | {found['bytes'] / 1024:.1f} KB | {found['requests']} | "
                f"{found['lcp']:.0f} | {found['lcp_element']} | {found['html']} | {kinds} | "
                f"{'yes' if met else 'NO'} |"
            )
        browser.close()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
