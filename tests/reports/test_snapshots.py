"""Frozen tertial tables: taken once per node, compared with now, listed and downloaded."""
import re
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from casework.cases.models import CaseType
from casework.cases.services import bulk_insert_cases
from casework.core.errors import DomainError
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.reports import export
from casework.reports.counting import count_report
from casework.reports.snapshot_models import ReportSnapshot
from casework.reports.snapshots import CellChange, compare, table_of, take_snapshots
from casework.trail.models import AuditEvent
from tests import factories
from tests.documents import csv_rows, xlsx_text
from tests.pages import inline_scripts

T1_END = date(2025, 4, 30)
COMPLAINT = {"type": CaseType.KLAGOMAL, "received_on": date(2025, 2, 3), "source": "narstaende",
             "categories": ["bemotande"], "description": "Personalen var otrevlig."}
RELATIVE = "Närstående (anhörig, god man etc.)"


@pytest.fixture
def org(app_ctx):
    """Område O1 with enheter ASP (a complaint in T1, a praise in T2) and E2; O2 with E3."""
    o1 = factories.node("omrade", "Område 1", code="O1")
    asp = factories.node("enhet", "Aspudden hemtjänst", o1, "ASP")
    factories.node("enhet", "Enhet 2", o1, "E2")
    e3 = factories.node("enhet", "Enhet 3", factories.node("omrade", "Område 2", code="O2"), "E3")
    bulk_insert_cases([
        {**COMPLAINT, "unit_id": asp.id},
        {"type": CaseType.BEROM, "unit_id": asp.id, "received_on": date(2025, 6, 1)},
    ])
    return {"o1": o1, "asp": asp, "e3": e3}


def snapshot_of(code: str) -> ReportSnapshot:
    return db.session.scalars(sa.select(ReportSnapshot).join(ReportSnapshot.node)
                              .where(sa.text("org_nodes.code = :code")).params(code=code)).one()


def row(data: dict, label: str) -> dict:
    return next(r for r in data["rows"] if r["label"] == label)


def test_every_node_gets_its_table_as_of_the_tertial_end(org):
    created = take_snapshots(T1_END)
    assert sorted(s.node.code for s in created) == ["ASP", "E2", "E3", "O1", "O2"]
    template = catalogue().template_for(2025)
    for snapshot in created:
        assert (snapshot.year, snapshot.tertial, snapshot.template, snapshot.cutoff_on) == (
            2025, 1, template.year, T1_END)
        assert snapshot.data == export.to_json(count_report(template, snapshot.node, 2025, T1_END))
    assert row(snapshot_of("O1").data, RELATIVE)["t1"] == 1
    assert row(snapshot_of("ASP").data, "Beröm")["total"] == 0  # received after the cut-off
    assert row(snapshot_of("E3").data, RELATIVE)["t1"] == 0


def test_running_twice_creates_nothing_twice_but_covers_a_new_node(org):
    assert len(take_snapshots(T1_END)) == 5
    assert take_snapshots(T1_END) == []
    factories.node("enhet", "Ny enhet", org["o1"], "NY")
    assert [s.node.code for s in take_snapshots(T1_END)] == ["NY"]
    assert db.session.scalar(sa.select(sa.func.count(ReportSnapshot.id))) == 6


def test_the_database_refuses_a_second_snapshot_of_a_period(org):
    first = take_snapshots(T1_END)[0]
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(ReportSnapshot(node_id=first.node_id, year=2025, tertial=1,
                                      template=first.template, cutoff_on=T1_END, data={}))


def test_a_day_that_ends_no_tertial_is_refused(org):
    with pytest.raises(DomainError):
        take_snapshots(date(2025, 5, 1))


def test_the_frozen_table_reads_back_as_the_same_export(org):
    snapshot = take_snapshots(date(2025, 8, 31))[0]
    assert export.to_json(table_of(snapshot)) == snapshot.data


def test_compare_names_the_cells_a_late_case_changed(org):
    take_snapshots(T1_END)
    assert compare(snapshot_of("ASP")) == []
    bulk_insert_cases([{**COMPLAINT, "unit_id": org["asp"].id, "received_on": date(2025, 4, 29)},
                       {**COMPLAINT, "unit_id": org["asp"].id, "received_on": date(2025, 5, 2)}])
    changes = compare(snapshot_of("O1"))
    section = row(snapshot_of("O1").data, RELATIVE)["section"]
    assert CellChange(section, RELATIVE, "t1", 1, 2) in changes
    assert CellChange(section, RELATIVE, "total", 1, 2) in changes
    assert {c.column for c in changes} == {"t1", "total"}
    assert compare(snapshot_of("E3")) == []


