"""Issue 16.1: cases through the API take the intake's validator, the list's filters and pages,
the handling services, and are audited as in the browser."""
from datetime import date

import sqlalchemy as sa

from casework.cases.models import Case
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests import factories
from tests.api.helpers import call, make_token

NEW = {"type": "klagomal", "unit": "AA", "received_on": "2025-03-04",
       "description": "Hemtjänsten kom inte.", "source": "annan", "categories": ["annat"]}


def cases_in(unit) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Case)
                             .where(Case.unit_id == unit.id))


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def test_a_case_created_is_stored_as_the_form_stores_it_and_audited(client, units, write_a):
    response = call(client, "POST", "/api/v1/cases", write_a, NEW)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["unit"] == "AA" and body["categories"] == ["annat"] and body["status"] == "ny"
    assert response.headers["Location"] == f"/api/v1/cases/{body['id']}"
    case = db.session.get(Case, body["id"])
    assert case.registered_by_id is None and case.number == body["number"]
    assert case.events[0].data == {"token": _token_id(write_a)}
    created = events("create")[-1]
    assert created.case_id == case.id and created.user_id is None
    assert created.roles == "api:write" and created.detail["token"] == _token_id(write_a)


def _token_id(secret: str) -> int:
    from casework.auth.tokens import authenticate
    return authenticate(secret).id


def test_the_validator_names_every_reason_in_swedish(client, units, write_a):
    response = call(client, "POST", "/api/v1/cases", write_a,
                    NEW | {"categories": [], "source": None, "description": " ",
                           "received_on": "2099-01-01"})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    problem = response.json
    fields = {e["field"]: e["message"] for e in problem["errors"]}
    assert fields["received_on"] == "Datumet kan inte vara senare än i dag."
    assert fields["description"] == "Skriv vad ärendet gäller."
    assert "categories" in fields
    assert problem["status"] == 422 and problem["title"] and problem["type"]
    assert cases_in(units["A"]) == 0


def test_shape_errors_are_swedish_at_their_field(client, units, write_a):
    response = call(client, "POST", "/api/v1/cases", write_a,
                    NEW | {"description": "x" * 10_001, "unknown": 1, "type": "lex_maria",
                           "contact": "Ring 19121212-1212"})
    fields = {e["field"]: e["message"] for e in response.json["errors"]}
    assert response.status_code == 422
    assert fields["description"] == ("Texten får vara högst 10\u00a0000 tecken; den här har "
                                     "10\u00a0001.")
    assert fields["unknown"] == "Okänt fält."
    assert fields["type"].startswith("Välj ett av:")
    assert fields["contact"] == "Skriv inte personnummer här."


def test_a_unit_out_of_the_tokens_reach_is_refused_like_no_unit(client, units, write_a):
    for code in ("AB", "FINNS-INTE"):
        response = call(client, "POST", "/api/v1/cases", write_a, NEW | {"unit": code})
        assert response.status_code == 422
        assert {"field": "unit", "message": "Nyckeln når ingen enhet med den koden."} \
            in response.json["errors"]
    assert cases_in(units["B"]) == 0


