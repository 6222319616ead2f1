"""Real Celery worker and beat processes for tests, each logging to a file the test can read."""
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from tests.services import REDIS_URL

CELERY = str(Path(sys.executable).with_name("celery"))


def celery_env(database_url: str, **settings) -> dict[str, str]:
    """The environment of a process of the testing app on ``database_url`` and the test Redis;
    ``settings`` become ``CASEWORK_*`` variables."""
    env = {**os.environ, "CASEWORK_ENV": "testing", "CASEWORK_REDIS_URL": REDIS_URL,
           "CASEWORK_DATABASE_URL": database_url}
    env.update({f"CASEWORK_{name}": str(value) for name, value in settings.items()})
    return env


def unique_queue(purpose: str) -> str:
    """A queue of its own, so that a worker of another test run on this Redis cannot take the
    task to its own database."""
    return f"casework-{purpose}-{uuid.uuid4().hex[:12]}"


@contextmanager
def celery_process(args: list[str], env: dict[str, str], log: Path):
    """Run ``celery -A workers ARGS`` until the block ends; its output goes to ``log``."""
    with log.open("w") as out:
        process = subprocess.Popen([CELERY, "-A", "workers", *args], env=env, stdout=out,
                                   stderr=subprocess.STDOUT, text=True)
        try:
            yield process
        finally:
            stop(process)


def worker_args(queue: str) -> list[str]:
    return ["worker", "--pool", "solo", "--loglevel", "INFO", "-Q", queue,
            "-n", f"{queue}@127.0.0.1"]


def stop(process: subprocess.Popen) -> None:
    """Ask the process to stop; kill it if it has not within 10 seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def wait_for(condition, timeout: float = 60, what: str = "condition"):
    """Poll ``condition`` twice a second until it returns something true; fail after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"{what} not reached within {timeout} s")
