"""A real S3-compatible server for the tests: moto's standalone server (``moto_server``, from
the dev dependencies) in a process of its own on a free port, spoken to over HTTP by boto3."""
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.services import free_port, port_open, unavailable

MOTO_SERVER = Path(sys.executable).with_name("moto_server")
#: Any keys do for moto; boto3 needs some.
KEYS = {"access_key_id": "testing", "secret_access_key": "testing"}
REGION = "us-east-1"


@contextmanager
def s3_server(log: Path):
    """Start the server, yield its endpoint URL, stop it."""
    if not MOTO_SERVER.exists():
        unavailable(f"{MOTO_SERVER} not found: install the dev dependencies (moto[server])")
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)], stdout=out,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("AWS_")})
    try:
        deadline = time.monotonic() + 30
        while not port_open("127.0.0.1", port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("moto_server did not start:\n" + log.read_text()[-2000:])
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)


def create_bucket(endpoint: str, bucket: str) -> None:
    import boto3

    boto3.client("s3", endpoint_url=endpoint, region_name=REGION,
                 aws_access_key_id=KEYS["access_key_id"],
                 aws_secret_access_key=KEYS["secret_access_key"]).create_bucket(Bucket=bucket)
