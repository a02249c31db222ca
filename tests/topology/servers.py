"""Two gunicorn servers of the portal behind the repository's nginx, as production runs them.

Started once per test module (they cost seconds); every address is on 127.0.0.1. The servers
run eco62.settings with DEBUG off (tests.processes), so they take the production defaults: the
anonymous page cache (60 s) and a data version trusted for 1 s per process, two-factor sign-in
for staff, HTTPS behind the proxy (X-Forwarded-Proto), secure cookies.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from tests.processes import portal_environment
from tests.topology.proxy import write_config

SECRET_KEY = "topology-test-" + "x" * 50
# Low enough that the rate-limit test reaches it in a few posts.
PUBLIC_FORM_RATE_LIMIT = 6


# whitenoise also writes a Brotli copy of every static file at the highest quality: more than a
# minute of a busy 2-core machine, for copies nginx never serves (it compresses with gzip itself).
COLLECT_STATIC_WITHOUT_BROTLI = """
import sys
sys.modules["brotli"] = None
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "collectstatic", "--no-input", "-v", "0"])
"""


def nginx_path() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, headers: dict | None = None, timeout: float = 10):
    request = urllib.request.Request(  # noqa: S310 (the test's own loopback servers)
        url, headers={"Host": "127.0.0.1", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Server:
    def __init__(self, env: dict, port: int, var: Path):
        self.env, self.port, self.var, self.process = env, port, var, None
        self.url = f"http://127.0.0.1:{port}"

    def start(self):
        log = open(self.var / f"gunicorn-{self.port}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "eco62.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--graceful-timeout",
                "20",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _headers, _body = fetch(
                    f"{self.url}/healthz", {"X-Forwarded-Proto": "https"}, 2
                )
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        log_tail = (self.var / f"gunicorn-{self.port}.log").read_text(errors="replace")[-3000:]
        raise AssertionError(f"server {self.port} did not become healthy:\n{log_tail}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


@dataclass
class Topology:
    proxy: str
    servers: list[Server]
    var: Path
    media: Path
    private: Path
    proxy_log: Path

    @property
    def a(self) -> str:
        return self.servers[0].url

    @property
    def b(self) -> str:
        return self.servers[1].url


def server_environment(database: dict, var: Path) -> dict:
    return portal_environment(
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=(
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        REDIS_URL=settings.REDIS_URL,
        EMAIL_URL="consolemail://",
        VAR_DIR=str(var),
        MEDIA_ROOT=str(var / "media"),
        PRIVATE_MEDIA_ROOT=str(var / "private"),
        TRUSTED_PROXY_COUNT="1",
        PRIVATE_FILES_ACCEL_REDIRECT="/_private/",
        CELERY_TASK_ALWAYS_EAGER="true",
        PUBLIC_FORM_RATE_LIMIT=str(PUBLIC_FORM_RATE_LIMIT),
        # As in production (eco62/settings.py), whatever the shell running the tests says.
        ANONYMOUS_PAGE_CACHE_SECONDS="60",
        DATA_VERSION_LOCAL_SECONDS="1.0",
        STAFF_TWO_FACTOR_REQUIRED="true",
    )


def start_topology(root: Path, database: dict):
    """Yield a running Topology and stop every process it started afterwards."""
    var, nginx_var = root / "var", root / "nginx"
    for folder in (var, var / "media", var / "private", nginx_var):
        folder.mkdir(parents=True, exist_ok=True)
    env = server_environment(database, var)
    subprocess.run(
        [sys.executable, "-c", COLLECT_STATIC_WITHOUT_BROTLI],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )
    servers = [Server(env, free_port(), var), Server(env, free_port(), var)]
    proxy_port = free_port()
    main = write_config(
        nginx_var,
        port=proxy_port,
        upstreams=[server.port for server in servers],
        static=var / "static",
        media=var / "media",
        private=var / "private",
    )
    proxy = subprocess.Popen([nginx_path(), "-c", str(main), "-p", str(nginx_var)])
    try:
        for server in servers:
            server.start()
        yield Topology(
            proxy=f"http://127.0.0.1:{proxy_port}",
            servers=servers,
            var=var,
            media=var / "media",
            private=var / "private",
            proxy_log=nginx_var / "nginx-access.log",
        )
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        for server in servers:
            server.stop()
