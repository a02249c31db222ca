"""`make bench`: the portal at realistic scale, served as in production, measured from outside.

Builds (once) the large data set on PostgreSQL, serves it with gunicorn (2 workers) and the Redis
cache, loads every public page with wrk from a second process on loopback, and reports each
page's requests/s as a ratio to a trivial floor view of the same deployment, with and without the
anonymous whole-page cache. Background-job figures come from scripts/bench_jobs.py. Results are
printed as one table and written to docs/benchmarks.md.
"""

import datetime
import json
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/eco62_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
PORT = int(os.environ.get("BENCH_PORT", "8089"))
DURATION = os.environ.get("BENCH_DURATION", "6s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
TARGET_P99_MS = 100
TARGET_RATIO_UNCACHED = 0.10
TARGET_RATIO_CACHED = 0.70
NOTES_MARKER = "<!-- analysis: kept across runs -->"


def production_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(50)),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": "smtp://127.0.0.1:2525",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_KEY_PREFIX": "bench",
        "VAR_DIR": str(BASE_DIR / "var" / "bench"),
        **extra,
    }


def manage(*args: str, env: dict[str, str], capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


def ensure_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", admin_url, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", admin_url, "-c", f'CREATE DATABASE "{name}"'], check=True)


def prepare(env: dict[str, str]) -> float:
    ensure_database()
    started = time.monotonic()
    manage("migrate", "--no-input", "-v0", env=env)
    manage("seed_demo", "--scale", "large", env=env)
    manage("collectstatic", "--no-input", "-v0", env=env)
    return time.monotonic() - started


def serve(env: dict[str, str], *, port: int = PORT, workers: int = 2) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "eco62.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("gunicorn did not become healthy")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(path: str) -> dict[str, float]:
    url = f"http://127.0.0.1:{PORT}{path}"
    # Warm up (fills fragment and page caches the way real traffic would).
    subprocess.run(["wrk", "-t1", "-c2", "-d1s", url], capture_output=True, check=True)
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1))
    p99 = to_ms(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def measure_pages(pages: dict[str, str], env: dict[str, str]) -> dict[str, dict]:
    server = serve(env)
    try:
        results = {"floor": wrk("/bench/floor")}
        for name, path in pages.items():
            results[name] = wrk(path)
    finally:
        stop(server)
    return results


def page_table(pages: dict[str, str], uncached: dict, cached: dict) -> list[str]:
    floor_uncached = uncached["floor"]["rps"]
    floor_cached = cached["floor"]["rps"]
    rows = [
        "| page | path | req/s | ratio to floor | p50 ms | p99 ms | req/s (page cache) | ratio (page cache) | p99 ms (page cache) | non-2xx | met |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| floor | /bench/floor | {floor_uncached:.0f} | 1.00 | {uncached['floor']['p50']:.1f} | {uncached['floor']['p99']:.1f} | {floor_cached:.0f} | 1.00 | {cached['floor']['p99']:.1f} | 0 | |",
    ]
    for name, path in pages.items():
        plain, page_cached = uncached[name], cached[name]
        ratio = plain["rps"] / floor_uncached
        ratio_cached = page_cached["rps"] / floor_cached
        met = (
            plain["p99"] < TARGET_P99_MS
            and ratio >= TARGET_RATIO_UNCACHED
            and ratio_cached >= TARGET_RATIO_CACHED
            and plain["errors"] == 0
        )
        rows.append(
            f"| {name} | `{path}` | {plain['rps']:.0f} | {ratio:.2f} | {plain['p50']:.1f} | "
            f"{plain['p99']:.1f} | {page_cached['rps']:.0f} | {ratio_cached:.2f} | "
            f"{page_cached['p99']:.1f} | {plain['errors'] + page_cached['errors']} | {'yes' if met else 'NO'} |"
        )
    return rows


def machine_description() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main() -> None:
    env = production_env()
    seed_seconds = prepare(env)
    pages = json.loads(
        subprocess.run(
            [PYTHON, "scripts/bench_pages.py"],
            cwd=BASE_DIR,
            env=env,
            check=True,
            text=True,
            capture_output=True,
        ).stdout
    )
    uncached = measure_pages(pages, production_env(ANONYMOUS_PAGE_CACHE_SECONDS="0"))
    cached = measure_pages(pages, production_env(ANONYMOUS_PAGE_CACHE_SECONDS="60"))
    jobs_output = subprocess.run(
        [PYTHON, "scripts/bench_jobs.py"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    job_rows = [line for line in jobs_output.stdout.splitlines() if line.startswith("|")]
    job_rows = job_rows or ["(no background-job figures)"]
    if jobs_output.returncode != 0:
        job_rows.append("```\n" + jobs_output.stderr[-3000:] + "\n```")

    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {machine_description()}; "
        f"PostgreSQL and Redis local; gunicorn with 2 workers; wrk with 2 threads and "
        f"{CONNECTIONS} connections for {DURATION} per page, from a second process on loopback.",
        "",
        "Rerun with `make bench` (builds the large data set once with "
        "`python manage.py seed_demo --scale large`; "
        f"this run spent {seed_seconds:.0f} s migrating, seeding and collecting static files).",
        "",
        f"Targets: p99 under {TARGET_P99_MS} ms; at least {TARGET_RATIO_UNCACHED:.0%} of the floor's "
        f"requests/s without the whole-page cache and {TARGET_RATIO_CACHED:.0%} with it.",
        "",
        "## Public pages",
        "",
        *page_table(pages, uncached, cached),
        "",
        "## Background jobs and the registration burst",
        "",
        *job_rows,
        "",
    ]
    report = "\n".join(lines)
    print(report)
    # The hand-written analysis below the marker (causes, fixes, before/after) is kept.
    target = BASE_DIR / "docs" / "benchmarks.md"
    previous = target.read_text(encoding="utf-8") if target.exists() else ""
    notes = (
        previous[previous.index(NOTES_MARKER) :]
        if NOTES_MARKER in previous
        else NOTES_MARKER + "\n"
    )
    target.write_text(report + "\n" + notes, encoding="utf-8")


if __name__ == "__main__":
    main()
