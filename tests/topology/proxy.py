"""The repository's nginx configuration (deploy/nginx.conf.template) run by a test as it runs in
docker compose: rendered with the test's ports and folders, nginx in the foreground, no root."""

import os
import string
from pathlib import Path

from django.conf import settings

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx.conf.template"
# As docker-compose.yml sets it: a server that refused a connection is skipped this long.
FAIL_TIMEOUT_SECONDS = 5

MAIN = """daemon off;
{user}worker_processes 1;
pid {var}/nginx.pid;
error_log {var}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log {var}/nginx-access.log;
  client_body_temp_path {var}/body;
  proxy_temp_path {var}/proxy;
  fastcgi_temp_path {var}/fastcgi;
  uwsgi_temp_path {var}/uwsgi;
  scgi_temp_path {var}/scgi;
  include {var}/portal.conf;
}}
"""


def write_config(
    var: Path, *, port: int, upstreams: list[int], static: Path, media: Path, private: Path
) -> Path:
    """Fill the template as the nginx image does (only the ECO62_ values; nginx's own $host and
    $remote_addr stay) and return the main configuration file for `nginx -c`."""
    servers = " ".join(
        f"server 127.0.0.1:{upstream} max_fails=1 fail_timeout={FAIL_TIMEOUT_SECONDS}s;"
        for upstream in upstreams
    )
    values = {
        "ECO62_LISTEN": f"127.0.0.1:{port}",
        "ECO62_UPSTREAM_SERVERS": servers,
        "ECO62_STATIC_ROOT": str(static),
        "ECO62_MEDIA_ROOT": str(media),
        "ECO62_PRIVATE_MEDIA_ROOT": str(private),
        "ECO62_FORWARDED_PROTO": "https",
    }
    (var / "portal.conf").write_text(string.Template(TEMPLATE.read_text()).safe_substitute(values))
    main = var / "nginx.conf"
    # As root (CI), workers would drop to "nobody", who cannot read the test's private tmp folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main.write_text(MAIN.format(var=var, user=user))
    return main
