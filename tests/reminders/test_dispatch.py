"""The due-scan in-process (no Redis: tasks run at once), sending to a real SMTP server."""
from datetime import timedelta

import psycopg
import sqlalchemy as sa
from sqlalchemy.orm import Session

from casework.cases.clocks import refresh_clocks
from casework.core.case_types import CLOSED_STATUS
from casework.core.extensions import db
from casework.reminders.digests import make_digests
from casework.reminders.dispatch import dispatch
from casework.reminders.models import Kind, Notification, Status
from tests import factories
from tests.reminders.conftest import at, complaint


def sent_to(inbox) -> list[str]:
    return [message["To"] for message in inbox.messages]


def notifications() -> list[tuple[str, str, str, str]]:
    rows = db.session.scalars(sa.select(Notification).order_by(Notification.id))
    return [(n.kind.value, n.rule_key, n.user.email, n.status.value) for n in rows]


def test_a_due_reminder_reaches_the_handler_once_without_the_description(
        unit, people, smtp):
    case = complaint(unit, people["handler"])
    assert dispatch(at(11, 6, 59)).created == 0
    first = dispatch(at(11, 7, 0))
    again = dispatch(at(11, 7, 1))
    assert (first.created, first.queued, again.created, again.queued) == (1, 1, 0, 0)
    assert sent_to(smtp) == ["hanna@stad.example"]
    [message] = smtp.messages
    body = smtp.bodies()[0]
    assert case.number in message["Subject"] and "Påminnelse" in message["Subject"]
    assert "Bekräftelse till den som lämnat klagomålet" in body and "12 mars 2025" in body
    assert f"/cases/{case.id}" in body and "klagomål" in body
    assert "19400101" not in body + message["Subject"] and "glömdes" not in body


def test_without_a_handler_the_units_deputy_managers_are_reminded(unit, people, smtp):
    complaint(unit)
    dispatch(at(11, 7))
    assert sorted(sent_to(smtp)) == ["bea@stad.example", "hanna@stad.example"]


def test_a_missed_deadline_is_escalated_to_the_enhetschef(unit, people, smtp):
    complaint(unit, people["handler"])
    dispatch(at(11, 7))
    dispatch(at(12, 23, 59))
    assert dispatch(at(13, 0, 0)).created == 1
    assert sent_to(smtp) == ["hanna@stad.example", "chef@stad.example"]
    assert "Försenat" in smtp.messages[1]["Subject"]


def test_a_clock_that_stopped_sends_nothing_and_cancels_what_waits(unit, people, smtp, app):
    case = complaint(unit, people["handler"])
    case.first_action_on = case.received_on
    refresh_clocks(case, at(10, 9))
    dispatch(at(11, 7))  # acknowledgement done: its reminder is never made
    assert notifications() == []
    # An answer reminder made, then the clock stops before a worker gets to it.
    smtp.replies.append("451 4.3.0 try again later")
    dispatch(at(21, 7))
    assert notifications() == [("reminder", "complaint_answer", "hanna@stad.example", "pending")]
    case.status = CLOSED_STATUS
    dispatch(at(21, 8))
    assert notifications()[0][3] == "cancelled" and smtp.messages == []


def test_an_hours_clock_is_reminded_at_24_and_48_hours(unit, people, smtp):
    case = factories.case(unit, "personuppgiftsincident", at(10).date())
    case.handler = people["handler"]
    refresh_clocks(case, at(10, 9))
    for hour in range(6, 24 * 4, 6):
        dispatch(at(10) + timedelta(hours=hour))
    kinds = [(kind, rule) for kind, rule, _, _ in notifications()]
    assert kinds == [("reminder", "breach_imy")] * 2 + [("escalation", "breach_imy")]
    assert "kl. 00:00" in smtp.bodies()[0]  # 72 hours from the received day's start


def test_alerts_missed_beyond_the_catch_up_window_are_not_sent(unit, people, smtp, app):
    complaint(unit, people["handler"])
    window = app.config["REMINDER_CATCH_UP_HOURS"]
    dispatch(at(13) + timedelta(hours=window + 1))
    assert notifications() == []


