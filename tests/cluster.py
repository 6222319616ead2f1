"""A PostgreSQL cluster of its own, for tests and benchmarks that stop or restart the server.

The machine's server on 5432 is shared and must never be stopped, so a fault run makes its own:
``initdb`` into a temporary directory, ``pg_ctl`` on a free port, fsync off (its data is
thrown away). As root the server runs as the ``postgres`` user, which initdb requires.
"""
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tests.services import free_port, unavailable

#: The system user a root process runs the server as.
SERVER_USER = "postgres"


class Cluster:
    def __init__(self, directory: Path, port: int):
        self.data = directory / "data"
        self.log = directory / "server.log"
        self.port = port
        self.url = f"postgresql://postgres@127.0.0.1:{port}/casework"

    def _run(self, *args: str) -> None:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def _ctl(self, action: str, *args: str) -> None:
        self._run("pg_ctl", action, "-D", str(self.data), "-l", str(self.log), "-w",
                  "-t", "60", *args)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth", "trust",
                  "--no-sync", "-E", "UTF8", "--locale", "C")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       "unix_socket_directories = ''\nfsync = off\n")

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        """A fast shutdown: open transactions are rolled back, committed ones stay."""
        self._ctl("stop", "-m", "fast")

    def create_database(self) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "casework")


@contextmanager
def own_cluster():
    """Yield a running ``Cluster`` with an empty database ``casework``; stop and remove it at
    the end, whatever happened."""
    for tool in ("initdb", "pg_ctl"):
        if not shutil.which(tool):
            unavailable(f"{tool} not found (PostgreSQL's server binaries)")
    directory = Path(tempfile.mkdtemp(prefix="casework-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, SERVER_USER)
    cluster = Cluster(directory, free_port())
    try:
        cluster.init()
        cluster.start()
        cluster.create_database()
        yield cluster
    finally:
        if (cluster.data / "postmaster.pid").exists():
            cluster._ctl("stop", "-m", "immediate")
        shutil.rmtree(directory, ignore_errors=True)
