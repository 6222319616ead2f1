"""Issue 11.5: no csv or xlsx the app writes carries a formula. Every writer is found in the
source and checked with text that a spreadsheet would take as a formula; docx, PDF and JSON keep
the text as typed."""
import csv
import io
import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl import Workbook

import casework
from casework.auth.models import Role
from casework.cases.models import CaseType
from casework.cases.services import bulk_insert_cases
from casework.core.extensions import db
from casework.core.spreadsheet_safety import inert
from casework.core.taxonomy import catalogue
from casework.reports.notes import save_notes
from casework.reports.snapshot_models import ReportSnapshot
from casework.trail.models import AuditEvent
from tests import factories
from tests.documents import csv_rows, pdf_text

#: Notes that start a formula in Excel, LibreOffice or Google Sheets.
FORMULAS = ('=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\t=1", "\r=1")
PLAIN = ("Ny rutin: 2 st", "", "1+1", "'redan citerad")
SOURCE = Path(casework.__file__).parent
#: The modules that write csv or xlsx, and the tests below that prove each inert.
WRITERS = {
    "core/spreadsheets.py": ("test_report_and_snapshot_csv_downloads_and_the_cli_are_inert",
                             "test_the_audit_export_is_inert",
                             "test_the_case_list_export_is_inert"),
    "reports/formats.py": ("test_the_xlsx_download_writes_text_cells_and_never_a_formula",),
    "cases/import_template.py": ("test_the_import_template_is_inert",),
}
WRITER_CALL = re.compile(r"csv\.(writer|DictWriter)\(|Workbook\(|\.to_excel\(|xlsxwriter|xlwt")


def test_every_csv_and_xlsx_writer_is_listed_and_writes_through_inert():
    """A new writer fails here until it writes through ``inert`` and has its test above."""
    found = {str(path.relative_to(SOURCE)) for path in SOURCE.rglob("*.py")
             if WRITER_CALL.search(path.read_text(encoding="utf-8"))}
    assert found == WRITERS.keys()
    for module, tests in WRITERS.items():
        text = (SOURCE / module).read_text(encoding="utf-8")
        assert "from casework.core.spreadsheet_safety import inert" in text, module
        # Each row is made of inert cells: a CSV row maps them, an xlsx row is formats._append.
        for row in re.findall(r"\.writerow\((.*)", text):
            assert row.startswith(("map(inert", "inert(", "CSV_COLUMNS")), f"{module}: {row}"
        assert text.count("sheet.append(") == (module == "reports/formats.py"), module
        assert all(name in globals() for name in tests)


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_text_gets_an_apostrophe_in_csv(text):
    assert inert(text) == "'" + text


@pytest.mark.parametrize("value", [*PLAIN, 0, 7, -2, None])
def test_other_text_numbers_and_blanks_stay_as_they_are(value):
    assert inert(value) == value


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_text_is_a_quoted_text_cell_in_xlsx(text):
    sheet = Workbook().active
    cell = inert(text, sheet.cell(1, 1))
    number = inert(-2, sheet.cell(1, 2))
    out = io.BytesIO()
    sheet.parent.save(out)

    read = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert (cell.data_type, read["A1"].data_type, read["A1"].value) == ("s", "s", text)
    assert read["A1"].quotePrefix
    assert (number.data_type, read["B1"].value) == ("n", -2)


def test_a_control_character_xlsx_cannot_hold_is_shown_as_a_replacement_character():
    sheet = Workbook().active
    inert("Rad ett\vrad två", sheet.cell(1, 1))
    out = io.BytesIO()
    sheet.parent.save(out)  # openpyxl refused the vertical tab before

    assert openpyxl.load_workbook(io.BytesIO(out.getvalue())).active["A1"].value == (
        "Rad ett\ufffdrad två")


# The writers, end to end


@pytest.fixture
def org(app_ctx):
    """Enhet ASP in område O1, with a complaint in each row that the notes are written on."""
    unit = factories.node("enhet", "Aspudden hemtjänst", factories.node("omrade", "Område 1",
                                                                        code="O1"), "ASP")
    bulk_insert_cases([{"type": CaseType.KLAGOMAL, "unit_id": unit.id,
                        "received_on": date(2025, 2, 3), "source": "narstaende",
                        "categories": ["bemotande"], "description": "Personalen var otrevlig."}])
    return unit


@pytest.fixture
def notes(org) -> dict[tuple[str, str], str]:
    """(section, label) → note: each formula on a row of its own, saved as typed (no form to
    tidy it)."""
    rows = list(catalogue().templates[2025].rows())[:len(FORMULAS)]
    save_notes(org, 2025, catalogue().templates[2025],
               {row.key: text for (_, row), text in zip(rows, FORMULAS)},
               factories.user(Role.ENHETSCHEF, org), {})
    db.session.commit()
    return {(section.title, row.label): text for (section, row), text in zip(rows, FORMULAS)}


def chief(client, org):
    factories.log_in(client, factories.user(Role.ENHETSCHEF, org))
    return client


def download(client, name: str):
    response = client.get(f"/reports/download?node=ASP&year=2025&format={name}")
    assert response.status_code == 200
    return response


def csv_notes(content: bytes) -> dict[tuple[str, str], str]:
    """(section, label) → the text column, the last."""
    return {(row["Uppdelning"], row["Klagomål/synpunkter/kategorier"]): list(row.values())[-1]
            for row in csv_rows(content)}


def test_report_and_snapshot_csv_downloads_and_the_cli_are_inert(client, cli, org, notes):
    chief(client, org)
    report = csv_notes(download(client, "csv").get_data())
    assert {label: report[label] for label in notes} == {
        label: "'" + text for label, text in notes.items()}
    assert report["Beröm", "Beröm"] == ""

    frozen = ReportSnapshot(node_id=org.id, year=2025, tertial=1, template=2025,
                            cutoff_on=date(2025, 4, 30),
                            data=json.loads(download(client, "json").get_data(as_text=True)))
    db.session.add(frozen)
    db.session.commit()
    snapshot = client.get(f"/reports/snapshots/{frozen.id}.csv")
    assert csv_notes(snapshot.get_data()) == report

    result = cli.invoke(args=["report", "--unit", "ASP", "--year", "2025", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert csv_notes(result.stdout_bytes) == report


def test_the_xlsx_download_writes_text_cells_and_never_a_formula(client, org, notes):
    chief(client, org)
    sheet = openpyxl.load_workbook(io.BytesIO(download(client, "xlsx").data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    rows = list(sheet.iter_rows(values_only=False))
    header = next(i for i, row in enumerate(rows) if row[0].value == "Uppdelning")
    written = [cell for row in rows[header + 1:header + 1 + len(FORMULAS)] for cell in row[6:7]]
    assert [(c.data_type, c.value, c.quotePrefix) for c in written] == [
        ("s", text, True) for text in notes.values()]
    figures = [row[5] for row in rows[header + 1:] if row[5].value is not None]
    assert figures and all(cell.data_type == "n" for cell in figures)  # numbers stay numbers


def test_docx_pdf_and_json_keep_the_text_as_typed(client, org, notes):
    chief(client, org)
    rows = {(row["section"], row["label"]): row["note"]
            for row in json.loads(download(client, "json").get_data(as_text=True))["rows"]}
    assert {key: rows[key] for key in notes} == notes

    [grid] = docx.Document(io.BytesIO(download(client, "docx").data)).tables
    typed = [text.replace("\r", "\n") for text in notes.values()]  # Word's line break
    assert [row.cells[6].text for row in grid.rows[1:len(FORMULAS) + 1]] == typed

    pdf = pdf_text(download(client, "pdf").data)
    for text in ("=HYPERLINK\\(", "(+1)", "(-2)", "(@SUM\\(A1\\))", "(=1)"):
        assert text in pdf, text
    assert "'=" not in pdf and "'+" not in pdf


def test_the_audit_export_is_inert(client, org):
    db.session.add_all(AuditEvent(action=text, roles="", unit_id=org.id, detail={},
                                  at=datetime(2025, 3, 17, tzinfo=timezone.utc))
                       for text in FORMULAS)
    db.session.commit()
    factories.log_in(client, factories.user(Role.ENHETSCHEF, org))

    rows = csv_rows(client.get("/audit/export.csv").get_data())
    assert sorted(row["Händelse"] for row in rows) == sorted("'" + text for text in FORMULAS)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/audit/export.xlsx").data)).active
    cells = [row[3] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == sorted(FORMULAS)
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_the_case_list_export_is_inert(app_ctx):
    """Every text column of the case list's files (a description, a unit or handler name, a
    category) is written through ``inert``; the views' tests post the list for real."""
    from casework.cases.list_export import to_csv, to_xlsx
    from casework.cases.queries import ExportedCase, ListedCase

    rows = [ExportedCase(ListedCase(1, "2025-0001", CaseType.KLAGOMAL, "ny", date(2025, 3, 4),
                                    None, None, None, text, text, False, None, [text]), text)
            for text in FORMULAS]

    lines = list(csv.reader(io.StringIO(to_csv(rows).decode("utf-8-sig")), delimiter=";"))
    for line, text in zip(lines[1:], FORMULAS):
        assert [line[i] for i in (3, 5, 6, 7)] == ["'" + text] * 4
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(rows))).active
    for row, text in zip(sheet.iter_rows(min_row=2), FORMULAS):
        for cell in (row[3], row[5], row[6], row[7]):
            assert cell.value == text and cell.data_type == "s" and cell.quotePrefix


def test_the_import_template_is_inert(app_ctx):
    """The template's texts are the app's own, but its lists are the report templates' labels,
    which an admin may have written starting with a sign."""
    from casework.cases.import_template import template_xlsx

    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(catalogue(), 2025, "=ASP")))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row
             if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    [unit] = [cell for cell in cells if cell.value == "=ASP"]
    assert unit.quotePrefix
