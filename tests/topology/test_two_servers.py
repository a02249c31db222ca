"""Two gunicorn servers of the portal behind the repository's nginx, on PostgreSQL + Redis."""

import gzip
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.topology.proxy import write_config

pytestmark = [
    pytest.mark.topology,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


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
                    f"http://127.0.0.1:{self.port}/healthz", {"X-Forwarded-Proto": "https"}, 2
                )
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"server {self.port} did not become healthy")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


@pytest.fixture
def topology(tmp_path):
    database = connection.settings_dict
    var = tmp_path / "var"
    media, private, nginx_var = var / "media", var / "private", tmp_path / "nginx"
    for folder in (var, media, private, nginx_var):
        folder.mkdir(parents=True, exist_ok=True)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DEBUG": "false",
        "SECRET_KEY": "topology-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": "consolemail://",
        "VAR_DIR": str(var),
        "MEDIA_ROOT": str(media),
        "PRIVATE_MEDIA_ROOT": str(private),
        "TRUSTED_PROXY_COUNT": "1",
        "PRIVATE_FILES_ACCEL_REDIRECT": "/_private/",
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
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
        media=media,
        private=private,
    )
    proxy = subprocess.Popen(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(main), "-p", str(nginx_var)]
    )
    try:
        for server in servers:
            server.start()
        yield {"proxy": f"http://127.0.0.1:{proxy_port}", "servers": servers, "media": media}
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        for server in servers:
            server.stop()


def test_nginx_serves_files_and_compressed_pages_and_a_rolling_restart_loses_nothing(topology):
    proxy, servers = topology["proxy"], topology["servers"]
    (topology["media"] / "photo.txt").write_bytes(b"uploaded once, served by the proxy")
    assert fetch(f"{proxy}/media/photo.txt")[2] == b"uploaded once, served by the proxy"

    static = sorted((Path(servers[0].env["VAR_DIR"]) / "static").rglob("*.css"))[0]
    relative = static.relative_to(Path(servers[0].env["VAR_DIR"]) / "static")
    status, _headers, _body = fetch(f"{proxy}/static/{relative}")
    assert status == 200

    status, headers, body = fetch(f"{proxy}/", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    assert b"<html" in gzip.decompress(body)

    def one_request(_index):
        try:
            return fetch(f"{proxy}/healthz", timeout=30)[0]
        except OSError:
            return 0

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(one_request, index) for index in range(300)]
        for server in servers:
            server.stop()
            server.start()
        statuses = [future.result() for future in futures]
    lost = sum(1 for status in statuses if status != 200)
    print(f"rolling restart: {len(statuses)} requests through nginx, {lost} lost")
    assert lost == 0
