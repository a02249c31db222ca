"""`make bench`: the portal at realistic scale, served as in production, measured from outside.

Builds (once) the data set of the scale asked for (`large`, or `xlarge` at ten times that) on
PostgreSQL, serves it with gunicorn (its workers as gunicorn.conf.py sets them) and the Redis
cache, loads every public page with wrk from a second process on loopback, and reports each page's
requests/s as a ratio to a trivial floor view of the same deployment, with and without the
anonymous whole-page cache. At xlarge the large set is measured in the same round, for the ratio of
the two. Then the mixed workload (scripts/bench_mixed.py), a phone on Slow 4G behind nginx
(scripts/bench_phone.py) and the background jobs (scripts/bench_jobs.py). Results are printed and
written to docs/benchmarks.md.

    python scripts/bench.py [--scale large|xlarge]
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR / "scripts"))
PYTHON = sys.executable
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# One database and media folder per scale, so a large run never waits for an xlarge seed.
DATABASES = {"large": "eco62_bench", "xlarge": "eco62_bench_xlarge"}
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
PORT = int(os.environ.get("BENCH_PORT", "8089"))
MIXED_SECONDS = int(os.environ.get("BENCH_MIXED_SECONDS", "30"))
# What `make bench` may take once its data set exists (seeding it the first time comes on top:
# about 3 minutes for large, 20 for xlarge on this machine). Past it the run stops.
TIME_LIMIT_MINUTES = {"large": 25, "xlarge": 40}
DURATION = os.environ.get("BENCH_DURATION", "6s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
TARGET_P99_MS = 100
TARGET_RATIO_UNCACHED = 0.15
TARGET_SHARE_OF_LARGE = 0.80
TARGET_RATIO_CACHED = 0.70
TARGET_QUERIES = 10
NOTES_MARKER = "<!-- analysis: kept across runs -->"

from bench_phone import measure_phone  # noqa: E402 - needs the scripts folder on the path


def database_url(scale: str) -> str:
    return os.environ.get(f"BENCH_DATABASE_URL_{scale.upper()}", f"{POSTGRES}/{DATABASES[scale]}")


def production_env(scale: str = "large", **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(50)),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url(scale),
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": "smtp://127.0.0.1:2525",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_KEY_PREFIX": f"bench-{scale}",
        "BENCH_FLOOR": "true",
        "VAR_DIR": str(BASE_DIR / "var" / ("bench" if scale == "large" else f"bench-{scale}")),
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


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", admin_url, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", admin_url, "-c", f'CREATE DATABASE "{name}"'], check=True)


def prepare(scale: str) -> float:
    env = production_env(scale)
    ensure_database(env["DATABASE_URL"])
    started = time.monotonic()
    manage("migrate", "--no-input", "-v0", env=env)
    manage("seed_demo", "--scale", scale, env=env)
    manage("collectstatic", "--no-input", "-v0", env=env)
    # What autovacuum does on a production server after bulk inserts: the visibility map lets a
    # count use an index alone (news list at xlarge: 90 → 30 ms after a publish) and the planner
    # gets statistics. Local servers may run without autovacuum (this machine's does).
    subprocess.run(["psql", env["DATABASE_URL"], "-qc", "VACUUM ANALYZE"], check=True)
    return time.monotonic() - started


def serve(env: dict[str, str], *, port: int = PORT, workers: int | None = None) -> subprocess.Popen:
    """gunicorn as production runs it: gunicorn.conf.py's workers unless `workers` is given."""
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "eco62.wsgi:application",
            *(["--workers", str(workers)] if workers else []),
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


class LoadSampler(threading.Thread):
    """The machine's 1-minute load average every few seconds while a scenario runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.running = True

    def run(self):
        while self.running:
            self.samples.append(float(Path("/proc/loadavg").read_text().split()[0]))
            time.sleep(5)

    def stop(self) -> str:
        self.running = False
        found = self.samples or [float(Path("/proc/loadavg").read_text().split()[0])]
        return f"load {min(found):.1f}–{max(found):.1f} (mean {sum(found) / len(found):.1f})"


def scenario(label: str, loads: dict[str, str], work):
    """Run one scenario, noting the machine's load while it ran."""
    sampler = LoadSampler()
    sampler.start()
    try:
        return work()
    finally:
        loads[label] = sampler.stop()


