"""The two-minute run of bench/load_faults.py: the real stack under load while Redis, a Celery
worker and PostgreSQL fail. Nothing acknowledged is lost or stored twice, every due reminder
arrives once, and the database's outage is answered with the 503 page, never a 500."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from tests.services import unavailable

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "load_faults.py"
TOOLS = ("initdb", "pg_ctl", "redis-server")


def run(minutes: float, timeout: float) -> tuple[dict, str]:
    """The run's JSON line and its report; the script is stopped (its processes and files
    removed by its own clean-up) if it outlives ``timeout``."""
    process = subprocess.Popen([sys.executable, str(SCRIPT), "--minutes", str(minutes)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.terminate()  # the script stops its processes and removes its files
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
        raise AssertionError(f"the run took over {timeout} s:\n{err[-4000:]}") from None
    assert process.returncode == 0, err[-8000:]
    return json.loads(out.strip().splitlines()[-1]), err


def test_a_two_minute_run_with_faults_loses_nothing_and_sends_each_reminder_once():
    for tool in TOOLS:
        if not shutil.which(tool):
            unavailable(f"{tool} not found")
    figures, report = run(minutes=2, timeout=240)
    print(report[report.index("migrated in"):])  # the phases and figures, for -s or -rP

    assert figures["acknowledged"] > 0 and figures["stored"] == figures["acknowledged"], report
    assert figures["lost"] == 0 and figures["duplicates"] == 0, report
    assert figures["reminders_due"] > 0, report
    assert figures["reminders_sent"] == figures["reminders_due"], report
    assert figures["errors"] == 0, report  # a 500, or a 503 outside the outage, is an error
    answers = json.loads(re.search(r"^answers: (.*)$", report, re.M).group(1))
    assert "500" not in answers and answers.get("503", 0) > 0, report
    assert int(re.search(r"(\d+) of them after the database was back", report).group(1)) > 0
