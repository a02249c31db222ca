"""Killing and restarting real Celery processes: the worker, and beat's sweeps beside it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]


def wait_until(condition, *, timeout: float = 90.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def kill(worker: subprocess.Popen) -> dict[str, str]:
    """SIGKILL, as a crash or the out-of-memory killer; returns its environment for a restart."""
    environ = Path(f"/proc/{worker.pid}/environ").read_bytes()  # read before it dies
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    return dict(item.split("=", 1) for item in environ.decode().split("\0") if "=" in item)


def start_like(killed: subprocess.Popen, env: dict[str, str]) -> subprocess.Popen:
    """A worker with the very command and environment of the one that was killed."""
    return _start(killed.args, env)


def start_beat(env: dict[str, str], folder: Path) -> subprocess.Popen:
    """Beat with the project's schedule, sending to the same (test) queue as the worker."""
    command = [sys.executable, "-m", "celery", "-A", "eco62", "beat"]
    return _start([*command, "-s", str(folder / "beat-schedule"), "--loglevel=warning"], env)


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _start(command, env) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