def test_a_reminder_after_its_deadline_is_skipped_but_the_escalation_goes(unit, people, smtp):
    complaint(unit, people["handler"])
    dispatch(at(13, 8))
    assert [kind for kind, *_ in notifications()] == ["escalation"]


def test_a_temporary_smtp_failure_is_retried_with_a_growing_delay(unit, people, smtp):
    complaint(unit, people["handler"])
    smtp.replies += ["451 4.3.0 busy", "421 4.7.0 busy"]
    dispatch(at(11, 7))
    [notification] = db.session.scalars(sa.select(Notification))
    assert notification.status is Status.PENDING and notification.attempts == 1
    assert notification.send_at == at(11, 7, 1) and notification.error.startswith("451")
    assert dispatch(at(11, 7, 0)).queued == 0  # not before its time
    dispatch(at(11, 7, 1))
    assert notification.send_at == at(11, 7, 3)  # then two minutes
    dispatch(at(11, 7, 3))
    assert notification.status is Status.SENT and notification.attempts == 3
    assert sent_to(smtp) == ["hanna@stad.example"]


def test_a_refused_address_fails_at_once_and_is_shown_to_admins(unit, people, smtp, client):
    complaint(unit, people["handler"])
    smtp.replies.append("550 5.1.1 no such mailbox")
    dispatch(at(11, 7))
    [notification] = db.session.scalars(sa.select(Notification))
    assert notification.status is Status.FAILED and notification.error.startswith("550")
    admin = factories.user("admin", unit)
    db.session.commit()
    factories.log_in(client, admin)
    page = client.get("/admin/e-post").get_data(as_text=True)
    assert "hanna@stad.example" in page and "550" in page


def test_only_admins_see_the_failing_addresses(people, client):
    factories.log_in(client, people["chef"])
    assert client.get("/admin/e-post").status_code == 403


def test_reminders_show_on_the_recipients_start_page(unit, people, smtp, client):
    case = complaint(unit, people["handler"])
    dispatch(at(11, 7))
    # The start page shows the last two weeks' reminders; move this one to today.
    db.session.execute(sa.update(Notification).values(send_at=sa.func.now()))
    db.session.commit()
    factories.log_in(client, people["handler"])
    page = client.get("/").get_data(as_text=True)
    assert "Påminnelser" in page and case.number in page
    assert "Bekräftelse till den som lämnat klagomålet, senast 12 mars 2025" in page


def test_the_weekly_digest_is_made_once_per_handler_and_week(unit, people, smtp):
    case = complaint(unit, people["handler"])
    assert make_digests(at(10, 7)) == 1
    assert make_digests(at(10, 8)) == 0
    dispatch(at(10, 7, 1))
    [digest] = [m for m in smtp.messages if "Veckans tidsfrister" in m["Subject"]]
    body = digest.get_content()
    assert case.number in body and "12 mars 2025" in body and "24 mars 2025" not in body
    assert make_digests(at(17, 7)) == 1  # the next week
    assert [kind for kind, *_ in notifications()].count(Kind.DIGEST.value) == 2


def test_a_sent_reminder_is_recorded_once_the_database_is_back(unit, people, smtp, monkeypatch):
    """The database is away just after the SMTP server took the message (a restart): the
    worker records it as sent once it can, so no later scan sends it again."""
    complaint(unit, people["handler"])
    commit, failures = Session.commit, []

    def away_once(session):  # the task runs in a session of its own app context
        if not failures and any(isinstance(row, Notification) and row.status is Status.SENT
                                for row in session.identity_map.values()):
            failures.append(1)
            raise sa.exc.OperationalError("COMMIT", {}, psycopg.OperationalError("gone"))
        commit(session)

    monkeypatch.setattr("casework.core.delivery.time.sleep", lambda seconds: None)
    monkeypatch.setattr(Session, "commit", away_once)
    dispatch(at(11, 7))
    monkeypatch.undo()
    assert failures and sent_to(smtp) == ["hanna@stad.example"]
    [row] = db.session.scalars(sa.select(Notification))
    db.session.refresh(row)
    assert row.status is Status.SENT
    assert dispatch(at(11, 7, 30)).queued == 0
    assert len(smtp.messages) == 1
