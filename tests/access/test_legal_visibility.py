"""Issue 6.6: lex Sarah, lex Maria and personuppgiftsincidenter are seen only by the managers
over the unit, the MAS (lex Maria), and whoever filed the report (the report and its
återkoppling, not the handling)."""
from datetime import date

import pytest
import sqlalchemy as sa
from flask import g

from casework.access.policy import Action, can_on_case, may_sign, sees_handling
from casework.cases import handling
from casework.cases.models import Case
from casework.cases.scope import case_scope
from casework.core.extensions import db
from tests import factories

LEGAL = ("lex_sarah", "lex_maria", "personuppgiftsincident")


@pytest.fixture
def unit(app_ctx):
    return factories.node("enhet", "Aspudden hemtjänst", factories.node("omrade", "Område 1"))


@pytest.fixture
def reporter(unit):
    return factories.user("medarbetare", unit, name="Mia Medarbetare")


@pytest.fixture
def cases(unit, reporter):
    made = {kind: factories.case(unit, kind) for kind in LEGAL}
    made["own"] = factories.case(unit, "lex_sarah", by=reporter, description="Min rapport.")
    return made


def visible(user) -> set[str]:
    query = sa.select(Case.number).where(case_scope(user))
    return set(db.session.scalars(query))


def numbers(cases, *keys) -> set[str]:
    return {cases[k].number for k in keys}


@pytest.mark.parametrize("role, sees", [
    ("bitradande_enhetschef", (*LEGAL, "own")),
    ("enhetschef", (*LEGAL, "own")),
    ("omradeschef", (*LEGAL, "own")),
    ("mas", ("lex_maria",)),
    ("planerare", ()),
    ("medarbetare", ()),
    ("admin", ()),
])
def test_who_sees_the_legal_cases_of_the_unit(unit, cases, role, sees):
    holder = factories.user(role, unit if role != "omradeschef" else unit.parent)

    assert visible(holder) == numbers(cases, *sees)
    for key, case in cases.items():
        assert can_on_case(holder, Action.VIEW, case) == (key in sees)


def test_another_units_managers_and_mas_see_none(unit, cases):
    elsewhere = factories.node("enhet", "Trekanten hemtjänst", unit.parent)
    for role in ("bitradande_enhetschef", "enhetschef", "mas"):
        assert visible(factories.user(role, elsewhere)) == set()


def test_the_reporter_sees_their_own_report_but_not_its_handling(unit, cases, reporter):
    own = cases["own"]

    assert visible(reporter) == {own.number}
    assert can_on_case(reporter, Action.VIEW, own)
    assert not sees_handling(reporter, own)
    assert not can_on_case(reporter, Action.HANDLE, own)
    assert sees_handling(factories.user("bitradande_enhetschef", unit), own)


def test_only_the_mas_handles_lex_maria_and_the_managers_the_rest(unit, cases):
    deputy = factories.user("bitradande_enhetschef", unit)
    mas = factories.user("mas", unit.parent)
    chief = factories.user("omradeschef", unit.parent)

    assert [can_on_case(deputy, Action.HANDLE, cases[k]) for k in LEGAL] == [True, False, True]
    assert [can_on_case(mas, Action.HANDLE, cases[k]) for k in LEGAL] == [False, True, False]
    assert not any(can_on_case(chief, Action.HANDLE, cases[k]) for k in LEGAL)


def test_signers_are_the_enhetschef_for_lex_sarah_and_the_mas_for_lex_maria(unit, cases):
    chief = factories.user("enhetschef", unit.parent)
    deputy = factories.user("bitradande_enhetschef", unit)
    mas = factories.user("mas", unit.parent)

    assert may_sign(chief, cases["lex_sarah"]) and not may_sign(deputy, cases["lex_sarah"])
    assert may_sign(mas, cases["lex_maria"]) and not may_sign(chief, cases["lex_maria"])
    assert not may_sign(chief, cases["personuppgiftsincident"])
    assert not may_sign(factories.user("enhetschef"), cases["lex_sarah"])  # another unit


def test_the_reporter_reads_the_report_and_its_aterkoppling_on_the_page(
    client, unit, cases, reporter
):
    own = cases["own"]
    deputy = factories.user("bitradande_enhetschef", unit, name="Bea Biträdande")
    handling.record_feedback(own, 1, deputy, given_on=date(2025, 3, 5), method="mote",
                             recipient="Mia", content="Tack för rapporten.")
    db.session.commit()
    factories.log_in(client, reporter)

    text = client.get(f"/cases/{own.id}").get_data(as_text=True)

    assert "Min rapport." in text and "Möte till Mia" in text
    for hidden in ("<h3>Utredning</h3>", "<h3>Bedömning</h3>", "Historik", "utredning.docx"):
        assert hidden not in text
    assert client.get(f"/cases/{own.id}/utredning.pdf").status_code == 404
    assert client.get(f"/cases/{cases['lex_sarah'].id}").status_code == 404


def test_a_planner_and_the_mas_get_404_for_lex_sarah(client, unit, cases):
    for role in ("planerare", "mas"):
        factories.log_in(client, factories.user(role, unit))
        g.pop("_login_user", None)  # the test's app context caches the signed-in user
        assert client.get(f"/cases/{cases['lex_sarah'].id}").status_code == 404
        assert client.get(f"/cases/{cases['lex_sarah'].id}/utredning.docx").status_code == 404
