"""``celery -A workers worker`` and ``celery -A workers beat`` start and reach Redis for real."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from casework import create_app
from tests.services import REDIS_URL, require_redis

CELERY = str(Path(sys.executable).with_name("celery"))


def stop(process: subprocess.Popen) -> None:
    """Ask the process to stop; kill it if it has not within 10 seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    process.stdout.close()


@pytest.fixture
def worker_env(tmp_path):
    require_redis()
    redis.Redis.from_url(REDIS_URL).flushdb()
    return {**os.environ, "CASEWORK_ENV": "testing", "CASEWORK_REDIS_URL": REDIS_URL,
            "CASEWORK_DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite'}"}


def test_worker_answers_a_ping_through_redis(worker_env, tmp_path):
    name = f"casework-test-{os.getpid()}@127.0.0.1"
    worker = subprocess.Popen(
        [CELERY, "-A", "workers", "worker", "--pool", "solo", "-n", name, "--loglevel", "WARNING"],
        env=worker_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        app = create_app({"ENV_NAME": "testing", "REDIS_URL": REDIS_URL},
                         instance_path=str(tmp_path))
        celery = app.extensions["celery"]
        deadline, replies = time.monotonic() + 60, []
        while not replies and time.monotonic() < deadline and worker.poll() is None:
            replies = celery.control.ping(destination=[name], timeout=1.0)
        assert replies == [{name: {"ok": "pong"}}], worker.stdout.read() if worker.poll() else ""
    finally:
        stop(worker)


def test_beat_starts(worker_env, tmp_path):
    beat = subprocess.Popen(
        [CELERY, "-A", "workers", "beat", "--schedule", str(tmp_path / "schedule"),
         "--loglevel", "INFO"],
        env=worker_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        seen = ""
        deadline = time.monotonic() + 60
        while "beat: Starting" not in seen and time.monotonic() < deadline:
            line = beat.stdout.readline()
            if not line:
                break
            seen += line
        assert "beat: Starting" in seen, seen
    finally:
        stop(beat)
