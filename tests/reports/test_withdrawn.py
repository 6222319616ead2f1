"""A correction and an Ångra seen from the reports: a withdrawn case is counted in no table, no
frozen tertial and no draft text; a correction moves the live table, never a snapshot."""
from datetime import date

import pytest

from casework.cases.corrections import correct_case, withdraw_case
from casework.core.taxonomy import catalogue
from casework.reports import export
from casework.reports.counting import count_report, count_reports
from casework.reports.snapshots import CellChange, compare, take_snapshots
from tests import factories
from tests.reports import reference

T1_END = date(2025, 4, 30)
TEMPLATE = 2025


@pytest.fixture
def org(app_ctx):
    area = factories.node("omrade", "Område 1", code="O1")
    unit = factories.node("enhet", "Aspudden hemtjänst", area, "ASP")
    planner = factories.user("planerare", unit, name="Pia Planerare")
    manager = factories.user("bitradande_enhetschef", unit, name="Bea Biträdande")
    for received_on in (date(2025, 2, 3), date(2025, 6, 9)):
        factories.case(unit, received_on=received_on, source="narstaende",
                       categories=["bemotande"])
    factories.case(unit, "berom", date(2025, 3, 1))
    return {"area": area, "unit": unit, "planner": planner, "manager": manager}


def tables(org) -> dict[str, dict]:
    """Every report the cases reach, as the exports give them: the enhet's and the område's
    year, a tertial's cut-off, and the tertial job's tables of both nodes."""
    template = catalogue().templates[TEMPLATE]
    found = {}
    for name in ("unit", "area"):
        for cutoff in (T1_END, date(2025, 12, 31)):
            found[f"{name} {cutoff}"] = export.to_json(
                count_report(template, org[name], 2025, cutoff))
    for node_id, table in count_reports(template, [org["unit"], org["area"]], 2025,
                                        T1_END).items():
        found[f"job {node_id}"] = export.to_json(table)
    return found


def agrees_with_reference(org) -> bool:
    template = catalogue().templates[TEMPLATE]
    cases = reference.load_cases()
    for node in (org["unit"], org["area"]):
        got = {row.key: [row.t1, row.t2, row.vb]
               for row in count_report(template, node, 2025, date(2025, 12, 31)).rows}
        if got != reference.table(template, cases, node.path, 2025, date(2025, 12, 31)):
            return False
    return True


@pytest.mark.parametrize("case_type, fields", [
    ("klagomal", {"source": "brukare", "categories": ["bemanning"]}),
    ("synpunkt", {"categories": ["fraga_ide"], "source": "anonym"}),
    ("berom", {}),
])
def test_a_withdrawn_case_is_counted_in_no_report(org, case_type, fields):
    before = tables(org)
    case = factories.case(org["unit"], case_type, date(2025, 3, 10), by=org["planner"],
                          **fields)
    registered = tables(org)
    assert registered != before  # the case counts while it stands

    withdraw_case(case, org["planner"])

    assert tables(org) == before
    assert agrees_with_reference(org)
    frozen = take_snapshots(T1_END)
    assert {s.node_id: s.data for s in frozen}[org["unit"].id] == before[f"unit {T1_END}"]


def test_a_correction_moves_the_live_table_and_never_a_snapshot(org):
    snapshot = next(s for s in take_snapshots(T1_END) if s.node_id == org["unit"].id)
    frozen = export.to_json(count_report(catalogue().templates[TEMPLATE], org["unit"], 2025,
                                         T1_END))
    assert snapshot.data == frozen and compare(snapshot) == []
    case = factories.case(org["unit"], received_on=date(2025, 1, 20), categories=["bemotande"],
                          source="narstaende")
    late = compare(snapshot)  # registered after the freeze: the comparison shows it already
    case_changes = set(late)

    correct_case(case, case.version, org["manager"], categories=["kompetens"])

    assert snapshot.data == frozen  # the snapshot is as frozen
    section = next(r["section"] for r in frozen["rows"] if r["label"] == "Kompetens")
    changes = set(compare(snapshot))
    assert CellChange(section, "Kompetens", "t1", 0, 1) in changes
    assert CellChange(section, "Bemötande", "t1", 1, 2) in case_changes
    assert CellChange(section, "Bemötande", "t1", 1, 2) not in changes  # moved to Kompetens
    assert agrees_with_reference(org)