def test_a_retry_with_the_same_idempotency_key_creates_one_case(client, units, write_a):
    key = {"Idempotency-Key": "7f0c2f0e-retry"}
    first = call(client, "POST", "/api/v1/cases", write_a, NEW, headers=key)
    again = call(client, "POST", "/api/v1/cases", write_a, NEW, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json["id"] == first.json["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert cases_in(units["A"]) == 1
    other = call(client, "POST", "/api/v1/cases", write_a, NEW | {"description": "Annat."},
                 headers=key)
    assert other.status_code == 422
    assert other.json["errors"][0]["field"] == "header.Idempotency-Key"
    # Another token's same key is its own.
    elsewhere = call(client, "POST", "/api/v1/cases", make_token(units["O"], "write"), NEW,
                     headers=key)
    assert elsewhere.status_code == 201 and elsewhere.json["id"] != first.json["id"]
    assert cases_in(units["A"]) == 2


def test_a_refused_create_leaves_its_key_free_for_the_corrected_one(client, units, write_a):
    key = {"Idempotency-Key": "fix-and-retry"}
    assert call(client, "POST", "/api/v1/cases", write_a, NEW | {"categories": []},
                headers=key).status_code == 422
    assert call(client, "POST", "/api/v1/cases", write_a, NEW, headers=key).status_code == 201


def test_reading_a_case_of_another_subtree_answers_404(client, units, read_a):
    mine = factories.case(units["A"])
    theirs = factories.case(units["B"])
    sarah = factories.case(units["A"], "lex_sarah", description="Händelse.")
    db.session.commit()
    got = call(client, "GET", f"/api/v1/cases/{mine.id}", read_a)
    assert got.status_code == 200 and got.json["number"] == mine.number
    assert "contact" not in got.json
    for hidden in (theirs.id, sarah.id, 999999):
        response = call(client, "GET", f"/api/v1/cases/{hidden}", read_a)
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"
    viewed = events("view")[-1]
    assert viewed.case_id == mine.id and viewed.detail["token"] == _token_id(read_a)
    assert [e.case_id for e in events("refused")] == [theirs.id, sarah.id]


def test_the_list_filters_pages_and_records_what_it_showed(client, units, read_a):
    for day in range(1, 56):
        factories.case(units["A"], received_on=date(2025, 1, 1).replace(day=1 + day % 28,
                                                                         month=1 + day // 28))
    factories.case(units["A"], "avvikelse")
    other = factories.case(units["B"])
    db.session.commit()
    first = call(client, "GET", "/api/v1/cases?type=klagomal", read_a)
    assert first.status_code == 200 and len(first.json["items"]) == 50
    second = call(client, "GET", f"/api/v1/cases?type=klagomal&cursor={first.json['next']}",
                  read_a)
    assert len(second.json["items"]) == 5 and second.json["next"] is None
    seen = [item["id"] for item in first.json["items"] + second.json["items"]]
    assert len(set(seen)) == 55 and other.id not in seen
    assert events("list")[-1].detail["shown"] == [i["id"] for i in second.json["items"]]
    only = call(client, "GET", "/api/v1/cases?type=avvikelse&unit=AA", read_a).json["items"]
    assert [item["type"] for item in only] == ["avvikelse"]
    refused = call(client, "GET", "/api/v1/cases?unit=AB&status=nope&cursor=x~y", read_a)
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json["errors"]} == {"query.unit", "query.status"}
    mangled = call(client, "GET", "/api/v1/cases?cursor=x~y", read_a)
    assert mangled.status_code == 422 and mangled.json["errors"][0]["field"] == "query.cursor"


def test_actions_and_feedback_go_through_the_handling_services(client, units, write_a, read_a):
    case = factories.case(units["A"])
    theirs = factories.case(units["B"])
    db.session.commit()
    action = {"taken_on": "2025-03-05", "description": "Ringde brukaren."}
    done = call(client, "POST", f"/api/v1/cases/{case.id}/actions", write_a, action)
    assert done.status_code == 201, done.json
    assert done.json["actions"] == [action] and done.json["first_action_on"] == "2025-03-05"
    feedback = {"given_on": "2025-03-06", "method": "telefon", "recipient": "Brukaren",
                "content": "Vi har bytt tid."}
    given = call(client, "POST", f"/api/v1/cases/{case.id}/feedback", write_a, feedback)
    assert given.status_code == 201 and given.json["feedback_on"] == "2025-03-06"
    assert [e.case_id for e in events("change")][-2:] == [case.id, case.id]
    early = call(client, "POST", f"/api/v1/cases/{case.id}/actions", write_a,
                 action | {"taken_on": "2025-01-01"})
    assert early.status_code == 422
    assert early.json["errors"] == [{"field": "taken_on", "message":
                                     "Datumet kan inte vara före den dag ärendet kom in."}]
    assert call(client, "POST", f"/api/v1/cases/{theirs.id}/actions", write_a,
                action).status_code == 404
    assert call(client, "POST", f"/api/v1/cases/{case.id}/actions", read_a,
                action).status_code == 403
    db.session.expire_all()
    assert len(db.session.get(Case, case.id).actions) == 1


def test_a_case_created_through_the_api_counts_in_the_report_as_one_from_the_form(
        client, units, write_a):
    from casework.reports.counting import report_for
    from casework.reports.export import to_json

    form_case = factories.case(units["B"], categories=["bemotande"], source="brukare")
    db.session.commit()
    sent = call(client, "POST", "/api/v1/cases", write_a,
                NEW | {"categories": ["bemotande"], "source": "brukare"})
    assert sent.status_code == 201, sent.json
    db.session.expire_all()
    by_api, by_form = (to_json(report_for(code, 2025)) for code in ("AA", "AB"))
    assert by_api["rows"] == by_form["rows"] and by_api["unmapped"] == by_form["unmapped"]
    assert sum(row["total"] for row in by_api["rows"]) > 0
    assert form_case.unit_id != sent.json["id"]


def test_a_session_cookie_alone_authorises_no_call(client, units):
    manager = factories.user("enhetschef", units["A"])
    factories.case(units["A"])
    db.session.commit()
    factories.log_in(client, manager)
    assert client.get("/cases").status_code == 200  # the cookie works in the browser
    response = client.get("/api/v1/cases")
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    assert "Set-Cookie" not in response.headers
    posted = client.post("/api/v1/cases", json=NEW)
    assert posted.status_code == 401 and cases_in(units["A"]) == 1
