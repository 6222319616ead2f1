"""``celery -A workers worker`` and ``celery -A workers beat`` start and reach Redis for real."""
import pytest

from casework import create_app
from tests.services import REDIS_URL, require_redis
from tests.workers.processes import (
    celery_env,
    celery_process,
    unique_queue,
    wait_for,
    worker_args,
)


@pytest.fixture
def env(tmp_path):
    require_redis()
    return celery_env(f"sqlite:///{tmp_path / 'w.sqlite'}")


def test_worker_answers_a_ping_through_redis(env, tmp_path):
    queue = unique_queue("ping")
    name = f"{queue}@127.0.0.1"
    with celery_process(worker_args(queue), env, tmp_path / "worker.log") as worker:
        app = create_app({"ENV_NAME": "testing", "REDIS_URL": REDIS_URL},
                         instance_path=str(tmp_path))
        celery = app.extensions["celery"]

        def pong():
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            return celery.control.ping(destination=[name], timeout=1.0)

        assert wait_for(pong, what="a pong") == [{name: {"ok": "pong"}}]


def test_beat_starts(env, tmp_path):
    log = tmp_path / "beat.log"
    args = ["beat", "--schedule", str(tmp_path / "schedule"), "--loglevel", "INFO"]
    with celery_process(args, env, log):
        wait_for(lambda: "beat: Starting" in log.read_text(), what="beat starting")
