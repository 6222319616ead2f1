"""Issue 16.1: tokens made by an admin or the CLI, shown once, stored hashed, expiring and
revocable; the rate limit; problems for every refusal."""
import sqlalchemy as sa

from casework.auth.models import ApiToken
from casework.auth.tokens import secret_hash
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests import factories
from tests.api.helpers import call, expire, make_token


def problem_of(response, status: int) -> dict:
    assert response.status_code == status, response.data
    assert response.content_type == "application/problem+json"
    body = response.json
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body


def test_missing_malformed_expired_and_revoked_tokens_answer_401(client, units, read_a, cli):
    assert problem_of(client.get("/api/v1/cases"), 401)
    assert call(client, "GET", "/api/v1/cases", read_a).status_code == 200
    for header in ("Basic abc", "Bearer", "Bearer cw_" + "x" * 300, "Bearer inte-en-nyckel",
                   f"Bearer {read_a}x"):
        response = client.get("/api/v1/cases", headers={"Authorization": header})
        problem_of(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    expired = make_token(units["A"], "read")
    expire(expired)
    problem_of(call(client, "GET", "/api/v1/cases", expired), 401)
    token_id = db.session.scalar(sa.select(ApiToken.id).where(
        ApiToken.secret_hash == secret_hash(read_a)))
    assert cli.invoke(args=["tokens", "revoke", str(token_id)]).exit_code == 0
    problem_of(call(client, "GET", "/api/v1/cases", read_a), 401)
    again = cli.invoke(args=["tokens", "revoke", str(token_id)])
    assert again.exit_code == 1 and "redan återkallad" in again.output


def test_only_the_hash_is_stored_and_last_use_is_written_once_a_minute(client, units, read_a):
    token = db.session.scalar(sa.select(ApiToken))
    assert read_a.startswith("cw_") and len(read_a) > 40
    assert token.secret_hash == secret_hash(read_a) and read_a not in (token.hint + "x")
    assert token.last_used_at is None
    call(client, "GET", "/api/v1/cases", read_a)
    db.session.expire_all()
    first = db.session.get(ApiToken, token.id).last_used_at
    call(client, "GET", "/api/v1/cases", read_a)
    db.session.expire_all()
    assert first is not None and db.session.get(ApiToken, token.id).last_used_at == first


def test_the_cli_prints_the_token_once_and_it_works(client, units, cli):
    made = cli.invoke(args=["tokens", "create", "--name", "Planeringssystemet", "--node", "AO",
                            "--scope", "write", "--days", "10"])
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip()
    assert secret.startswith("cw_") and "not shown again" in made.stderr
    assert call(client, "GET", "/api/v1/cases", secret).status_code == 200
    listed = cli.invoke(args=["tokens", "list"])
    assert "AO\twrite\tvalid" in listed.output and secret not in listed.output
    bad = cli.invoke(args=["tokens", "create", "--name", "X", "--node", "AO", "--scope", "read",
                           "--days", "9999"])
    assert bad.exit_code == 1 and "dagar" in bad.output
    unknown = cli.invoke(args=["tokens", "create", "--name", "X", "--node", "NOPE",
                               "--scope", "read"])
    assert unknown.exit_code == 1 and "unknown unit" in unknown.output
    row = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "token_create")
                             ).first()
    assert row.user_id is None and row.detail["after"]["scope"] == "write"


def test_an_admin_makes_sees_once_and_revokes_tokens_of_their_subtree(client, units):
    admin = factories.user("admin", units["O"])
    outside = factories.node("forvaltning", "Annan", code="XF")
    db.session.commit()
    factories.log_in(client, admin)
    assert client.get("/admin/api-nycklar").status_code == 200
    page = client.get("/admin/api-nycklar/ny").get_data(as_text=True)
    assert "Enhet Alfa" in page and "Annan" not in page
    refused = client.post("/admin/api-nycklar/ny", data={
        "name": "", "node": str(outside.id), "scope": "read", "days": "x"})
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "Ge nyckeln ett namn." in text and "Ange ett antal dagar" in text
    made = client.post("/admin/api-nycklar/ny", data={
        "name": "BI-verktyget", "node": str(units["A"].id), "scope": "reports", "days": "30"})
    assert made.status_code == 200
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.name == "BI-verktyget"))
    shown = made.get_data(as_text=True)
    secret = shown.split('id="api-nyckel" class="totp-secret">')[1].split("<")[0]
    assert secret_hash(secret) == token.secret_hash and token.created_by_id == admin.id
    assert made.headers["Cache-Control"] == "no-store"
    assert secret not in client.get("/admin/api-nycklar").get_data(as_text=True)
    assert call(client, "GET", "/api/v1/reports/AA?year=2025", secret).status_code == 200
    other = make_token(outside, "read")
    other_id = db.session.scalar(sa.select(ApiToken.id).where(
        ApiToken.secret_hash == secret_hash(other)))
    assert client.post(f"/admin/api-nycklar/{other_id}/aterkalla").status_code == 404
    assert client.post(f"/admin/api-nycklar/{token.id}/aterkalla").status_code == 303
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    assert call(client, "GET", "/api/v1/reports/AA?year=2025", secret).status_code == 401
    actions = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.user_id == admin.id, AuditEvent.action.like("token_%"))).all()
    assert actions == ["token_create", "token_revoke"]


def test_the_rate_limit_answers_429_with_retry_after(app, client, units, read_a, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_PER_MINUTE", 3)
    answers = [call(client, "GET", "/api/v1/cases", read_a) for _ in range(5)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429, 429]
    problem_of(answers[3], 429)
    assert 1 <= int(answers[3].headers["Retry-After"]) <= 60
    other = make_token(units["A"], "read")  # each token counts on its own
    assert call(client, "GET", "/api/v1/cases", other).status_code == 200


def test_refused_requests_are_problems_never_pages(client, units, write_a):
    problem_of(call(client, "POST", "/api/v1/cases", write_a, data="type=klagomal",
                    content_type="application/x-www-form-urlencoded"), 415)
    problem_of(call(client, "POST", "/api/v1/cases", write_a, data="{nej",
                    content_type="application/json"), 400)
    problem_of(call(client, "POST", "/api/v1/cases", write_a, data="[" * 70_000,
                    content_type="application/json"), 413)
    gone = problem_of(call(client, "DELETE", "/api/v1/cases", write_a), 405)
    assert gone["title"]
    problem_of(call(client, "GET", "/api/v1/ingenting", write_a), 404)
    problem_of(call(client, "GET", "/api/v1/cases/2147483648", write_a), 404)
    problem_of(call(client, "GET", "/api/v1/reports/AA", make_token(units["A"], "reports")), 422)
