"""The checks' pages over HTTP (the test client): who sees which enhet's weeks, the sample and
anomalies as shown, and the sign-off with its refusals."""
import re

import pytest
import sqlalchemy as sa

from casework.core.extensions import db
from casework.logchecks.models import LogCheck
from casework.trail.models import AuditEvent
from tests import factories
from tests.logchecks.conftest import TUESDAY_10, WEEK, read

YEAR, NUMBER = WEEK


def sign_in(client, user):
    factories.log_in(client, user)
    return user


def url(unit, year=YEAR, week=NUMBER) -> str:
    return f"/audit/kontroller/{unit.id}/{year}/{week}"


def text(response) -> str:
    return response.get_data(as_text=True)


def checks_of(unit) -> list[LogCheck]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(LogCheck).where(LogCheck.unit_id == unit.id)))


@pytest.fixture
def reads(org):
    """A normal read by the deputy, and the områdeschef's read of the lex Sarah case."""
    p, c = org.people, org.cases
    return [read(p["deputy"], c["complaint"], TUESDAY_10),
            read(p["area_chief"], c["sarah"], TUESDAY_10)]


def test_the_enhetschef_sees_the_sample_and_the_anomaly_without_case_content(client, org,
                                                                           reads):
    sign_in(client, org.people["chief"])

    response = client.get(url(org.a))

    page = text(response)
    assert response.status_code == 200, page
    assert "Loggkontroll: Aspudden hemtjänst, vecka 10, 2025" in page
    complaint, sarah = org.cases["complaint"], org.cases["sarah"]
    assert f'<a href="/cases/{complaint.id}">{complaint.number}</a>' in page
    assert "Bea Biträdande" in page and "Olle Områdeschef" in page
    assert "Biträdande enhetschef" in page and "Områdeschef" in page  # the roles at the time
    rows = re.findall(r'data-label="Handlägger ärendet">(\w+)<', page)
    assert sorted(rows) == ["Ja", "Nej"]
    assert "Skyddat ärende (lex Sarah, lex Maria eller personuppgiftsincident)" in page
    assert "Ej kontrollerad" in page
    assert factories.DESCRIPTION not in page and sarah.description not in page
    assert response.headers["Cache-Control"] == "no-store"
    viewed = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "log_check_view")).all()
    assert [(e.unit_id, e.detail["year"], e.detail["week"]) for e in viewed] == [
        (org.a.id, YEAR, NUMBER)]


def test_the_overview_lists_the_enheter_of_the_viewer_and_their_weeks(client, org, reads):
    sign_in(client, org.people["chief"])

    page = text(client.get(f"/audit/kontroller?ar={YEAR}&vecka={NUMBER + 1}"))

    assert "Aspudden hemtjänst" in page and "Trekanten hemtjänst" not in page
    assert f'href="{url(org.a)}"' in page
    assert "Vecka 10, 2025" in page and "Vecka 11, 2025" in page and "Vecka 3, 2025" not in page
    assert "2 läsningar" in page and "Ej kontrollerad" in page
    assert f"/audit/kontroller?ar={YEAR}&amp;vecka={NUMBER - 7}" in page  # Tidigare veckor


def test_the_admin_sees_every_enhet_of_their_subtree_but_no_case_link(client, org, reads):
    sign_in(client, factories.user("admin", org.area))

    assert "Trekanten hemtjänst" in text(client.get("/audit/kontroller"))
    page = text(client.get(url(org.a)))
    assert org.cases["complaint"].number in page and "/cases/" not in page


def test_another_subtrees_unit_week_answers_404(client, org, reads):
    sign_in(client, org.people["chief"])

    assert client.get(url(org.b)).status_code == 404
    assert client.post(url(org.b), data={"comment": "Inget att anmärka."}).status_code == 404
    assert client.get(url(org.area)).status_code == 404  # not an enhet
    assert checks_of(org.b) == []


@pytest.mark.parametrize("role", ["bitradande_enhetschef", "planerare", "omradeschef", "mas"])
def test_other_roles_are_refused(client, org, role):
    sign_in(client, factories.user(role, org.a))

    assert client.get("/audit/kontroller").status_code == 403
    assert client.get(url(org.a)).status_code == 403


@pytest.mark.parametrize(("year", "week"), [
    ("2025", "0"), ("2025", "54"), ("0001", "1"), ("9999", "1"), ("2147483648", "1"),
    ("2025", "99999999999"), ("2025", "tio"), ("20x5", "1"),
])
def test_hostile_weeks_answer_404(client, org, year, week):
    sign_in(client, org.people["chief"])

    assert client.get(f"/audit/kontroller/{org.a.id}/{year}/{week}").status_code == 404
    assert client.post(f"/audit/kontroller/{org.a.id}/{year}/{week}",
                       data={"comment": "Ok."}).status_code == 404
    assert client.get(f"/audit/kontroller?ar={year}&vecka={week}").status_code == 404
    assert client.get("/audit/kontroller/2147483648/2025/10").status_code == 404


