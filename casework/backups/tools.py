"""PostgreSQL's client programs (``pg_dump``, ``pg_restore``) and the addresses they take."""
import os
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa

from casework.core.errors import DomainError


class BackupError(DomainError):
    """A backup that cannot be made or checked; the message says why, in plain words."""


def program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found on PATH: install PostgreSQL's client programs "
                          f"(Debian: postgresql-client) or put their folder on PATH")
    return found


def run(name: str, *args: str, url: sa.URL) -> None:
    """Run ``name args`` against the database of ``url``; its password goes in the
    environment, not on the command line where every user's ``ps`` shows it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    address = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    done = subprocess.run([program(name), f"--dbname={address}", *args], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode:
        raise BackupError(f"{name} failed (exit {done.returncode}): "
                          + (done.stderr.strip() or done.stdout.strip()))


def listing(file: Path) -> None:
    """Refuse a file ``pg_restore`` cannot read (truncated, or not a dump after all)."""
    done = subprocess.run([program("pg_restore"), "--list", str(file)], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    if done.returncode:
        raise BackupError(f"{file} is not a readable pg_dump archive: "
                          + (done.stderr.strip().splitlines() or ["pg_restore refused it"])[0])
