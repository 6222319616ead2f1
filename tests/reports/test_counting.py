"""The report table: hand-made cases whose cells are known, random cases checked against the
case-by-case reference, and the number of statements a report takes."""
import itertools
import random
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from casework.cases import services
from casework.cases.models import Case, CaseType
from casework.cases.services import bulk_insert_cases
from casework.core.errors import DomainError, UnknownValue
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.organisation.models import OrgNode
from casework.reports import count_report, report_for
from casework.reports.counting import count_reports
from tests import factories
from tests.reports import reference


@pytest.fixture
def org(app_ctx):
    """A förvaltning with two områden: O1 holding E1 and E2, O2 holding E3."""
    top = factories.node("forvaltning", "Förvaltningen", code="F")
    o1 = factories.node("omrade", "Område 1", top, code="O1")
    o2 = factories.node("omrade", "Område 2", top, code="O2")
    return SimpleNamespace(top=top, o1=o1, o2=o2, e1=factories.node("enhet", "E1", o1, "E1"),
                           e2=factories.node("enhet", "E2", o1, "E2"),
                           e3=factories.node("enhet", "E3", o2, "E3"))


@pytest.fixture
def stored_before_the_rules(monkeypatch):
    """Cases as stored before the case validator, or under rules changed since: the report
    counts what is stored, and lists what it cannot place, whatever the validator says now."""
    monkeypatch.setattr(services, "validate", lambda *args, **kwargs: [])


def add(unit, case_type: str, received_on: date, **fields) -> None:
    bulk_insert_cases([{"type": CaseType(case_type), "unit_id": unit.id,
                        "received_on": received_on, "description": "Beskrivning.", **fields}])


def table(node, year=2025, template=None, cutoff=None):
    return count_report(catalogue().templates[template or year], node, year,
                        cutoff or date(year, 12, 31))


def cells(node, **options) -> dict[str, tuple[int, int, int]]:
    """Row key -> (T1, T2, VB); only the rows that are not all zero."""
    rows = table(node, **options).rows
    return {row.key: (row.t1, row.t2, row.vb) for row in rows if row.total}


def unmapped(node, **options) -> list[tuple[str, str]]:
    return [(case.type, case.reason) for case in table(node, **options).unmapped]


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_every_row_in_template_order_with_verbatim_labels_and_zeros(org, year):
    report = table(org.e1, year=year)
    expected = [(section.title, row.label) for section, row in catalogue().templates[year].rows()]
    assert [(row.section, row.label) for row in report.rows] == expected
    assert all(row.total == 0 and row.note == "" for row in report.rows) and not report.unmapped


def test_a_case_counts_in_the_tertial_of_its_received_date(org):
    for day in [(1, 1), (4, 30), (5, 1), (8, 31), (9, 1), (12, 31)]:
        add(org.e1, "berom", date(2025, *day))
    add(org.e1, "berom", date(2024, 12, 31))
    add(org.e1, "berom", date(2026, 1, 1))
    [row] = [row for row in table(org.e1).rows if row.key == "berom"]
    assert (row.label, row.t1, row.t2, row.vb, row.total) == ("Beröm", 2, 2, 2, 6)


def test_cases_received_after_the_cutoff_are_not_counted(org):
    add(org.e1, "berom", date(2025, 4, 30))
    add(org.e1, "berom", date(2025, 5, 2))
    assert cells(org.e1, cutoff=date(2025, 4, 30)) == {"berom": (1, 0, 0)}
    assert cells(org.e1, cutoff=date(2025, 5, 2)) == {"berom": (1, 1, 0)}


def test_feedback_and_actions_count_only_when_dated_on_or_before_the_cutoff(org):
    add(org.e1, "klagomal", date(2025, 3, 1), source="brukare", categories=["bemanning"],
        feedback_on=date(2025, 5, 10), first_action_on=date(2025, 4, 30))
    add(org.e1, "avvikelse", date(2025, 3, 1), identified_by="medarbetare",
        concerns="egen_verksamhet", categories=["avv_annat"], feedback_on=date(2025, 3, 2))
    early = cells(org.e1, cutoff=date(2025, 4, 30))
    assert early["action"] == (1, 0, 0) and "feedback" not in early
    assert cells(org.e1)["feedback"] == (1, 0, 0)  # the avvikelse's feedback is not counted


