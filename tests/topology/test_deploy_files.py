"""The deployment files stay true to the topology the portal is tested in."""

import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings
from django.core.files.base import ContentFile

from core.files.access import private_address
from core.storage import private_storage
from tests.topology.proxy import TEMPLATE, write_config

COMPOSE = Path(settings.BASE_DIR) / "docker-compose.yml"
# The Compose Specification's published schema, vendored with its licence (see its README).
COMPOSE_SPEC = Path(__file__).parent / "compose_spec" / "compose-spec.json"
COMPOSE_SPEC_SHA256 = "56bab44c85c0ce8affb74474950293f37d510673283a243bcd7eeadb900fa35c"


@pytest.fixture
def compose():
    return yaml.safe_load(COMPOSE.read_text())


def compose_spec_errors(document) -> list[str]:
    schema = json.loads(COMPOSE_SPEC.read_text())
    # The schema names draft 2019-09 by an address the library does not know.
    validator = jsonschema.Draft201909Validator(schema)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def test_compose_file_follows_the_compose_specification(compose):
    """What `docker compose config` would check, where the Compose plugin is not installed."""
    assert hashlib.sha256(COMPOSE_SPEC.read_bytes()).hexdigest() == COMPOSE_SPEC_SHA256
    assert compose_spec_errors(compose) == []


def test_the_compose_specification_refuses_a_mistaken_file(compose):
    """The schema is really applied: a misspelt key, a wrong type and a bad condition fail."""
    mistaken = copy.deepcopy(compose)
    mistaken["services"]["web"]["helthcheck"] = mistaken["services"]["web"].pop("healthcheck")
    mistaken["services"]["db"]["healthcheck"]["retries"] = "five"
    mistaken["services"]["proxy"]["depends_on"]["web"]["condition"] = "service_ready"
    errors = compose_spec_errors(mistaken)
    assert len(errors) == 3, errors
    assert any("helthcheck" in error for error in errors)
    assert any(error.startswith("services/db/healthcheck/retries") for error in errors)
    assert any(error.startswith("services/proxy/depends_on") for error in errors)


def test_nginx_accepts_the_repository_config(tmp_path):
    for folder in ("static", "media", "private"):
        (tmp_path / folder).mkdir()
    main = write_config(
        tmp_path,
        port=18080,
        upstreams=[18081, 18082],
        static=tmp_path / "static",
        media=tmp_path / "media",
        private=tmp_path / "private",
    )
    result = subprocess.run(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-t", "-c", str(main), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    rendered = (tmp_path / "portal.conf").read_text()
    assert "${ECO62_" not in rendered
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in rendered


def test_compose_runs_the_tested_processes_each_with_a_health_check(compose):
    services = compose["services"]
    assert {"proxy", "web", "worker", "beat", "db", "redis"} <= set(services)
    for name, service in services.items():
        if name != "migrate":
            assert "healthcheck" in service, name
    app_environment = services["web"]["environment"]
    assert app_environment["TRUSTED_PROXY_COUNT"] == "1"
    assert app_environment["PRIVATE_FILES_ACCEL_REDIRECT"] == "/_private/"
    # Only the proxy is published; the web servers scale behind it.
    assert "ports" not in services["web"]
    proxy_volumes = services["proxy"]["volumes"]
    assert any(volume.startswith("./deploy/nginx.conf.template:") for volume in proxy_volumes)
    assert TEMPLATE.exists()
    for process in ("web", "worker", "beat"):
        assert "media:/var/lib/eco62/media" in services[process]["volumes"], process
        assert "private:/var/lib/eco62/private" in services[process]["volumes"], process


@pytest.mark.django_db
def test_a_permitted_private_file_leaves_through_the_proxy_when_one_serves_files(
    client, settings, tmp_path, django_user_model
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    name = private_storage.save("grants/notice.pdf", ContentFile(b"%PDF-1.4 private"))
    staff = django_user_model.objects.create_user(
        email="staff@example.jp", password="a long enough password", is_staff=True
    )
    client.force_login(staff)
    address = private_address(name)

    settings.PRIVATE_FILES_ACCEL_REDIRECT = ""
    streamed = client.get(address)
    assert b"".join(streamed.streaming_content) == b"%PDF-1.4 private"
    assert "X-Accel-Redirect" not in streamed

    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/_private/"
    redirected = client.get(address)
    assert redirected.status_code == 200
    assert redirected["X-Accel-Redirect"] == f"/_private/{name}"
    assert redirected["Content-Type"] == "application/pdf"
    assert redirected["Cache-Control"] == "private, no-store"
    assert redirected.content == b""

    client.logout()
    assert client.get(address).status_code == 404


def gunicorn_workers(**environment: str) -> int:
    """The worker count gunicorn would start with from the repository root, as the image runs."""
    printed = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "eco62.wsgi:application"],
        cwd=settings.BASE_DIR,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(re.search(r"^workers\s+=\s+(\d+)$", printed, re.MULTILINE).group(1))


def test_gunicorn_runs_more_sync_workers_than_cores_unless_told(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert gunicorn_workers() == min(2 * len(os.sched_getaffinity(0)) + 1, 9)
    assert gunicorn_workers(WEB_CONCURRENCY="3") == 3
    # The image takes the count from gunicorn.conf.py, not from a flag of its own.
    command = (Path(settings.BASE_DIR) / "Dockerfile").read_text().split("CMD", 1)[1]
    assert "--workers" not in command and "-w" not in command.split()
