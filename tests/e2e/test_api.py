"""Issue 16.1–3 end to end: the JSON API of the real server (``casework run``), on a SQLite file
and on PostgreSQL, spoken to over HTTP with tokens made by ``casework tokens create``; and
schemathesis against the live API on PostgreSQL: for every operation and a token of each scope,
no 5xx and every answer as the OpenAPI document says."""
import json
import subprocess
import urllib.error
import urllib.request
import uuid
import warnings

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from schemathesis.experimental import OPEN_API_3_1

from casework.cases.models import Case
from casework.core.extensions import db
from tests.databases import fresh_database
from tests.e2e.site import UNIT_CODE, add_organisation
from tests.server import CASEWORK, PROJECT, Server, migrate, own_app

pytestmark = pytest.mark.e2e
OPEN_API_3_1.enable()
#: Enough to fuzz every operation without waiting, few enough for the suite's budget.
EXAMPLES = 8


def token_from_cli(env: dict, scope: str, node: str = UNIT_CODE) -> str:
    """``casework tokens create`` as an admin runs it; the token it prints."""
    done = subprocess.run([str(CASEWORK), "tokens", "create", "--name", f"E2E {scope}",
                           "--node", node, "--scope", scope], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def send(server: Server, method: str, path: str, token: str | None, body=None,
         headers: dict | None = None) -> tuple[int, dict, dict]:
    request = urllib.request.Request(server.url + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), json.loads(refused.read())


def test_other_systems_create_read_act_and_report_over_http(site):
    server, mark = site.server, site.server.mark()
    write, reports = token_from_cli(server.env, "write"), token_from_cli(server.env, "reports")
    description = f"Via API {uuid.uuid4().hex[:8]}."
    case = {"type": "klagomal", "unit": UNIT_CODE, "received_on": site.local_now().date()
            .isoformat(), "description": description, "source": "brukare",
            "categories": ["bemotande"]}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    status, headers, first = send(server, "POST", "/api/v1/cases", write, case, key)
    assert status == 201, first
    status, headers, again = send(server, "POST", "/api/v1/cases", write, case, key)
    assert status == 201 and again["id"] == first["id"]
    assert headers["Idempotent-Replayed"] == "true"
    status, _, read = send(server, "GET", f"/api/v1/cases/{first['id']}", write)
    assert status == 200 and read["description"] == description
    status, _, acted = send(server, "POST", f"/api/v1/cases/{first['id']}/actions", write,
                            {"taken_on": case["received_on"], "description": "Ringde."})
    assert status == 201 and acted["first_action_on"] == case["received_on"]
    status, _, listed = send(server, "GET", "/api/v1/cases?type=klagomal", write)
    assert first["id"] in [item["id"] for item in listed["items"]]
    year = site.local_now().year
    status, _, table = send(server, "GET", f"/api/v1/reports/{UNIT_CODE}?year={year}", reports)
    assert status == 200 and table["unit"] == UNIT_CODE
    assert any(row["label"] == "Bemötande" and row["total"] >= 1 for row in table["rows"])
    status, headers, _ = send(server, "GET", "/api/v1/cases", None)
    assert status == 401 and headers["Content-Type"] == "application/problem+json"
    assert send(server, "GET", f"/api/v1/cases/{first['id']}", reports)[0] == 403
    server.check(mark)
    with site.app.app_context():
        found = db.session.scalars(sa.select(Case).where(Case.description == description)).all()
        assert len(found) == 1 and len(found[0].actions) == 1
        db.session.remove()


# ---- schemathesis against the live API, on PostgreSQL ------------------------------------

@pytest.fixture(scope="module")
def live_api(tmp_path_factory):
    """A server of its own on a fresh PostgreSQL database (fuzzed data stays there), with a
    token of each scope, and a rate limit that the fuzzing does not reach."""
    tmp_dir = tmp_path_factory.mktemp("api-schema")
    with fresh_database("postgresql", tmp_dir) as url:
        env = migrate(url, tmp_dir) | {"CASEWORK_API_RATE_PER_MINUTE": "100000"}
        with own_app(url, tmp_dir / "instance") as app, app.app_context():
            add_organisation()
            db.session.commit()
            db.session.remove()
        secrets = {scope: token_from_cli(env, scope, "HAV")
                   for scope in ("read", "write", "reports")}
        with Server(env, tmp_dir / "server.log") as server:
            yield server, secrets


@pytest.fixture(scope="module")
def api_schema(live_api):
    server, _ = live_api
    return schemathesis.from_uri(server.url + "/api/v1/openapi.json", base_url=server.url)


with warnings.catch_warnings():
    # schemathesis 3.39 warns about its own default arguments, on the way to 4.0.
    warnings.simplefilter("ignore", DeprecationWarning)
    schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_schema_says(case, live_api):
    """Each generated call is sent with a token of each scope: the one the operation serves
    answers its data or a problem, the others 403; all as the document says."""
    server, secrets = live_api
    mark = server.mark()
    for secret in secrets.values():
        case.call_and_validate(headers={"Authorization": f"Bearer {secret}"},
                               checks=schemathesis.checks.ALL_CHECKS)
    server.check(mark)