def signed_in(client, role, unit):
    factories.log_in(client, factories.user(role, unit))
    return client


def test_the_list_shows_the_snapshots_of_readable_nodes_only(client, org):
    take_snapshots(T1_END)
    page = signed_in(client, "omradeschef", org["o1"]).get("/reports/snapshots")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Ögonblicksbilder 2025" in text
    assert re.findall(r'<th scope="row">[^<]*\((\w+)\)</th>', text) == ["ASP", "E2", "O1"]
    assert "Jämför med nu" in text
    assert not inline_scripts(text) and "style=" not in text


def test_no_snapshots_yet_says_so(client, org):
    text = signed_in(client, "enhetschef", org["asp"]).get("/reports/snapshots").get_data(
        as_text=True)
    assert "Det finns inga ögonblicksbilder ännu" in text


def test_downloads_are_the_frozen_json_and_its_csv(client, org):
    take_snapshots(T1_END)
    snapshot = snapshot_of("ASP")
    signed_in(client, "enhetschef", org["asp"])
    as_json = client.get(f"/reports/snapshots/{snapshot.id}.json")
    assert as_json.status_code == 200 and as_json.json == snapshot.data
    assert "redovisning-ASP-2025-T1.json" in as_json.headers["Content-Disposition"]
    as_csv = client.get(f"/reports/snapshots/{snapshot.id}.csv")
    assert as_csv.mimetype == "text/csv"
    rows = csv_rows(as_csv.get_data())
    figures = ("Utfall T1", "Utfall T2", "Utfall VB", "Totalt ack. Utfall")
    row = next(r for r in rows if r["Klagomål/synpunkter/kategorier"] == RELATIVE)
    assert [row[name] for name in figures] == ["1", "0", "0", "1"]
    as_xlsx = client.get(f"/reports/snapshots/{snapshot.id}.xlsx")
    assert "redovisning-ASP-2025-T1.xlsx" in as_xlsx.headers["Content-Disposition"]
    assert RELATIVE in xlsx_text(as_xlsx.get_data())
    actions = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.unit_id == snapshot.node_id)).all()
    assert actions == ["snapshot_download"] * 3


def test_the_compare_page_lists_changed_cells_in_swedish(client, org):
    take_snapshots(T1_END)
    bulk_insert_cases([{**COMPLAINT, "unit_id": org["asp"].id}])
    snapshot = snapshot_of("ASP")
    page = signed_in(client, "enhetschef", org["asp"]).get(
        f"/reports/snapshots/{snapshot.id}/compare")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"ändrats sedan ögonblicksbilden: {len(compare(snapshot))} st" in text
    assert re.search(rf'<th scope="row">{re.escape(RELATIVE)}</th>\s*<td>Utfall T1</td>\s*'
                     r'<td[^>]*>1 st</td>\s*<td[^>]*>2 st</td>', text)
    assert not inline_scripts(text) and "style=" not in text


def test_a_snapshot_out_of_reach_is_404(client, org):
    take_snapshots(T1_END)
    signed_in(client, "enhetschef", org["asp"])
    for path in (f"/reports/snapshots/{snapshot_of('E3').id}.json",
                 f"/reports/snapshots/{snapshot_of('O1').id}/compare",
                 "/reports/snapshots/999999.csv"):
        assert client.get(path).status_code == 404


def test_a_user_without_a_report_role_is_403(client, org):
    signed_in(client, "planerare", org["asp"])
    assert client.get("/reports/snapshots").status_code == 403


def test_the_cli_takes_a_period_once(cli, org):
    result = cli.invoke(args=["report-snapshot", "--period-end", "2025-04-30"])
    assert result.exit_code == 0, result.output
    assert result.output == "5 snapshots taken for T1 2025 (cut-off 2025-04-30)\n"
    again = cli.invoke(args=["report-snapshot", "--period-end", "2025-04-30"])
    assert again.output.startswith("0 snapshots taken")


def test_the_cli_refuses_a_day_that_ends_no_tertial(cli, org):
    result = cli.invoke(args=["report-snapshot", "--period-end", "2025-05-01"])
    assert result.exit_code == 1
    assert "not the last day of a tertial" in result.output
