"""The rules of a week's check: the sample, the handled flag, the anomalies, the week's bounds."""
from datetime import UTC, datetime, timedelta

import pytest

from casework.cases.models import CaseEvent
from casework.core.extensions import db
from casework.logchecks import checks, weeks
from casework.logchecks.checks import Kind
from casework.logchecks.weeks import Week
from casework.trail.models import AuditEvent
from tests import factories
from tests.logchecks.conftest import TUESDAY_10, WEEK, read

THIS_WEEK = Week(*WEEK)


def kinds(check) -> list[tuple[Kind, int, int | None]]:
    """(kind, user, the case of a one-read anomaly) of each anomaly."""
    return [(a.kind, a.user_id, a.reads[0].case_id if len(a.reads) == 1 else None)
            for a in check.anomalies]


def test_the_sample_is_reproducible_and_within_the_unit_and_week(org, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOG_CHECK_SAMPLE_SIZE", 5)
    deputy, complaint = org.people["deputy"], org.cases["complaint"]
    inside = [read(deputy, complaint, TUESDAY_10 + timedelta(minutes=n)).id for n in range(12)]
    read(deputy, complaint, TUESDAY_10 + timedelta(days=7))  # the next week
    read(org.people["b_deputy"], org.cases["b_complaint"], TUESDAY_10)  # another enhet
    db.session.add(AuditEvent(action="change", user_id=deputy.id, case_id=complaint.id,
                              unit_id=org.a.id, roles="", detail={}, at=TUESDAY_10))
    db.session.add(AuditEvent(action="view", user_id=None, case_id=complaint.id,  # an API token
                              unit_id=org.a.id, roles="read", detail={}, at=TUESDAY_10))
    db.session.commit()

    first, again = checks.live(org.a, THIS_WEEK), checks.live(org.a, THIS_WEEK)

    assert first.reads == 12
    assert [r.event_id for r in first.sample] == [r.event_id for r in again.sample]
    assert len(first.sample) == 5 and {r.event_id for r in first.sample} <= set(inside)
    assert [r.at for r in first.sample] == sorted(r.at for r in first.sample)
    # Another week of the same reads draws by its own seed: the sample is the unit-week's.
    assert checks.sample(first_reads := checks.week_reads(org.a, THIS_WEEK), org.a,
                         THIS_WEEK, 5) == first.sample
    assert len(checks.sample(first_reads, org.a, THIS_WEEK, 50)) == 12


def test_handled_is_handler_registrant_or_a_step_before_the_week_ended(org):
    p, c = org.people, org.cases
    events = {
        "handler": read(p["deputy"], c["complaint"], TUESDAY_10),
        "registrant": read(p["planner"], c["complaint"], TUESDAY_10),
        "step": read(p["chief"], c["deviation"], TUESDAY_10),
        "late step": read(p["deputy"], c["deviation"], TUESDAY_10),
        "nothing": read(p["area_chief"], c["complaint"], TUESDAY_10),
    }
    db.session.add(CaseEvent(case_id=c["deviation"].id, user_id=p["chief"].id, event="action",
                             at=TUESDAY_10 - timedelta(days=1)))
    db.session.add(CaseEvent(case_id=c["deviation"].id, user_id=p["deputy"].id, event="action",
                             at=datetime(2025, 3, 10, 9, 0, tzinfo=UTC)))  # the next week
    db.session.commit()

    handled = {r.event_id: r.handled for r in checks.week_reads(org.a, THIS_WEEK)}

    assert {name: handled[e.id] for name, e in events.items()} == {
        "handler": True, "registrant": True, "step": True, "late step": False,
        "nothing": False}


def test_each_anomaly_is_found_and_a_normal_read_is_not(org, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOG_CHECK_MANY_READS", 2)
    p, c = org.people, org.cases
    normal = read(p["deputy"], c["complaint"], TUESDAY_10)
    for name in ("complaint", "deviation", "other"):  # three cases: over the threshold
        read(p["area_chief"], c[name], TUESDAY_10)
        read(p["deputy"], c[name], TUESDAY_10)  # the deputy handles cases in the enhet
    saturday = read(p["deputy"], c["complaint"], datetime(2025, 3, 8, 9, 0, tzinfo=UTC))
    early = read(p["deputy"], c["complaint"], datetime(2025, 3, 5, 5, 59, tzinfo=UTC))  # 06:59
    last_minute = read(p["deputy"], c["complaint"], datetime(2025, 3, 5, 16, 59, tzinfo=UTC))
    sarah = read(p["area_chief"], c["sarah"], TUESDAY_10)
    db.session.add(CaseEvent(case_id=c["sarah"].id, user_id=p["chief"].id, event="action",
                             at=TUESDAY_10 - timedelta(hours=1)))
    db.session.commit()
    sarah_by_its_handler = read(p["chief"], c["sarah"], TUESDAY_10)

    check = checks.live(org.a, THIS_WEEK)

    assert kinds(check) == [
        (Kind.MANY_READS, p["area_chief"].id, None),
        (Kind.PROTECTED, p["area_chief"].id, c["sarah"].id),  # Tuesday
        (Kind.OFF_HOURS, p["deputy"].id, c["complaint"].id),  # 06:59 Wednesday
        (Kind.OFF_HOURS, p["deputy"].id, c["complaint"].id),  # Saturday
    ]
    flagged = {r.event_id for a in check.anomalies for r in a.reads}
    assert {early.id, saturday.id, sarah.id} <= flagged
    assert not {normal.id, last_minute.id, sarah_by_its_handler.id} & flagged
    reasons = [a.reason for a in check.anomalies]
    assert reasons[0].startswith("Läste 4 av enhetens ärenden under veckan")
    assert reasons[1].startswith("Skyddat ärende")
    assert reasons[2] == "Läst utanför arbetstid (vardagar 07–18): onsdag 2025-03-05 06:59."
    assert "lördag 2025-03-08 10:00" in reasons[3]


def test_a_holiday_is_outside_working_hours(org):
    # Kristi himmelsfärdsdag, Thursday 29 May 2025, 10:00 in Stockholm (UTC+2).
    holiday = read(org.people["deputy"], org.cases["complaint"],
                   datetime(2025, 5, 29, 8, 0, tzinfo=UTC))

    [anomaly] = checks.live(org.a, Week(2025, 22)).anomalies

    assert anomaly.reads[0].event_id == holiday.id
    assert anomaly.reason.endswith("torsdag 2025-05-29 10:00, helgdag.")


@pytest.mark.parametrize(("moment", "week"), [
    (datetime(2025, 3, 2, 22, 59, tzinfo=UTC), (2025, 9)),   # Sunday 23:59, UTC+1
    (datetime(2025, 3, 2, 23, 0, tzinfo=UTC), (2025, 10)),   # Monday 00:00
    (datetime(2025, 3, 9, 22, 59, tzinfo=UTC), (2025, 10)),  # Sunday 23:59
    (datetime(2025, 3, 9, 23, 0, tzinfo=UTC), (2025, 11)),   # Monday 00:00
    # Summer time began on Sunday 30 March: Monday 31 March starts at 22:00 UTC.
    (datetime(2025, 3, 30, 21, 59, tzinfo=UTC), (2025, 13)),
    (datetime(2025, 3, 30, 22, 0, tzinfo=UTC), (2025, 14)),
])
def test_the_week_runs_monday_to_sunday_in_stockholm(org, moment, week):
    event = read(org.people["deputy"], org.cases["complaint"], moment)

    found = {w: [r.event_id for r in checks.week_reads(org.a, Week(*w))]
             for w in ((2025, 9), (2025, 10), (2025, 11), (2025, 13), (2025, 14))}

    assert [w for w, ids in found.items() if event.id in ids] == [week]


@pytest.mark.parametrize(("year", "week"), [
    ("2025", "0"), ("2025", "54"), ("2025", "53"), ("0001", "1"), ("1999", "52"),
    ("9999", "1"), ("2147483648", "1"), ("2025", "2147483648"), ("2025", "tio"), ("", ""),
    ("-1", "5"), ("2025", "1.5"),
])
def test_weeks_that_do_not_exist_or_have_not_begun_are_none(app_ctx, year, week):
    assert weeks.parse(year, week) is None


def test_a_week_53_and_the_current_week_exist(app_ctx):
    assert weeks.parse("2020", "53") == Week(2020, 53)
    assert weeks.parse(*map(str, (weeks.current().year, weeks.current().number))) \
        == weeks.current()
    assert weeks.parse(weeks.current().after().year, weeks.current().after().number) is None
    assert Week(2026, 48).label == "vecka 48, 2026"


def test_readers_are_named_only_when_they_work_in_or_over_the_unit(org):
    p = org.people
    names = checks.reader_names(org.a, {p["deputy"].id, p["area_chief"].id, p["b_deputy"].id})
    assert names == {p["deputy"].id: "Bea Biträdande", p["area_chief"].id: "Olle Områdeschef"}
    admin = factories.user("admin", org.area)
    assert checks.reader_names(org.a, {admin.id}) == {admin.id: admin.name}
