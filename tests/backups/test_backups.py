"""``casework backup create`` and ``backup check`` on a SQLite file and on PostgreSQL: a backup
of a demo district restores to what its manifest says (real processes), a manifest that does
not fit is found and named, what is not a backup is refused in one line, and a dump taken while
others write holds its snapshot."""
import hashlib
import json
import shutil
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
import sqlalchemy as sa

from casework.attachments.services import add_files
from casework.backups.services import manifest_path
from casework.cases.models import Case
from casework.core.extensions import db
from casework.demo.generator import generate
from tests import factories
from tests.attachments import samples
from tests.databases import fresh_database
from tests.server import CASEWORK, PROJECT, migrate, own_app, tail

BOTH = pytest.mark.parametrize("site", ["sqlite", "postgresql"], indirect=True)
#: The tables a backup of a district in use must hold rows of.
FILLED = ("cases", "case_events", "audit_events", "attachments", "users")


@pytest.fixture(scope="module")
def site(request, tmp_path_factory):
    """A migrated database of ``request.param`` with a small demo district and two attached
    files, built once per backend for the module; the server's environment and the test's own app."""
    tmp = tmp_path_factory.mktemp(f"backups-{request.param}")
    with fresh_database(request.param, tmp) as url:
        env = migrate(url, tmp)
        with own_app(url, tmp / "instance") as app:
            with app.app_context():
                generate(30, seed=5)
                first = db.session.scalars(sa.select(Case).order_by(Case.id)).first()
                add_files(first, [samples.upload("brev.pdf", samples.pdf()),
                                  samples.upload("foto.png", samples.png())], by=None)
                db.session.commit()
            yield SimpleNamespace(backend=request.param, url=url, env=env, app=app, tmp=tmp)


def casework(site, *args: str) -> subprocess.CompletedProcess:
    """``casework <args>`` as a process of its own; its exit code and output, not a failure."""
    return subprocess.run([str(CASEWORK), *args], cwd=PROJECT, env=site.env, text=True,
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=300)


def invoke(site, *args: str) -> tuple[int, str]:
    """``casework <args>`` in the test's own app (the same command, without a process's start):
    its exit code and what it printed to either stream."""
    done = site.app.test_cli_runner().invoke(args=list(args))
    return done.exit_code, done.output


def created(site, name: str) -> Path:
    file = site.tmp / name
    code, output = invoke(site, "backup", "create", str(file))
    assert code == 0, output
    return file


def manifest(file: Path) -> dict:
    return json.loads(manifest_path(file).read_text())


def counts(site) -> dict[str, int]:
    with site.app.app_context():
        return {name: db.session.scalar(sa.text(f'SELECT count(*) FROM "{name}"'))
                for name in FILLED}


def table_key(site, name: str) -> str:
    return f"public.{name}" if site.backend == "postgresql" else name


