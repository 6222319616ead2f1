"""Issue 11.8: the report table's text column is case content. Its saved texts and drafts quote
closing summaries, so only those who may read every case of the node read them, on the page and
in every download; the figures are for every report reader. The world is the matrix's."""
import json
from datetime import date

import pytest
import sqlalchemy as sa

from casework.access.policy import REPORT_NOTE_ROLES, RULES, Action, reads_report_notes
from casework.cases.models import CaseType
from casework.cases.services import bulk_insert_cases
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.organisation.models import OrgNode
from casework.reports.notes import save_notes
from casework.reports.snapshot_models import ReportSnapshot
from casework.reports.snapshots import take_snapshots
from tests.access.matrix import build_world
from tests.access.test_matrix import signed_in
from tests.documents import csv_rows, docx_text, pdf_text, xlsx_text

SAVED = "markorSparadText"  # ASCII, as the PDF streams are searched
DRAFTED = "markorUtkast"
RELATIVE = "Närstående (anhörig, god man etc.)"
#: Who reads A's table, and whether they read its text column.
READERS = {"bitr_a": True, "enhetschef_a": True, "omradeschef": True, "mas": False,
           "admin": False}
TABLE = "node={A.code}&year=2025"
DOCUMENTS = {"xlsx": xlsx_text, "docx": docx_text, "pdf": pdf_text}


@pytest.fixture
def world(app_ctx):
    """The matrix's world, with a closed complaint in A whose summary drafts the row
    "Närstående" and a saved text on another row of A's table."""
    world = build_world(snapshots=False)
    unit = db.session.get(OrgNode, world.refs["A"].id)
    bulk_insert_cases([{"type": CaseType.KLAGOMAL, "unit_id": unit.id,
                        "received_on": date(2025, 2, 3), "source": "narstaende",
                        "categories": ["bemotande"], "description": "Ny kontaktman.",
                        "closed_on": date(2025, 3, 1),
                        "closing_summary": f"Brukaren Anna fick ny kontaktman ({DRAFTED})."}])
    template = catalogue().templates[2025]
    praise = next(row.key for _, row in template.rows() if row.label == "Beröm")
    save_notes(unit, 2025, template, {praise: f"Tack till personalen ({SAVED})."},
               world.users["enhetschef_a"], {})
    db.session.commit()
    return world


#: The nodes whose text column each persona reads: the managers' and the områdeschef's.
READS_TEXT = {"bitr_a": {"A"}, "bitr_b": {"B"}, "enhetschef_a": {"A"},
              "omradeschef": {"O", "A", "B"}}


def test_who_reads_the_text_column_is_who_reads_every_case_type_of_the_node(world):
    for persona, user in world.users.items():
        if user is None:
            continue
        for key, ref in world.refs.items():
            node = db.session.get(OrgNode, ref.id)
            assert reads_report_notes(user, node) is (key in READS_TEXT.get(persona, ())), (
                persona, key)


def test_every_role_that_writes_the_column_reads_every_case_type():
    for role in REPORT_NOTE_ROLES:
        assert RULES[role][Action.VIEW] == frozenset(CaseType), role


@pytest.mark.parametrize("persona, reads", READERS.items())
def test_the_page_shows_the_text_and_drafts_to_readers_of_every_case_only(
        app, world, persona, reads):
    page = signed_in(app, world, persona).get(world.url(f"/reports?{TABLE}"))

    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert (SAVED in body) is reads
    assert (DRAFTED in body) is (persona in ("enhetschef_a", "omradeschef"))  # its writers
    assert ("visas bara för den som får läsa alla ärenden" in body) is not reads
    assert "1 st" in body  # the figures, for every reader


@pytest.mark.parametrize("persona, reads", READERS.items())
def test_every_download_carries_the_text_to_readers_of_every_case_only(
        app, world, persona, reads):
    client = signed_in(app, world, persona)

    def download(name: str):
        response = client.get(world.url(f"/reports/download?{TABLE}&format={name}"))
        assert response.status_code == 200, name
        return response

    rows = [list(row.values()) for row in csv_rows(download("csv").get_data())]
    data = json.loads(download("json").get_data(as_text=True))
    assert any(SAVED in row[-1] for row in rows) is reads
    assert any(SAVED in row["note"] for row in data["rows"]) is reads
    assert {row[1]: row[5] for row in rows}[RELATIVE] == "1"  # figures for all
    assert {row["label"]: row["total"] for row in data["rows"]}[RELATIVE] == 1
    for name, text_of in DOCUMENTS.items():
        text = text_of(download(name).data)
        assert (SAVED in text) is reads, name
        assert DRAFTED not in text, name  # a draft is only ever offered on the page


@pytest.mark.parametrize("persona", ["enhetschef_a", "admin"])
def test_snapshots_freeze_the_figures_and_no_text(app, world, persona):
    """Snapshot downloads and the compare page carry no text column at all, so they need no
    reader check of their own; this fails if a snapshot ever freezes one."""
    take_snapshots(date(2025, 8, 31))
    db.session.commit()
    snapshot = db.session.scalars(sa.select(ReportSnapshot).where(
        ReportSnapshot.node_id == world.refs["A"].id)).one()
    assert {row["note"] for row in snapshot.data["rows"]} == {""}
    client = signed_in(app, world, persona)
    for path in (f"/reports/snapshots/{snapshot.id}.json", f"/reports/snapshots/{snapshot.id}.csv",
                 f"/reports/snapshots/{snapshot.id}/compare"):
        response = client.get(path)
        assert response.status_code == 200 and SAVED not in response.get_data(as_text=True)
