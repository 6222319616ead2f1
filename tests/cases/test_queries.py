"""The case list queries: scope, filters, search, sorting and keyset pages (Att göra's are in
test_urgency.py)."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from casework.cases import queries
from casework.cases.models import Case
from casework.cases.numbering import reserve
from casework.cases.queries import Cursor, Filters, Order
from casework.cases.services import bulk_insert_cases
from casework.core.extensions import db
from tests import factories

TODAY = date(2025, 6, 2)


@pytest.fixture
def org(app_ctx):
    """Two områden: Norr with enheter A and B, Syd with enhet C."""
    district = factories.node("forvaltning", "Stadsdelsförvaltningen")
    north = factories.node("omrade", "Område Norr", district)
    south = factories.node("omrade", "Område Syd", district)
    return SimpleNamespace(
        district=district, north=north,
        a=factories.node("enhet", "Aspudden hemtjänst", north),
        b=factories.node("enhet", "Trekanten hemtjänst", north),
        c=factories.node("enhet", "Kransen hemtjänst", south),
    )


#: What a case is given past the services, as it is: where a test puts it in its handling.
HANDLING = ("status", "handler_id", "feedback_on", "apt_pending")


def add_case(unit, type="klagomal", received_on=date(2025, 3, 4), *, due_on=None,
             **fields) -> Case:
    """A factory case, then given its HANDLING ``fields`` and ``due_on`` as they are: the tests
    decide which deadline runs, not the deadline rules (a flush would recompute it, so it is
    written past the session)."""
    handled = {name: fields.pop(name) for name in HANDLING if name in fields}
    case = factories.case(unit, type, received_on, **fields)
    for name, value in handled.items():
        setattr(case, name, value)
    db.session.flush()
    db.session.execute(sa.update(Case).where(Case.id == case.id).values(due_on=due_on))
    return case


def numbers(user, order=Order(), **filters) -> list[str]:
    return [c.number for c in queries.case_page(user, Filters(**filters), order, TODAY).rows]


def every_page(user, order, **filters) -> list[list[int]]:
    """The ids of each page, following Nästa sida to the end."""
    pages, cursor = [], None
    while True:
        page = queries.case_page(user, Filters(**filters), order, TODAY, cursor)
        pages.append([c.id for c in page.rows])
        if page.next is None:
            return pages
        cursor = page.next


# Scope


def test_a_planner_sees_complaints_of_their_unit_only(org):
    planner = factories.user("planerare", org.a)
    mine = add_case(org.a, "klagomal")
    praise = add_case(org.a, "berom")
    add_case(org.b, "klagomal")
    add_case(org.a, "lex_sarah")
    add_case(org.a, "avvikelse")

    assert sorted(numbers(planner)) == sorted([mine.number, praise.number])


def test_a_staff_member_sees_only_the_reports_they_filed(org):
    staff = factories.user("medarbetare", org.a)
    own = add_case(org.a, "avvikelse", by=staff)
    add_case(org.a, "avvikelse")
    add_case(org.a, "klagomal")

    assert numbers(staff) == [own.number]


def test_an_omradeschef_sees_every_type_in_the_subtree(org):
    chief = factories.user("omradeschef", org.north)
    cases = [add_case(org.a, "lex_sarah"), add_case(org.b, "klagomal")]
    add_case(org.c, "klagomal")

    assert sorted(numbers(chief)) == sorted(c.number for c in cases)


def test_admin_reads_no_cases(org):
    add_case(org.a)
    assert numbers(factories.user("admin", org.district)) == []


# Filters


@pytest.fixture
def chief(org):
    return factories.user("omradeschef", org.north)


def test_filter_by_type_status_category_and_unit(org, chief):
    complaint = add_case(org.a, "klagomal", categories=["bemotande"])
    praise = add_case(org.b, "berom", status="avslutad")
    add_case(org.a, "synpunkt", categories=["kompetens"])

    assert numbers(chief, type="berom") == [praise.number]
    assert numbers(chief, status="avslutad") == [praise.number]
    assert numbers(chief, category="bemotande") == [complaint.number]
    assert numbers(chief, unit_id=org.b.id) == [praise.number]


def test_the_open_filter_leaves_out_closed_and_withdrawn_cases(org, chief):
    """What the start page's key figures "öppna" and "lex Sarah pågående" link to."""
    new = add_case(org.a)
    going = add_case(org.a, status="pagaende")
    add_case(org.a, status="avslutad")
    add_case(org.a, status="atertaget")

    assert numbers(chief, status=queries.OPEN) == [going.number, new.number]