def page_table(pages, uncached: dict, cached: dict, queries: dict) -> list[str]:
    floor_uncached = uncached["floor"]["rps"]
    floor_cached = cached["floor"]["rps"]
    rows = [
        "| page | path | SQL cold / after a publish / warm | req/s | ratio to floor | p50 ms | "
        "p99 ms | req/s (page cache) | ratio (page cache) | p99 ms (page cache) | non-2xx | met |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| floor | /bench/floor | | {floor_uncached:.0f} | 1.00 | {uncached['floor']['p50']:.1f} | "
        f"{uncached['floor']['p99']:.1f} | {floor_cached:.0f} | 1.00 | "
        f"{cached['floor']['p99']:.1f} | 0 | |",
    ]
    for name, path in pages.items():
        plain, page_cached, sql = uncached[name], cached[name], queries[name]
        ratio = plain["rps"] / floor_uncached
        ratio_cached = page_cached["rps"] / floor_cached
        met = (
            plain["p99"] < TARGET_P99_MS
            and ratio >= TARGET_RATIO_UNCACHED
            and ratio_cached >= TARGET_RATIO_CACHED
            and plain["errors"] == 0
            and sql["after_publish"] <= TARGET_QUERIES
        )
        rows.append(
            f"| {name} | `{path}` | {sql['cold']} / {sql['after_publish']} / {sql['warm']} | "
            f"{plain['rps']:.0f} | {ratio:.2f} | {plain['p50']:.1f} | {plain['p99']:.1f} | "
            f"{page_cached['rps']:.0f} | {ratio_cached:.2f} | {page_cached['p99']:.1f} | "
            f"{plain['errors'] + page_cached['errors']} | {'yes' if met else 'NO'} |"
        )
    return rows