def test_flags_dated_after_the_year_count_with_a_later_cutoff(org):
    add(org.e1, "klagomal", date(2025, 12, 20), source="brukare", categories=["bemanning"],
        feedback_on=date(2026, 1, 8))
    add(org.e1, "klagomal", date(2026, 1, 2), source="brukare", categories=["bemanning"])
    assert "feedback" not in cells(org.e1)
    assert cells(org.e1, cutoff=date(2026, 1, 8))["feedback"] == (0, 0, 1)
    assert cells(org.e1, cutoff=date(2026, 1, 8))["bemanning"] == (0, 0, 1)


@pytest.mark.usefixtures("stored_before_the_rules")  # avv_bemotande is no klagomål's now
def test_two_categories_of_one_row_count_once_and_other_rows_count_too(org):
    add(org.e1, "klagomal", date(2024, 2, 1), source="brukare",
        categories=["bemotande", "avv_bemotande", "kompetens"])
    assert cells(org.e1, year=2024) == {
        "source_brukare": (1, 0, 0), "bemotande": (1, 0, 0), "kompetens": (1, 0, 0)}


# An anonymous case naming a source is refused now (anonymity is the source "Anonym"), but
# one stored before still counts as anonymous, never under its source.
@pytest.mark.usefixtures("stored_before_the_rules")
def test_anonymous_complaints_count_under_anonym_in_2025_and_annan_before(org):
    add(org.e1, "synpunkt", date(2024, 6, 1), anonymous=True, source="brukare",
        categories=["fraga_ide"])
    add(org.e1, "synpunkt", date(2025, 6, 1), anonymous=True, categories=["fraga_ide"])
    assert cells(org.e1, year=2024)["source_annan"] == (0, 1, 0)
    assert "source_brukare" not in cells(org.e1, year=2024)
    report = {row.label: row.total for row in table(org.e1).rows
              if row.section == "Från vem har klagomål eller synpunkt inkommit?"}
    assert report["Anonym"] == 1 and report["Annan"] == 0
    assert cells(org.e1, year=2024, template=2025)["source_anonym"] == (0, 1, 0)


def test_lex_sarah_notified_to_ivo_counts_when_notified_by_the_cutoff(org):
    add(org.e1, "lex_sarah", date(2025, 3, 10), authority_notified_on=date(2025, 5, 5))
    add(org.e1, "lex_sarah", date(2025, 3, 11))
    assert cells(org.e1, cutoff=date(2025, 5, 4)) == {"lex_sarah_reports": (2, 0, 0)}
    assert cells(org.e1, cutoff=date(2025, 5, 5)) == {
        "lex_sarah_reports": (2, 0, 0), "lex_sarah_ivo": (1, 0, 0)}
    assert cells(org.e1, year=2025, template=2024, cutoff=date(2025, 5, 5)) == {
        "lex_sarah_reports": (2, 0, 0), "lex_sarah_ivo": (1, 0, 0)}


def test_2023_counts_avvikelser_by_who_identified_them_and_by_category(org):
    add(org.e1, "avvikelse", date(2023, 9, 5), identified_by="medarbetare",
        concerns="egen_verksamhet", categories=["avv_utforande"])
    add(org.e1, "avvikelse", date(2023, 9, 6), identified_by="extern",
        concerns="annan_verksamhet", categories=["avv_bemotande"])
    report = table(org.e1, year=2023)
    counted = {(row.section, row.label): row.vb for row in report.rows if row.total}
    source = "Från vem har klagomål, synpunkt eller avvikelser inkommit?"
    what = "Vad gällde klagomålet, synpunkten eller avvikelsen?"
    assert counted == {
        (source, "Medarbetare/verksamhet inom förvaltningen"): 1,
        (source, "Samverkanspart (ex annan förvaltning, Region Stockholm, Polis)"): 1,
        (what, "Brister i rutiner/utförande av insats eller verksamhet"): 1,
        (what, "Bemötande"): 1,
    }
    assert not report.unmapped  # 2023 has no "Vem avser" row, so concerns sorts nothing


def test_2025_personal_data_row_counts_breaches_and_complaints_about_personal_data(org):
    add(org.e1, "personuppgiftsincident", date(2025, 10, 1),
        authority_notified_on=date(2025, 10, 2))
    add(org.e1, "klagomal", date(2025, 10, 3), source="narstaende", categories=["personuppgifter"])
    assert cells(org.e1) == {"personuppgifter": (0, 0, 2), "source_narstaende": (0, 0, 1)}


