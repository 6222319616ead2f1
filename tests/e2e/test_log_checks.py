"""The weekly access-log check over HTTP on the real server (a SQLite file and PostgreSQL): a
deputy reads cases of an enhet of its own, its enhetschef opens the checks and sees the reads
in this week's sample and the protected case flagged, then signs last week's check off once."""
from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from casework.core.extensions import db
from casework.logchecks.models import LogCheck
from casework.logchecks.weeks import Week, current
from casework.organisation.models import OrgNode
from casework.trail.models import AuditEvent
from tests import factories
from tests.e2e.client import Client

pytestmark = pytest.mark.e2e

CHIEF = "lena.loggchef@example.se"
DEPUTY = "dan.deputy@example.se"


@pytest.fixture(scope="module")
def unit(site):
    """An enhet of this module's own (the other modules' reads go to ASP), its enhetschef and
    deputy, a klagomål the deputy handles and a lex Sarah case nobody handles yet; and two reads
    of last week written as the trail writes them: the lex Sarah one on Saturday."""
    with site.app.app_context():
        area = db.session.scalar(sa.select(OrgNode).where(OrgNode.code == "HAV-HT"))
        unit = factories.node("enhet", "Loggkontrollens hemtjänst", area, code="LOGG")
        factories.user("enhetschef", unit, name="Lena Loggchef", email=CHIEF)
        deputy = factories.user("bitradande_enhetschef", unit, name="Dan Deputy", email=DEPUTY)
        received = current().before(2).monday
        complaint = factories.case(unit, "klagomal", received)
        complaint.handler_id = deputy.id
        sarah = factories.case(unit, "lex_sarah", received)
        last = current().before()
        reads = [AuditEvent(action="view", user_id=deputy.id, roles="bitradande_enhetschef",
                            case_id=case.id, unit_id=unit.id, detail={}, at=_local(last, day, hour))
                 for case, day, hour in ((complaint, 1, 10), (sarah, 5, 11))]
        db.session.add_all(reads)
        db.session.commit()
        return {"id": unit.id, "complaint": (complaint.id, complaint.number),
                "sarah": (sarah.id, sarah.number), "reads": [r.id for r in reads],
                "now": current(), "last": last}


def _local(week: Week, day: int, hour: int) -> datetime:
    """``hour`` o'clock on the ``day``-th day after the week's Monday, in UTC (CET is UTC+1;
    within a summer week the hour is one later, which no assertion here depends on)."""
    return datetime.combine(week.monday + timedelta(days=day), time(hour - 1), UTC)


def test_the_enhetschef_sees_the_reads_and_the_anomaly_and_signs_the_week_off(site, unit):
    deputy = Client(site.server)
    deputy.log_in(DEPUTY, factories.PASSWORD)
    for case_id, _number in (unit["complaint"], unit["sarah"]):
        deputy.get(f"/cases/{case_id}")
    chief = Client(site.server)
    chief.log_in(CHIEF, factories.PASSWORD)
    now, last = unit["now"], unit["last"]

    overview = chief.get(chief.get("/").link("Göra veckans loggkontroll och signera den"))
    this_week = chief.get(overview.link(f"Pågår: Loggkontrollens hemtjänst, {now.label}"))

    assert this_week.url.endswith(f"/audit/kontroller/{unit['id']}/{now.year}/{now.number}")
    complaint_number = unit["complaint"][1]
    # In the sample, and among the anomalies too when the test runs out of working hours.
    linked = {url for url, text in this_week.links if text == complaint_number}
    assert [url.removeprefix(site.server.url) for url in linked] == [
        f"/cases/{unit['complaint'][0]}"]
    assert "Dan Deputy" in this_week.text and "Biträdande enhetschef" in this_week.text
    assert "Skyddat ärende (lex Sarah, lex Maria eller personuppgiftsincident)" in this_week.text
    assert "Veckan pågår" in this_week.text
    assert "signera" not in [f.labelledby for f in this_week.forms]

    page = chief.get(overview.link(f"Ej kontrollerad: Loggkontrollens hemtjänst, {last.label}"))
    form = page.form("signera")
    refused = chief.submit(form, {"comment": "  "}, expect=400)
    assert refused.errors[0] == "Skriv vad kontrollen visade och vad som gjordes."
    signed = chief.submit(form, {"comment": "Lördagsläsningen gällde en rapport som "
                                            "biträdande enhetschef ska utreda. Ok."})
    again = chief.submit(form, {"comment": "Dubbelklick."})

    assert signed.messages() == [f"Kontrollen av {last.label} är signerad."]
    assert "Kontrollerad" in signed.text and "Lena Loggchef" in signed.text
    assert "läst utanför arbetstid" in signed.text.lower()
    assert again.messages("error")[0].startswith(
        f"Kontrollen av {last.label} för Loggkontrollens hemtjänst är redan signerad av "
        "Lena Loggchef")
    with site.app.app_context():
        [check] = db.session.scalars(sa.select(LogCheck).where(
            LogCheck.unit_id == unit["id"])).all()
        assert (check.year, check.week, check.read_count) == (last.year, last.number, 2)
        assert [entry["event"] for entry in check.sample] == unit["reads"]
        assert {a["kind"] for a in check.anomalies} == {"off_hours", "protected"}
    assert f"Kontrollerad: Loggkontrollens hemtjänst, {last.label}" in [
        text for _url, text in chief.get("/audit/kontroller").links]
