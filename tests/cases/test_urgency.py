"""What needs the handler now (casework.cases.urgency): one list, by urgency, beröm left out."""
from datetime import date, timedelta

import sqlalchemy as sa

from casework.cases import urgency
from casework.cases.models import Case
from casework.cases.urgency import Reason
from casework.core.extensions import db
from tests import factories
from tests.cases.test_queries import TODAY, add_case, org  # noqa: F401  (a fixture)


def later(case: Case, **columns) -> Case:
    """Set columns past the session, as ``add_case`` does for the deadline."""
    db.session.execute(sa.update(Case).where(Case.id == case.id).values(**columns))
    return case


def listed(user, **kwargs) -> list[tuple[str, Reason, str]]:
    return [(row.case.number, row.reason, row.label)
            for row in urgency.urgent(user, TODAY, **kwargs).rows]


def test_overdue_then_due_soon_then_unassigned_then_waiting_for_feedback(org):  # noqa: F811
    deputy = factories.user("bitradande_enhetschef", org.a)
    mine = {"handler_id": deputy.id}
    waiting = later(add_case(org.a, **mine, due_on=TODAY + timedelta(days=9)),
                    first_action_on=TODAY)
    unassigned = add_case(org.a, "avvikelse", received_on=date(2025, 3, 1))
    unassigned_due_later = add_case(org.a, due_on=TODAY + timedelta(days=8))
    in_three = add_case(org.a, **mine, due_on=TODAY + timedelta(days=3))
    tomorrow = add_case(org.a, **mine, due_on=TODAY + timedelta(days=1))
    today = add_case(org.a, due_on=TODAY)  # unassigned too, but due today comes first
    late_1 = add_case(org.a, **mine, due_on=TODAY - timedelta(days=1))
    late_5 = add_case(org.a, "synpunkt", **mine, due_on=TODAY - timedelta(days=5))
    # Not listed: due in four days and handled; no action yet; anonymous; closed; elsewhere.
    add_case(org.a, **mine, due_on=TODAY + timedelta(days=4))
    add_case(org.a, **mine)
    later(add_case(org.a, **mine, anonymous=True), first_action_on=TODAY)
    add_case(org.a, status="avslutad", due_on=TODAY - timedelta(days=9))
    add_case(org.b, due_on=TODAY - timedelta(days=9))

    assert listed(deputy) == [
        (late_5.number, Reason.OVERDUE, "Försenad 5 dagar"),
        (late_1.number, Reason.OVERDUE, "Försenad 1 dag"),
        (today.number, Reason.DUE_SOON, "Frist i dag"),
        (tomorrow.number, Reason.DUE_SOON, "Frist i morgon"),
        (in_three.number, Reason.DUE_SOON, "Frist om 3 dagar"),
        (unassigned_due_later.number, Reason.UNASSIGNED, "Ej tilldelad"),
        (unassigned.number, Reason.UNASSIGNED, "Ej tilldelad"),
        (waiting.number, Reason.AWAITING_FEEDBACK, "Väntar på återkoppling"),
    ]
    found = urgency.urgent(deputy, TODAY)
    assert found.counts == {Reason.OVERDUE: 2, Reason.DUE_SOON: 3, Reason.UNASSIGNED: 2,
                            Reason.AWAITING_FEEDBACK: 1}
    assert found.total == 8


def test_beröm_without_a_deadline_is_left_out_however_old(org):  # noqa: F811
    deputy = factories.user("bitradande_enhetschef", org.a)
    add_case(org.a, "berom", received_on=date(2022, 1, 10))
    add_case(org.a, "berom", received_on=date(2025, 6, 1))
    with_deadline = add_case(org.a, "berom", due_on=TODAY - timedelta(days=2))

    assert listed(deputy) == [(with_deadline.number, Reason.OVERDUE, "Försenad 2 dagar")]


def test_a_page_from_an_offset_and_the_counts_of_all(org):  # noqa: F811
    deputy = factories.user("enhetschef", org.a)
    cases = [add_case(org.a, due_on=TODAY - timedelta(days=n)) for n in range(5, 0, -1)]

    page = urgency.urgent(deputy, TODAY, limit=2, offset=2)

    assert [row.case.number for row in page.rows] == [c.number for c in cases[2:4]]
    assert page.total == 5
    assert urgency.urgent(deputy, TODAY, limit=2, offset=6).rows == []


def test_the_scope_is_what_the_user_may_handle(org):  # noqa: F811
    mas = factories.user("mas", org.district)
    omradeschef = factories.user("omradeschef", org.north)
    maria = add_case(org.a, "lex_maria")
    add_case(org.a, "klagomal")

    assert [number for number, *_ in listed(mas)] == [maria.number]
    assert urgency.urgent(omradeschef, TODAY).total == 0  # reads, does not handle


def test_apt_waiting_counts_per_enhet(org):  # noqa: F811
    deputy = factories.user("bitradande_enhetschef", org.north)
    add_case(org.a, apt_pending=True)
    add_case(org.a, "berom", apt_pending=True, status="avslutad")
    add_case(org.b, apt_pending=True)
    add_case(org.c, apt_pending=True)

    assert [(u.name, u.count) for u in urgency.apt_waiting(deputy)] == [
        ("Aspudden hemtjänst", 2), ("Trekanten hemtjänst", 1)]