def test_the_period_includes_both_ends(org, chief):
    for day in (1, 2, 3, 4):
        add_case(org.a, received_on=date(2025, 3, day))

    found = numbers(chief, received_from=date(2025, 3, 2), received_to=date(2025, 3, 3))

    assert found == ["2025-0003", "2025-0002"]


def test_overdue_means_a_passed_deadline_on_an_open_case(org, chief):
    late = add_case(org.a, due_on=TODAY - timedelta(days=1), status="pagaende")
    add_case(org.a, due_on=TODAY - timedelta(days=1), status="avslutad")
    add_case(org.a, due_on=TODAY)
    add_case(org.a)

    assert numbers(chief, overdue=True) == [late.number]
    assert [c.overdue for c in queries.case_page(chief, Filters(), Order(), TODAY).rows] == [
        False, False, False, True]


def test_mina_is_what_i_handle_or_for_staff_what_i_filed(org):
    deputy = factories.user("bitradande_enhetschef", org.a)
    staff = factories.user("medarbetare", org.a)
    handled = add_case(org.a, handler_id=deputy.id)
    filed = add_case(org.a, "avvikelse", by=staff, handler_id=deputy.id)
    add_case(org.a)

    assert sorted(numbers(deputy, mine=True)) == sorted([handled.number, filed.number])
    assert numbers(staff, mine=True) == [filed.number]


def test_search_finds_a_number_by_prefix_or_exactly(org, chief):
    old = add_case(org.a, received_on=date(2024, 5, 1))
    new = [add_case(org.a) for _ in range(2)]

    assert numbers(chief, search="2024-") == [old.number]
    assert sorted(numbers(chief, search="2025-000")) == sorted(c.number for c in new)
    assert numbers(chief, search=new[1].number) == [new[1].number]


def test_search_finds_words_in_descriptions_in_any_case(org, chief):
    stairs = add_case(org.a, description="Trappan var hal och inte sandad.")
    add_case(org.a, description="Maten kom kall.")

    assert numbers(chief, search="TRAPPAN") == [stairs.number]
    assert numbers(chief, search="hal och") == [stairs.number]
    assert numbers(chief, search="2025") == []  # not a number prefix without the hyphen


def test_search_takes_wildcards_literally(org, chief):
    percent = add_case(org.a, description="Avgiften höjdes 50% utan besked.")
    add_case(org.a, description="Avgiften höjdes 50 kronor.")

    assert numbers(chief, search="50%") == [percent.number]
    assert numbers(chief, search="_") == []


# Sorting and pages


def test_each_column_sorts_both_ways(org, chief):
    a = add_case(org.a, "synpunkt", date(2025, 3, 1), status="pagaende")
    b = add_case(org.a, "avvikelse", date(2025, 3, 3), status="avslutad")
    c = add_case(org.a, "klagomal", date(2025, 3, 2))
    expected = {
        "inkom": [a, c, b], "nummer": [a, b, c], "typ": [b, c, a], "status": [b, c, a],
    }
    for key, ascending in expected.items():
        assert numbers(chief, Order(key, False)) == [x.number for x in ascending], key
        assert numbers(chief, Order(key, True)) == [x.number for x in reversed(ascending)], key