def test_a_nul_in_the_week_or_the_comment_answers_400(client, org):
    sign_in(client, org.people["chief"])

    assert client.get("/audit/kontroller?ar=2025&vecka=1%00").status_code == 400
    response = client.post(url(org.a), data={"comment": "Inget\x00 att anmärka."})
    assert response.status_code == 400
    assert "Begäran kunde inte hanteras" in text(response)
    assert checks_of(org.a) == []


@pytest.mark.parametrize(("comment", "message"), [
    ("", "Skriv vad kontrollen visade och vad som gjordes."),
    ("   \r\n ", "Skriv vad kontrollen visade och vad som gjordes."),
    ("x" * 2001, "Texten får vara högst 2\u00a0000 tecken; den här har 2\u00a0001."),
    ("Läste om 19811218-9876.", "Skriv inte personnummer här."),
])
def test_the_sign_off_needs_a_comment_within_its_limit(client, org, reads, comment, message):
    sign_in(client, org.people["chief"])

    response = client.post(url(org.a), data={"comment": comment})

    assert response.status_code == 400
    assert message in text(response)
    assert checks_of(org.a) == []


def test_a_week_is_signed_once_and_keeps_the_sample_it_was_signed_on(client, org, reads):
    chief = sign_in(client, org.people["chief"])
    before = text(client.get(url(org.a)))

    signed = client.post(url(org.a), data={"comment": "Områdeschefens läsning var befogad."})
    twice = client.post(url(org.a), data={"comment": "Dubbelklick."})

    assert signed.status_code == twice.status_code == 303
    [check] = checks_of(org.a)
    assert (check.signed_by_id, check.comment, check.read_count) == (
        chief.id, "Områdeschefens läsning var befogad.", 2)
    assert sorted(entry["event"] for entry in check.sample) == sorted(e.id for e in reads)
    assert check.anomalies == [{"kind": "protected", "user": org.people["area_chief"].id,
                                "events": [reads[1].id]}]
    page = text(client.get(url(org.a)))
    assert "redan signerad av Erik Enhetschef" in page and "din signering sparades inte" in page
    assert "Kontrollerad" in page and "Områdeschefens läsning var befogad." in page
    assert "Signera kontrollen" not in page
    # A read written late into the week (or rules changed) does not change what was signed.
    read(org.people["planner"], org.cases["other"], TUESDAY_10)
    later = text(client.get(url(org.a)))
    assert "2 läsningar när kontrollen signerades" in later
    assert _sample_rows(later) == _sample_rows(before)
    signs = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "log_check_sign")).all()
    assert [(e.user_id, e.unit_id, e.detail["check"]) for e in signs] == [
        (chief.id, org.a.id, check.id)]
    overview = text(client.get(f"/audit/kontroller?ar={YEAR}&vecka={NUMBER}"))
    assert "Kontrollerad<span" in overview


def test_another_manager_cannot_sign_a_signed_week_again(client, org, reads):
    sign_in(client, org.people["chief"])
    client.post(url(org.a), data={"comment": "Granskat."})
    other = factories.user("enhetschef", org.area, name="Annan Chef")
    db.session.commit()
    sign_in(client, other)

    response = client.post(url(org.a), data={"comment": "Granskat igen."}, follow_redirects=True)

    assert "redan signerad av Erik Enhetschef" in text(response)
    assert [c.comment for c in checks_of(org.a)] == ["Granskat."]


def test_the_current_week_is_shown_but_not_signed(client, org):
    from casework.logchecks import weeks

    sign_in(client, org.people["chief"])
    with client.application.app_context():
        now = weeks.current()

    assert "Veckan pågår" in text(client.get(url(org.a, now.year, now.number)))
    response = client.post(url(org.a, now.year, now.number), data={"comment": "För tidigt."})
    assert response.status_code == 400
    assert "pågår: den kan signeras när veckan är slut" in text(response)
    assert checks_of(org.a) == []


def _sample_rows(page: str) -> list[str]:
    start = page.index('id="urval"')
    return re.findall(r"<tr>.*?</tr>", page[start:page.index('id="avvikelser"')], re.S)


def test_two_sign_offs_at_once_store_one_and_the_later_is_told(org, reads):
    """The second of two requests that both found the week unsigned meets the unique row."""
    from casework.logchecks import checks, services
    from casework.logchecks.weeks import Week

    seen_by_both = checks.live(org.a, Week(*WEEK))
    services.sign_off(org.people["chief"], seen_by_both, "Först.")
    db.session.flush()

    with pytest.raises(services.AlreadySigned, match="redan signerad av Erik Enhetschef"):
        services.sign_off(factories.user("admin", org.area), seen_by_both, "Sedan.")
    assert [c.comment for c in checks_of(org.a)] == ["Först."]
