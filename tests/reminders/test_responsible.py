"""The unit's chosen people: the responsible handler is reminded of the cases without a
handler, the escalation manager told of a missed deadline; a choice that no longer holds is
passed over. Real due-scans to a real SMTP server."""
import pytest
import sqlalchemy as sa

from casework.auth.models import RoleGrant
from casework.core.errors import InvalidFields
from casework.core.extensions import db
from casework.reminders.dispatch import dispatch
from casework.reminders.recipients import Recipients
from casework.reminders.responsible import set_responsible
from casework.trail.models import AuditEvent
from tests import factories
from tests.reminders.conftest import at, complaint


def sent_to(inbox) -> list[str]:
    return sorted(message["To"] for message in inbox.messages)


def test_the_responsible_handler_alone_is_reminded_of_a_case_without_a_handler(
        unit, people, smtp):
    set_responsible(unit, people["handler"].id, None)
    complaint(unit)
    dispatch(at(11, 7))
    assert sent_to(smtp) == ["hanna@stad.example"]


def test_a_deactivated_responsible_handler_gives_way_to_the_stand_ins(unit, people, smtp):
    set_responsible(unit, people["handler"].id, None)
    people["handler"].active = False
    complaint(unit)
    dispatch(at(11, 7))
    assert sent_to(smtp) == ["bea@stad.example"]


def test_the_responsible_handler_is_not_reminded_of_what_they_may_not_handle(unit, people):
    mas = factories.user("mas", unit, email="mas@stad.example")
    set_responsible(unit, people["handler"].id, None)
    lex_maria = factories.case(unit, "lex_maria", at(10).date(), by=mas)
    assert Recipients().reminded(lex_maria) == [mas]  # the MAS's: the chosen deputy is passed


def test_a_missed_deadline_escalates_to_the_chosen_manager_only(unit, people, smtp):
    other = factories.user("enhetschef", unit, email="chef2@stad.example")
    set_responsible(unit, None, other.id)
    complaint(unit, people["handler"])
    dispatch(at(11, 7))
    dispatch(at(13, 0, 0))
    assert [m["To"] for m in smtp.messages] == ["hanna@stad.example", "chef2@stad.example"]
    assert "Försenat" in smtp.messages[1]["Subject"]


def test_a_manager_without_the_grant_any_more_gives_way_to_the_enhetschefer(unit, people, smtp):
    other = factories.user("enhetschef", unit, email="chef2@stad.example")
    set_responsible(unit, None, other.id)
    db.session.execute(sa.delete(RoleGrant).where(RoleGrant.user_id == other.id))
    db.session.expire(other)
    complaint(unit, people["handler"])
    dispatch(at(11, 7))
    dispatch(at(13, 0, 0))
    assert sent_to(smtp) == ["chef@stad.example", "hanna@stad.example"]


def test_only_people_of_the_unit_in_those_roles_may_be_chosen_and_it_is_audited(unit, people):
    planner = factories.user("planerare", unit)
    elsewhere = factories.user("enhetschef", factories.node("enhet", "Annan enhet"))
    with pytest.raises(InvalidFields) as refused:
        set_responsible(unit, planner.id, elsewhere.id)
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("handler_id", "Välj en aktiv biträdande enhetschef eller enhetschef för enheten."),
        ("manager_id", "Välj en aktiv enhetschef för enheten.")]
    set_responsible(unit, people["bitradande"].id, people["chef"].id)
    [row] = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "unit_responsible"))
    assert row.unit_id == unit.id and row.detail["after"] == {
        "code": "ASP", "handler": people["bitradande"].id, "manager": people["chef"].id}
    assert row.detail["before"] == {"code": "ASP", "handler": None, "manager": None}