def scale_table(pages, results: dict[str, dict]) -> list[str]:
    """Each page's uncached ratio to the floor at xlarge against large, in the same round."""
    rows = [
        "| page | ratio at large | ratio at xlarge | xlarge / large | p99 ms large → xlarge | met |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    large, xlarge = results["large"], results["xlarge"]
    for name in pages["xlarge"]:
        before = large[name]["rps"] / large["floor"]["rps"]
        after = xlarge[name]["rps"] / xlarge["floor"]["rps"]
        share = after / before
        met = share >= TARGET_SHARE_OF_LARGE and after >= TARGET_RATIO_UNCACHED
        rows.append(
            f"| {name} | {before:.2f} | {after:.2f} | {share:.2f} | "
            f"{large[name]['p99']:.1f} → {xlarge[name]['p99']:.1f} | {'yes' if met else 'NO'} |"
        )
    return rows


def run_script(script: str, *args: str, env: dict[str, str], timeout: int) -> list[str]:
    """A part run in its own process; its Markdown rows, or the end of its error."""
    try:
        output = subprocess.run(
            [PYTHON, script, *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return [f"(stopped after {timeout} s: over its share of the time limit)"]
    rows = [line for line in output.stdout.splitlines() if line.startswith("|") or not line]
    if output.returncode != 0:
        rows.append("```\n" + output.stderr[-3000:] + "\n```")
    return rows or ["(no figures)"]


def pages_of(scale: str) -> dict[str, str]:
    output = subprocess.run(
        [PYTHON, "scripts/bench_pages.py"],
        cwd=BASE_DIR,
        env=production_env(scale),
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    return json.loads(output)


def query_counts(scale: str, pages: dict[str, str]) -> dict[str, dict]:
    output = subprocess.run(
        [PYTHON, "scripts/bench_queries.py", json.dumps(pages)],
        cwd=BASE_DIR,
        env=production_env(scale),
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    return json.loads(output)


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


def gunicorn_workers() -> int:
    import runpy

    return runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))["workers"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=sorted(DATABASES), default="large")
    scale = parser.parse_args().scale
    scales = ["large", "xlarge"] if scale == "xlarge" else ["large"]
    seed_seconds = {one: prepare(one) for one in scales}
    started = time.monotonic()
    deadline = started + TIME_LIMIT_MINUTES[scale] * 60
    loads: dict[str, str] = {"before the run": LoadSampler().stop()}
    pages = {one: pages_of(one) for one in scales}
    queries = {one: query_counts(one, pages[one]) for one in scales}
    uncached, cached = {}, {}
    for one in scales:
        uncached[one] = scenario(
            f"pages at {one}, no page cache",
            loads,
            lambda one=one: measure_pages(
                pages[one], production_env(one, ANONYMOUS_PAGE_CACHE_SECONDS="0")
            ),
        )
        cached[one] = scenario(
            f"pages at {one}, page cache",
            loads,
            lambda one=one: measure_pages(
                pages[one], production_env(one, ANONYMOUS_PAGE_CACHE_SECONDS="60")
            ),
        )
    # The registrations all come from 127.0.0.1: the per-address form limit would refuse them.
    env = production_env(scale, ANONYMOUS_PAGE_CACHE_SECONDS="60", PUBLIC_FORM_RATE_LIMIT="100000")
    server = serve(env)
    try:
        mixed_rows = scenario(
            "mixed workload",
            loads,
            lambda: run_script(
                "scripts/bench_mixed.py",
                str(PORT),
                str(MIXED_SECONDS),
                json.dumps(pages[scale]),
                env=env,
                timeout=MIXED_SECONDS * 2 + 540,  # and the newsletter fan-out before the round
            ),
        )
    finally:
        stop(server)
    phone_pages = {
        name: pages[scale][name]
        for name in ("home", "article", "event page", "municipality emissions")
    }
    phone_rows = scenario(
        "phone on Slow 4G", loads, lambda: measure_phone(phone_pages, env, serve=serve, stop=stop)
    )
    job_rows = scenario(
        "background jobs",
        loads,
        lambda: run_script(
            "scripts/bench_jobs.py",
            env=production_env(scale),
            timeout=max(60, int(deadline - time.monotonic())),
        ),
    )
    total_minutes = (time.monotonic() - started) / 60

    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {machine_description()}; "
        f"PostgreSQL and Redis local; gunicorn with {gunicorn_workers()} sync workers "
        f"(gunicorn.conf.py); wrk with 2 threads and "
        f"{CONNECTIONS} connections for {DURATION} per page, from a second process on loopback.",
        "",
        f"Rerun with `make bench SCALE={scale}` (builds the data set once with "
        f"`python manage.py seed_demo --scale {scale}`; this run spent "
        + ", ".join(f"{seconds:.0f} s on {one}" for one, seconds in seed_seconds.items())
        + f" migrating, seeding and collecting static files). The measurements took "
        f"{total_minutes:.1f} minutes; the limit is {TIME_LIMIT_MINUTES[scale]} minutes.",
        "",
        "The machine's load (1-minute average, sampled every 5 s; the benchmark's own processes "
        "count too): " + "; ".join(f"{label}: {load}" for label, load in loads.items()) + ".",
        "",
        f"Targets: p99 under {TARGET_P99_MS} ms; at least {TARGET_RATIO_UNCACHED:.0%} of the floor's "
        f"requests/s without the whole-page cache and {TARGET_RATIO_CACHED:.0%} with it; at most "
        f"{TARGET_QUERIES} SQL queries on the first request after a publish.",
        "",
    ]
    for one in scales:
        lines += [
            f"## Public pages at {one}",
            "",
            *page_table(pages[one], uncached[one], cached[one], queries[one]),
            "",
        ]
    if scale == "xlarge":
        lines += [
            "## xlarge against large, same round",
            "",
            f"Target: each page's ratio to the floor at xlarge at least "
            f"{TARGET_RATIO_UNCACHED:.0%} and {TARGET_SHARE_OF_LARGE:.0%} of its ratio at large.",
            "",
            *scale_table(pages, uncached),
            "",
        ]
    lines += [
        f"## Mixed workload at {scale} (page cache on)",
        "",
        *mixed_rows,
        "",
        f"## A phone on Slow 4G at {scale}",
        "",
        "Chromium at 360 px (device pixel ratio 1.75), 400 kbit/s down, 400 ms round trip, "
        "HTTP cache off, behind nginx; nothing scrolled, so images below the fold are not "
        "fetched. Targets: at most 100 KB and 10 requests, LCP at most 1,300 ms.",
        "",
        *phone_rows,
        "",
        f"## Background jobs and the registration burst at {scale}",
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
