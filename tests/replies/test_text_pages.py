"""The standard-text pages: an enhetschef manages their units' texts, an admin all; a text out
of reach is 404; bad input is refused in Swedish with nothing saved; every change audited."""
import pytest
import sqlalchemy as sa

from casework.core.extensions import db
from casework.replies.models import ReplyText, TextPurpose
from casework.trail.models import AuditEvent
from tests import factories
from tests.replies.conftest import add_text

VALID = {"purpose": "svar", "case_type": "klagomal", "category": "", "name": "Svar Aspudden",
         "subject": "Svar på ditt ärende {ärendenummer}",
         "body": "Hej!\n{åtgärder}\n{handläggare}, {titel}"}


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ReplyText))


def audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_an_enhetschef_writes_a_text_for_their_unit(client, unit, chief):
    factories.log_in(client, chief)
    page = client.get("/svarsmallar/ny").get_data(as_text=True)
    assert "Alla enheter" not in page  # only an admin writes those
    response = client.post("/svarsmallar/ny", data=VALID | {"node": str(unit.id)})
    assert response.status_code == 303
    (text,) = db.session.scalars(sa.select(ReplyText))
    assert (text.purpose, text.org_node_id, text.name) == (TextPurpose.ANSWER, unit.id,
                                                            "Svar Aspudden")
    (row,) = audited("reply_text_create")
    assert row.unit_id == unit.id and row.detail["after"]["node"] == unit.code
    assert "Svar Aspudden" in client.get("/svarsmallar").get_data(as_text=True)


def test_the_enhetschef_of_another_unit_gets_404(client, unit, chief, area):
    text = add_text(chief, node_id=unit.id)
    other = factories.user("enhetschef", factories.node("enhet", parent=area))
    db.session.commit()
    factories.log_in(client, other)
    assert client.get(f"/svarsmallar/{text.id}").status_code == 404
    assert client.post(f"/svarsmallar/{text.id}", data=VALID).status_code == 404
    assert client.post(f"/svarsmallar/{text.id}/ta-bort").status_code == 404
    assert "Svar" not in client.get("/svarsmallar").get_data(as_text=True).split("<h1>")[1] \
        .split("Ny svarsmall")[1]
    assert count() == 1
    # Nor may they move their own text's node to a unit not theirs.
    factories.log_in(client, chief)
    response = client.post(f"/svarsmallar/{text.id}", data=VALID | {"node": str(other.grants[0]
                                                                                 .node.id)})
    assert response.status_code == 400
    assert "Välj en av de organisationsdelar du hanterar" in response.get_data(as_text=True)


def test_the_admin_writes_texts_for_every_unit_and_the_enhetschef_reads_them(
        client, unit, chief, area):
    admin = factories.user("admin", area.parent)
    db.session.commit()
    factories.log_in(client, admin)
    assert client.post("/svarsmallar/ny", data=VALID | {"node": ""}).status_code == 303
    text = db.session.scalar(sa.select(ReplyText))
    assert text.org_node_id is None

    factories.log_in(client, chief)
    listed = client.get("/svarsmallar").get_data(as_text=True)
    assert "Svar Aspudden" in listed and "(ändras av en administratör)" in listed
    assert client.get(f"/svarsmallar/{text.id}").status_code == 404
    assert client.post("/svarsmallar/ny", data=VALID | {"node": ""}).status_code == 400


def test_editing_and_deleting_are_audited(client, unit, chief):
    text = add_text(chief, node_id=unit.id)
    db.session.commit()
    factories.log_in(client, chief)
    page = client.get(f"/svarsmallar/{text.id}").get_data(as_text=True)
    assert "{åtgärder}" in page
    response = client.post(f"/svarsmallar/{text.id}", data=VALID | {
        "node": str(unit.id), "body": "Ny text {ärendenummer}"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(ReplyText, text.id).body == "Ny text {ärendenummer}"
    (change,) = audited("reply_text_change")
    assert change.detail["after"]["text_changed"] is True
    assert "Ny text" not in str(change.detail)  # the words stay out of the trail
    assert client.post(f"/svarsmallar/{text.id}/ta-bort").status_code == 303
    assert count() == 0 and len(audited("reply_text_delete")) == 1


@pytest.mark.parametrize("changes, message", [
    ({"body": "Hej {namn}"}, "Okänd platshållare {namn}."),
    ({"subject": "Ärende {arendenr}"}, "Okänd platshållare {arendenr}."),
    ({"body": ""}, "Skriv mallens text."),
    ({"name": ""}, "Ge mallen ett namn."),
    ({"body": "x" * 100_000}, "Texten får vara högst 10\u00a0000 tecken; den här har 100\u00a0000."),
    ({"purpose": "kvittens"}, "{åtgärder}, {handläggare}, {titel} kan inte användas här"),
    ({"purpose": "annat"}, "Välj vad mallen används till."),
    ({"case_type": "lex_maria"}, "Välj en ärendetyp."),
    ({"category": "finns_inte"}, "Välj en kategori ur listan."),
    ({"body": "Hej {ärendenummer"}, "Texten har en klammerparentes"),
])
def test_bad_input_is_refused_in_swedish_and_nothing_saved(client, unit, chief, changes,
                                                           message):
    factories.log_in(client, chief)
    response = client.post("/svarsmallar/ny", data=VALID | {"node": str(unit.id)} | changes)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert count() == 0 and audited("reply_text_create") == []
    if changes.get("body"):
        assert changes["body"][:50] in page  # what was typed is kept


def test_a_nul_byte_is_refused(client, unit, chief):
    factories.log_in(client, chief)
    response = client.post("/svarsmallar/ny", data=VALID | {"node": str(unit.id),
                                                            "body": "Hej\x00"})
    assert response.status_code == 400 and count() == 0


def test_who_reaches_the_pages(client, unit, deputy):
    factories.log_in(client, deputy)
    assert client.get("/svarsmallar").status_code == 403
    assert client.get("/svarsmallar/ny").status_code == 403
