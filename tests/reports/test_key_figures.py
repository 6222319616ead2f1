"""A manager's key figures this tertial (casework.reports.key_figures), exact on a small set
counted by hand."""
from datetime import date

import pytest

from casework.reports.key_figures import (
    chart_svg,
    key_figure_units,
    key_figures,
    tertial_of_day,
)
from tests import factories
from tests.cases.test_queries import add_case, org  # noqa: F401  (a fixture)
from tests.cases.test_urgency import later

TODAY = date(2025, 6, 2)  # T2: 1 May – 31 August


def closed(unit, type, received_on, closed_on):
    return later(add_case(unit, type, received_on, status="avslutad"), closed_on=closed_on)


@pytest.fixture
def cases(org):  # noqa: F811
    # Enhet A
    add_case(org.a, "klagomal", date(2025, 5, 5), due_on=date(2025, 5, 20))  # new, open, late
    add_case(org.a, "synpunkt", date(2025, 6, 1))  # new, open
    add_case(org.a, "lex_sarah", date(2025, 4, 20), status="utreds")  # open lex Sarah (T1)
    closed(org.a, "klagomal", date(2025, 4, 1), date(2025, 5, 11))  # closed in T2: 40 days
    closed(org.a, "berom", date(2025, 5, 10), date(2025, 5, 10))  # new; closed in T2: 0 days
    closed(org.a, "klagomal", date(2025, 1, 10), date(2025, 4, 30))  # closed in T1
    later(add_case(org.a, "klagomal", date(2025, 2, 1), status="avslutad"),
          closed_on=date(2025, 2, 2), due_on=None)
    # Enhet B
    closed(org.b, "avvikelse", date(2025, 5, 20), date(2025, 5, 27))  # new; 7 days
    closed(org.b, "lex_sarah", date(2025, 5, 15), date(2025, 6, 1))  # new; 17 days
    # Enhet C, in the other område
    closed(org.c, "klagomal", date(2025, 5, 1), date(2025, 5, 4))  # new; 3 days
    return org


def test_figures_per_enhet_and_in_total(cases):
    figures = key_figures([cases.a, cases.b], TODAY)

    assert figures.tertial.name == "T2 2025"
    by_name = {u.name: (u.new, u.open, u.overdue, u.lex_sarah_open) for u in figures.units}
    assert by_name == {"Aspudden hemtjänst": (3, 3, 1, 1), "Trekanten hemtjänst": (2, 0, 0, 0)}
    assert (figures.total("new"), figures.total("open"), figures.total("overdue")) == (5, 3, 1)
    # Closed in T2: 0, 7, 17, 40 days: the median is (7 + 17) / 2.
    assert (figures.closed, figures.median_days, figures.median_label) == (4, 12, "12 dagar")
    assert figures.per_month == ((date(2025, 5, 1), 4), (date(2025, 6, 1), 1))


def test_the_median_of_an_odd_and_of_an_even_number(cases):
    assert key_figures([cases.c], TODAY).median_days == 3
    assert key_figures([cases.a, cases.b, cases.c], TODAY).median_days == 7
    a = key_figures([cases.a], TODAY)
    assert (a.closed, a.median_days) == (2, 20)


def test_no_cases_no_median(org):  # noqa: F811
    figures = key_figures([org.a], TODAY)

    assert figures.median_days is None and figures.total("new") == 0
    assert figures.per_month == ((date(2025, 5, 1), 0), (date(2025, 6, 1), 0))


def test_whose_enheter(org):  # noqa: F811
    assert key_figure_units(factories.user("omradeschef", org.north)) == [org.a, org.b]
    assert key_figure_units(factories.user("enhetschef", org.c)) == [org.c]
    assert key_figure_units(factories.user("bitradande_enhetschef", org.a)) == []


@pytest.mark.parametrize(("day", "number", "start", "end"), [
    (date(2025, 1, 1), 1, date(2025, 1, 1), date(2025, 4, 30)),
    (date(2025, 4, 30), 1, date(2025, 1, 1), date(2025, 4, 30)),
    (date(2025, 5, 1), 2, date(2025, 5, 1), date(2025, 8, 31)),
    (date(2025, 9, 1), 3, date(2025, 9, 1), date(2025, 12, 31)),
    (date(2024, 12, 31), 3, date(2024, 9, 1), date(2024, 12, 31)),
])
def test_the_tertial_of_a_day(day, number, start, end):
    tertial = tertial_of_day(day)
    assert (tertial.number, tertial.start, tertial.end) == (number, start, end)


def test_the_chart_has_a_bar_per_month_and_a_text_alternative(cases):
    svg = chart_svg(key_figures([cases.a, cases.b], TODAY))

    assert svg.count("<rect ") == 2
    assert '<title id="key-chart-title">Nya ärenden per månad, T2 2025</title>' in svg
    assert "<desc id=\"key-chart-desc\">maj 4 st; juni 1 st.</desc>" in svg
    assert "style=" not in svg and "<script" not in svg


def test_list_filters_are_the_lists_own(cases):
    links = key_figures([cases.a], TODAY).list_filters(cases.a.id)

    assert links["new"] == {"enhet": str(cases.a.id), "fran": "2025-05-01", "till": "2025-06-02"}
    assert links["overdue"] == {"enhet": str(cases.a.id), "forsenade": "y"}
    assert links["open"] == {"enhet": str(cases.a.id), "status": "oppna"}
    assert links["lex_sarah_open"] == {"enhet": str(cases.a.id), "typ": "lex_sarah",
                                       "status": "oppna"}