def scratch_databases() -> set[str]:
    from tests.services import PG_ADMIN_URL

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        return {name for (name,) in conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'casework_backup_check_%'")}


@BOTH
def test_a_backup_restores_to_the_rows_and_checksums_of_every_table(site):
    before = scratch_databases() if site.backend == "postgresql" else set()
    file = site.tmp / "whole.dump"
    made = casework(site, "backup", "create", str(file))
    assert made.returncode == 0, tail(made.stdout + made.stderr)
    recorded = manifest(file)

    done = casework(site, "backup", "check", str(file))

    assert done.returncode == 0, tail(done.stdout + done.stderr)
    tables = recorded["tables"]
    assert {name: tables[table_key(site, name)]["rows"] for name in FILLED} == counts(site)
    assert all(tables[table_key(site, name)]["rows"] > 0 for name in FILLED)
    lines = done.stdout.splitlines()
    assert [line.split()[1].rstrip(":") for line in lines[:-1]] == sorted(tables)
    assert all(line.startswith("ok ") for line in lines[:-1])
    assert lines[-1].startswith(f"GOOD: the restored backup matches its manifest in all "
                                f"{len(tables)} tables")
    if site.backend == "postgresql":
        assert scratch_databases() == before  # the scratch database is gone


@BOTH
def test_a_manifest_that_does_not_fit_the_restore_is_found_and_named(site):
    file = created(site, "tampered.dump")
    recorded = manifest(file)
    cases, audit = table_key(site, "cases"), table_key(site, "audit_events")
    recorded["tables"][cases]["rows"] += 1
    recorded["tables"][audit]["checksum"] = "0" * 32  # the count alone still matches
    manifest_path(file).write_text(json.dumps(recorded))

    code, output = invoke(site, "backup", "check", str(file))

    assert code == 1, output
    assert f"differs  {cases}: manifest {recorded['tables'][cases]['rows']} rows" in output
    assert f"differs  {audit}: manifest" in output
    assert sum(line.startswith("ok ") for line in output.splitlines()) \
        == len(recorded["tables"]) - 2
    assert output.splitlines()[-1] == (
        f"NOT GOOD: 2 of {len(recorded['tables'])} tables of the restored backup differ from "
        f"its manifest: {', '.join(sorted([audit, cases]))}")


@BOTH
def test_a_truncated_dump_with_a_manifest_of_its_bytes_is_refused_plainly(site):
    file = created(site, "truncated.dump")
    data = file.read_bytes()
    file.write_bytes(data[:len(data) // 2])
    recorded = manifest(file)
    recorded["sha256"] = hashlib.sha256(file.read_bytes()).hexdigest()
    manifest_path(file).write_text(json.dumps(recorded))

    code, output = invoke(site, "backup", "check", str(file))

    assert code == 2, output
    assert any(words in output for words in (
        "not a readable", "pg_restore failed", "damaged SQLite database")), output


@BOTH
def test_what_is_not_a_backup_of_its_own_gets_a_message_not_a_traceback(site):
    first = created(site, "first.dump")
    add_cases(site, 1)
    second = created(site, "second.dump")
    shutil.copyfile(manifest_path(first), manifest_path(second))
    empty, text, lone = site.tmp / "empty.dump", site.tmp / "notes.txt", site.tmp / "lone.dump"
    empty.write_bytes(b"")
    text.write_text("SELECT 1;\n")
    for path in (empty, text):
        shutil.copyfile(manifest_path(first), manifest_path(path))
    shutil.copyfile(first, lone)

    expected = {
        site.tmp / "missing.dump": "no such file",
        empty: "is empty: not a backup",
        text: "is not a backup: neither a PostgreSQL dump",
        lone: f"no manifest {manifest_path(lone)} beside the dump",
        second: "describes another dump (first.dump, made ",
    }
    for path, message in expected.items():
        code, output = invoke(site, "backup", "check", str(path))
        assert (code, output.count("\n")) == (2, 1), output  # one line, no traceback
        assert message in output, output


@pytest.mark.parametrize("site", ["postgresql"], indirect=True)
def test_without_pg_restore_the_check_says_so(site, monkeypatch):
    file = created(site, "no-tools.dump")
    monkeypatch.setenv("PATH", str(CASEWORK.parent))

    code, output = invoke(site, "backup", "check", str(file))

    assert code == 2, output
    assert output.startswith("Error: pg_restore not found on PATH"), output


@pytest.mark.parametrize("site", ["postgresql"], indirect=True)
def test_rows_written_after_the_snapshot_are_neither_in_the_dump_nor_in_its_manifest(site):
    """The test holds a lock that pg_dump waits for once the backup has exported its snapshot;
    while it waits, cases are added from another connection; then the dump goes on."""
    before = counts(site)
    file = site.tmp / "during.dump"
    with psycopg.connect(site.url) as locker:
        locker.execute("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE")
        backup = subprocess.Popen([str(CASEWORK), "backup", "create", str(file)], cwd=PROJECT,
                                  env=site.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, text=True)
        try:
            wait_for_pg_dump_to_wait(site, backup)
            add_cases(site, 3)
            locker.commit()
            output, _ = backup.communicate(timeout=120)
        finally:
            if backup.poll() is None:
                backup.kill()
                backup.wait()
    assert backup.returncode == 0, output

    after = counts(site)
    recorded = {name: manifest(file)["tables"][f"public.{name}"]["rows"] for name in FILLED}
    assert after["cases"] == before["cases"] + 3 and after["case_events"] > before["case_events"]
    assert recorded == before

    code, output = invoke(site, "backup", "check", str(file))
    assert code == 0, output


def add_cases(site, number: int) -> None:
    """Cases registered in the app's way (their events and audit rows), from the test's app."""
    with site.app.app_context():
        unit = db.session.scalars(sa.select(Case).limit(1)).one().unit
        for _ in range(number):
            factories.case(unit)
        db.session.commit()


def wait_for_pg_dump_to_wait(site, backup: subprocess.Popen, seconds: float = 60) -> None:
    """Until pg_dump's session waits for a lock (so its snapshot was exported before). Each
    look is a transaction of its own: the statistics views hold still within one."""
    deadline = time.monotonic() + seconds
    with psycopg.connect(site.url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            if backup.poll() is not None:
                pytest.fail("the backup ended without waiting: " + backup.stdout.read())
            if conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_dump'"
                    " AND wait_event_type = 'Lock' AND datname = current_database()"
            ).fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail("pg_dump never waited for the lock")