def test_case_numbers_sort_by_year_then_serial_past_9999(org, chief):
    old = add_case(org.a, received_on=date(2024, 12, 30))
    reserve(2025, 9998)
    nines, ten_thousand = add_case(org.a), add_case(org.a)

    assert ten_thousand.number == "2025-10000"
    assert numbers(chief, Order("nummer", False)) == [old.number, nines.number, ten_thousand.number]


#: The order each Order should give, computed in Python from the stored cases.
IN_PYTHON = {
    "inkom": lambda c: (c.received_on, c.id),
    "status": lambda c: (c.status, c.received_on, c.id),
    "nummer": lambda c: (c.number[:4], len(c.number), c.number),
}


@pytest.mark.parametrize("order", [Order(), Order("status", False), Order("nummer", True)])
def test_pages_follow_each_other_without_gaps_or_repeats(org, chief, order):
    day = date(2025, 4, 1)
    rows = [factories.case_fields("klagomal", unit_id=org.a.id, received_on=day, description="x")
            for _ in range(120)]
    rows += [{"type": "berom", "unit_id": org.b.id, "received_on": day - timedelta(n),
              "description": "y"} for n in range(1, 6)]
    bulk_insert_cases(rows)
    stored = db.session.scalars(sa.select(Case)).all()
    expected = sorted(stored, key=IN_PYTHON[order.key], reverse=order.descending)

    pages = every_page(chief, order)

    assert [len(p) for p in pages] == [50, 50, 25]
    assert sum(pages, []) == [c.id for c in expected]


def test_previous_page_goes_back_to_the_same_rows(org, chief):
    bulk_insert_cases([factories.case_fields("klagomal", unit_id=org.a.id, received_on=date(2025, 4, 1),
                              description="x") for _ in range(120)])
    order = Order()
    first = queries.case_page(chief, Filters(), order, TODAY)
    second = queries.case_page(chief, Filters(), order, TODAY, first.next)
    third = queries.case_page(chief, Filters(), order, TODAY, second.next)

    back = queries.case_page(chief, Filters(), order, TODAY, third.previous)
    start = queries.case_page(chief, Filters(), order, TODAY, back.previous)

    assert first.previous is None and third.next is None
    assert [c.id for c in back.rows] == [c.id for c in second.rows]
    assert [c.id for c in start.rows] == [c.id for c in first.rows]
    assert start.previous is None and start.next == first.next


def test_a_cursor_survives_its_link_and_a_mangled_one_is_dropped():
    cursor = Cursor((date(2025, 4, 1), 17), before=True)
    order = Order()

    assert Cursor.parse(order, cursor.token, before=True) == cursor
    assert Cursor.parse(Order("typ"), "klagomal~2025-04-01~17").values[0] == "klagomal"
    for mangled in ("", "2025-04-01", "2025-13-01~1", "2025-04-01~x", "a~b~c"):
        assert Cursor.parse(order, mangled) is None
    assert Cursor.parse(Order("typ"), "okänd~2025-04-01~1") is None


def test_a_page_carries_names_and_category_labels(org, chief):
    deputy = factories.user("bitradande_enhetschef", org.a, name="Bea Biträdande")
    add_case(org.a, categories=["bemotande", "kompetens"], handler_id=deputy.id,
             status="pagaende")

    [case] = queries.case_page(chief, Filters(), Order(), TODAY).rows

    assert (case.unit_name, case.handler_name) == ("Aspudden hemtjänst", "Bea Biträdande")
    assert case.categories == ["Bemötande", "Kompetens"]
    assert case.status_label == "Pågående"


# The start page


def test_registered_by_lists_my_latest_cases_within_scope(org):
    planner = factories.user("planerare", org.a)
    older = add_case(org.a, by=planner)
    newer = add_case(org.a, "berom", by=planner)
    add_case(org.a)

    assert [c.number for c in queries.registered_by(planner, TODAY)] == [newer.number, older.number]
