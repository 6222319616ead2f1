"""Counting the follow-up answers: per tertial of the case's received date, up to the cut-off,
over a node's subtree, and the reports page's small table beside the standard one."""
from datetime import UTC, date, datetime, timedelta

from casework.core.extensions import db
from casework.followup.counting import count_follow_ups
from casework.followup.models import Answer, FollowUp
from tests import factories

YEAR = 2025


def question(case, sent: datetime, answer: Answer | None = None,
             answered: datetime | None = None) -> FollowUp:
    made = FollowUp(case_id=case.id, token_hash=f"{case.id}-{sent.isoformat()}"[:64],
                    sent_at=sent, expires_at=sent + timedelta(days=30), answer=answer,
                    answered_at=answered)
    db.session.add(made)
    db.session.flush()
    return made


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def figures(table) -> dict[str, tuple[int, int, int, int]]:
    return {row.key: (row.t1, row.t2, row.vb, row.total) for row in table.rows}


def test_questions_count_in_their_cases_tertial_and_sum_over_the_subtree(app_ctx):
    area = factories.node("omrade", "Område")
    a, b = factories.node("enhet", "A", area), factories.node("enhet", "B", area)
    elsewhere = factories.node("enhet", "C")
    march, june, october = date(YEAR, 3, 4), date(YEAR, 6, 1), date(YEAR, 10, 1)
    question(factories.case(a, received_on=march), at(date(YEAR, 5, 2)), Answer.JA,
             at(date(YEAR, 5, 3)))  # a T1 case, asked and answered in May: T1
    question(factories.case(a, received_on=june), at(june), Answer.NEJ, at(june))
    question(factories.case(b, received_on=june), at(june), Answer.DELVIS, at(june))
    question(factories.case(b, received_on=october), at(october))  # not answered
    question(factories.case(elsewhere, received_on=march), at(march), Answer.JA, at(march))
    question(factories.case(a, received_on=date(YEAR - 1, 12, 1)), at(march), Answer.JA,
             at(march))  # last year's case

    assert figures(count_follow_ups(area, YEAR, date(YEAR, 12, 31))) == {
        "sent": (1, 2, 1, 4), "answered": (1, 2, 0, 3),
        "ja": (1, 0, 0, 1), "delvis": (0, 1, 0, 1), "nej": (0, 1, 0, 1)}
    assert figures(count_follow_ups(a, YEAR, date(YEAR, 12, 31)))["sent"] == (1, 1, 0, 2)


def test_the_cutoff_counts_only_what_was_sent_and_answered_by_then(app_ctx):
    unit = factories.node("enhet", "A")
    case = factories.case(unit, received_on=date(YEAR, 3, 4))
    question(case, at(date(YEAR, 4, 20)), Answer.JA, at(date(YEAR, 5, 10)))
    question(factories.case(unit, received_on=date(YEAR, 3, 5)), at(date(YEAR, 5, 1)))
    # 23:30 Swedish time on 30 April is still 30 April.
    question(factories.case(unit, received_on=date(YEAR, 3, 6)),
             datetime(YEAR, 4, 30, 21, 30, tzinfo=UTC))

    t1 = figures(count_follow_ups(unit, YEAR, date(YEAR, 4, 30)))
    assert (t1["sent"], t1["answered"], t1["ja"]) == ((2, 0, 0, 2), (0, 0, 0, 0), (0, 0, 0, 0))
    later = figures(count_follow_ups(unit, YEAR, date(YEAR, 12, 31)))
    assert (later["sent"], later["ja"]) == ((3, 0, 0, 3), (1, 0, 0, 1))


def test_a_withdrawn_case_counts_nowhere(app_ctx):
    unit = factories.node("enhet", "A")
    case = factories.case(unit, received_on=date(YEAR, 3, 4))
    question(case, at(date(YEAR, 3, 5)), Answer.JA, at(date(YEAR, 3, 5)))
    case.status = "atertaget"
    db.session.flush()
    assert figures(count_follow_ups(unit, YEAR, date(YEAR, 12, 31)))["sent"] == (0, 0, 0, 0)


def test_the_reports_page_shows_the_table_beside_the_standard_one(client, app_ctx):
    area = factories.node("omrade", "Område Syd", code="SYD")
    unit = factories.node("enhet", "Enhet Alfa", area, code="ALF")
    other = factories.node("enhet", "Enhet Beta", area, code="BET")
    question(factories.case(unit, received_on=date(YEAR, 3, 4)), at(date(YEAR, 3, 9)),
             Answer.NEJ, at(date(YEAR, 3, 10)))
    reader = factories.user("bitradande_enhetschef", unit)
    factories.log_in(client, reader)

    text = client.get(f"/reports?node=ALF&year={YEAR}").get_data(as_text=True)

    table = text[text.index('id="follow-up-title"'):]
    table = table[:table.index("</section>")]
    assert "Fråga om nöjdhet efter avslutat klagomål" in table
    assert "<th scope=\"row\">Skickade frågor</th>" in table
    assert table.count("1 st") == 6  # sent, answered and Nej: T1 and Totalt
    assert text.index('id="follow-up-title"') > text.index('<table class="report">')
    # The same node scoping as the report: a unit outside the grant is 404.
    assert client.get(f"/reports?node=BET&year={YEAR}").status_code == 404
    assert other.code == "BET"