def test_a_case_is_reported_under_another_years_template_through_the_mapping(org):
    add(org.e1, "klagomal", date(2023, 2, 1), source="medarbetare", categories=["halso_sjukvard"])
    assert cells(org.e1, year=2023) == {
        "source_medarbetare": (1, 0, 0), "halso_sjukvard": (1, 0, 0)}
    assert cells(org.e1, year=2023, template=2025) == {
        "source_annan": (1, 0, 0), "annat": (1, 0, 0)}


def test_status_does_not_matter(org):
    add(org.e1, "berom", date(2025, 1, 2))
    db.session.execute(sa.update(Case).values(status="avslutat", closed_on=date(2025, 1, 3)))
    assert cells(org.e1) == {"berom": (1, 0, 0)}


def test_a_rollup_sums_the_units_of_its_subtree(org):
    add(org.e1, "klagomal", date(2025, 2, 1), source="brukare", categories=["bemanning"])
    add(org.e2, "klagomal", date(2025, 6, 1), source="brukare", categories=["bemanning"],
        feedback_on=date(2025, 6, 2))
    add(org.e3, "klagomal", date(2025, 10, 1), source="brukare", categories=["bemanning"])
    assert cells(org.o1) == {"source_brukare": (1, 1, 0), "bemanning": (1, 1, 0),
                             "feedback": (0, 1, 0)}
    assert cells(org.top)["bemanning"] == (1, 1, 1)
    e1, e2, o1 = (table(node).rows for node in (org.e1, org.e2, org.o1))
    assert [(r.t1, r.t2, r.vb) for r in o1] == [
        (a.t1 + b.t1, a.t2 + b.t2, a.vb + b.vb) for a, b in zip(e1, e2)]


@pytest.mark.usefixtures("stored_before_the_rules")
def test_cases_a_breakdown_cannot_place_are_listed_with_the_reason(org):
    add(org.e1, "lex_maria", date(2025, 2, 1))
    add(org.e1, "klagomal", date(2025, 2, 2))
    add(org.e1, "avvikelse", date(2025, 2, 3), identified_by="extern")
    add(org.e1, "personuppgiftsincident", date(2025, 2, 4))
    add(org.e2, "lex_maria", date(2025, 5, 1))
    assert unmapped(org.e1, cutoff=date(2025, 4, 30)) == [
        ("lex_maria", "template 2025 has no row for lex_maria"),
        ("klagomal", "no category row counts it in template 2025"),
        ("klagomal", "no source row counts it in template 2025"),
        ("avvikelse", "no category row counts it in template 2025"),
        ("avvikelse", "no concerns row counts it in template 2025"),
    ]
    assert ("personuppgiftsincident", "template 2024 has no row for personuppgiftsincident") in (
        unmapped(org.e1, template=2024))
    [first, *_] = table(org.o1).unmapped
    assert (first.number, first.received_on) == ("2025-0001", date(2025, 2, 1))


def test_report_for_resolves_the_node_template_and_cutoff(org):
    report = report_for("O1", 2026)
    assert (report.template, report.unit, report.cutoff) == (2025, "O1", date(2026, 12, 31))
    assert report_for("E1", 2022).template == 2023
    assert report_for("E1", 2025, 2023, date(2025, 4, 30)).template == 2023
    with pytest.raises(UnknownValue, match="unknown template '2019'; accepted: 2023, 2024, 2025"):
        report_for("E1", 2025, 2019)
    with pytest.raises(UnknownValue, match="unknown unit 'NOPE'"):
        report_for("NOPE", 2025)
    with pytest.raises(DomainError, match="before the report year"):
        report_for("E1", 2025, cutoff=date(2024, 12, 31))


#: Tertial edges and the cut-offs used below, so that cases and flags fall on them.
EDGES = [(1, 1), (4, 30), (5, 1), (8, 15), (8, 31), (9, 1), (12, 31)]


def random_cases(rng: random.Random, units, count: int) -> list[dict]:
    """Cases of every type with any combination of keys, many on tertial and cut-off edges."""
    taxonomy = catalogue().taxonomy
    edges = [date(y, m, d) for y in range(2022, 2027) for m, d in EDGES]
    first, span = date(2022, 12, 1), (date(2026, 1, 31) - date(2022, 12, 1)).days

    def some_day(after: date | None = None) -> date:
        day = rng.choice(edges) if rng.random() < 0.3 else first + timedelta(rng.randrange(span))
        return day if after is None or day >= after else after + timedelta(rng.randrange(200))

    def maybe(keys):
        return rng.choice([None, *keys])

    rows = []
    for _ in range(count):
        received_on = some_day()
        rows.append({
            "type": rng.choice(list(CaseType)), "unit_id": rng.choice(units).id,
            "received_on": received_on,
            "categories": rng.sample(list(taxonomy.categories), rng.choice([0, 1, 1, 1, 2, 3])),
            "source": maybe(list(taxonomy.sources)), "anonymous": rng.random() < 0.2,
            "identified_by": maybe(list(taxonomy.identified_by)),
            "concerns": maybe(list(taxonomy.concerns)),
            **{name: rng.choice([None, some_day(received_on)])
               for name in ("feedback_on", "first_action_on", "authority_notified_on")},
            # A withdrawn case (Ångra) is counted nowhere; other statuses do not matter.
            "status": rng.choice(["ny", "pagaende", "avslutad"] * 3 + ["atertaget"]),
        })
    return rows


@pytest.mark.usefixtures("stored_before_the_rules")
@pytest.mark.parametrize("template_year", [2023, 2024, 2025])
def test_every_cell_agrees_with_the_case_by_case_reference(org, template_year):
    bulk_insert_cases(random_cases(random.Random(template_year), [org.e1, org.e2, org.e3], 400))
    template = catalogue().templates[template_year]
    cases = reference.load_cases()
    differences = []
    for year, node in itertools.product([2023, 2024, 2025], [org.top, org.o1]):
        for cutoff in [date(year, 4, 30), date(year, 8, 15), date(year, 12, 31),
                       date(year + 1, 1, 1)]:
            report = count_report(template, node, year, cutoff)
            got = {row.key: [row.t1, row.t2, row.vb] for row in report.rows}
            expected = reference.table(template, cases, node.path, year, cutoff)
            differences += [(year, node.code, cutoff, key, got[key], expected[key])
                            for key in expected if got[key] != expected[key]]
            listed = sorted((case.number, case.reason) for case in report.unmapped)
            if listed != reference.unmapped(template, cases, node.path, year, cutoff):
                differences.append((year, node.code, cutoff, "unmapped"))
    assert differences == []
    assert sum(row.total for row in report.rows) > 100  # the data reached the table


def count_statements(action) -> int:
    executed = []

    def record(*_args):
        executed.append(1)

    sa.event.listen(Engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        sa.event.remove(Engine, "before_cursor_execute", record)
    return len(executed)


@pytest.mark.usefixtures("stored_before_the_rules")
def test_a_report_takes_two_statements_whatever_the_units_and_cases(org):
    template = catalogue().templates[2025]
    bulk_insert_cases(random_cases(random.Random(1), [org.e1], 20))
    small = count_statements(lambda: count_report(template, org.top, 2025, date(2025, 12, 31)))
    units = [factories.node("enhet", parent=org.o2) for _ in range(30)]
    bulk_insert_cases(random_cases(random.Random(2), units, 1500))
    large = count_statements(lambda: count_report(template, org.top, 2025, date(2025, 12, 31)))
    assert small == large == 2


@pytest.mark.usefixtures("stored_before_the_rules")
def test_the_tables_of_many_nodes_are_each_nodes_own_in_three_statements(org):
    template = catalogue().templates[2024]
    units = [org.e1, org.e2, org.e3, *(factories.node("enhet", parent=org.o2) for _ in range(5))]
    bulk_insert_cases(random_cases(random.Random(3), units, 600))
    nodes = db.session.scalars(sa.select(OrgNode).order_by(OrgNode.path)).all()
    for cutoff in (date(2024, 4, 30), date(2024, 12, 31)):
        tables = {}
        statements = count_statements(
            lambda: tables.update(count_reports(template, nodes, 2024, cutoff)))
        assert statements == 3
        assert [tables[node.id] for node in nodes] == [
            count_report(template, node, 2024, cutoff) for node in nodes]
    assert any(table.unmapped for table in tables.values())
    assert sum(row.total for row in tables[org.top.id].rows) > 100
