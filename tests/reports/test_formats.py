"""The xlsx, docx and PDF exports: opened again and checked for content and layout."""
import io
import re
from datetime import date

import docx
import openpyxl
import pytest
from reportlab.lib.pagesizes import A4, landscape

from casework.reports import formats
from casework.reports.model import ReportRow, ReportTable, Unmapped
from tests import factories
from tests.documents import pdf_text

SOURCE = "Från vem har klagomål eller synpunkt inkommit?"
HEADING = formats.Heading("Aspudden hemtjänst", "Bedömning och planerade åtgärder")
COLUMNS = ["Uppdelning", "Klagomål/synpunkter/kategorier", "Utfall T1", "Utfall T2",
           "Utfall VB", "Totalt ack. Utfall", "Bedömning och planerade åtgärder"]


def make_table(extra_rows: int = 0) -> ReportTable:
    rows = [ReportRow("Beröm", "Beröm", "berom", t1=3, vb=1),
            ReportRow(SOURCE, "Anonym", "source_anonym", t2=1),
            ReportRow(SOURCE, "Brukare/patient", "source_brukare")]
    rows += [ReportRow(f"Övrigt {n // 10}", f"Rad {n}", f"rad{n}", t1=n)
             for n in range(extra_rows)]
    return ReportTable(2025, "ASP", 2025, date(2025, 12, 31), tuple(rows),
                       (Unmapped("2025-0007", "lex_maria", date(2025, 6, 1), "no row"),))


def test_xlsx_has_the_heading_a_bold_bordered_header_and_merged_sections():
    sheet = openpyxl.load_workbook(io.BytesIO(formats.to_xlsx(make_table(), HEADING))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Redovisning av synpunkter och klagomål"
    assert [row[0] for row in values[1:5]] == [
        "Enhet: Aspudden hemtjänst (ASP)", "År: 2025", "Mall: 2025", "Brytdatum: 2025-12-31"]
    header = values.index(COLUMNS) + 1
    assert all(cell.font.bold and cell.border.top.style == "thin" for cell in sheet[header])
    body = values[header:header + 3]
    assert body == [
        ["Beröm", "Beröm", 3, None, 1, 4, None],
        [SOURCE, "Anonym", None, 1, None, 1, None],
        [None, "Brukare/patient", None, None, None, None, None],
    ]
    assert sheet.cell(header + 1, 3).number_format == '0 "st"'
    assert f"A{header + 2}:A{header + 3}" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.cell(header + 2, 1).font.bold
    assert values[-1][0] == "Ärenden som ingen rad i mallen kan placera: 1 st (2025-0007)"


def test_docx_is_a_landscape_a4_grid_with_st_figures_and_merged_sections():
    document = docx.Document(io.BytesIO(formats.to_docx(make_table(), HEADING)))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "Redovisning av synpunkter och klagomål"
    assert "Enhet: Aspudden hemtjänst (ASP)" in text and "Brytdatum: 2025-12-31" in text
    assert text[-1] == "Ärenden som ingen rad i mallen kan placera: 1 st (2025-0007)"
    page = document.sections[0]
    assert (round(page.page_width.cm, 1), round(page.page_height.cm, 1)) == (29.7, 21.0)
    [grid] = document.tables
    assert grid.style.name == "Table Grid"
    assert [c.text for c in grid.rows[0].cells] == COLUMNS
    assert all(run.bold for c in grid.rows[0].cells for run in c.paragraphs[0].runs)
    assert "w:tblHeader" in grid.rows[0]._tr.xml
    assert [c.text for c in grid.rows[1].cells] == [
        "Beröm", "Beröm", "3 st", "", "1 st", "4 st", ""]
    assert [c.text for c in grid.rows[2].cells][1:4] == ["Anonym", "", "1 st"]
    assert grid.cell(2, 0)._tc is grid.cell(3, 0)._tc  # one merged cell for the section
    assert grid.cell(3, 0).text == SOURCE


@pytest.mark.parametrize("extra_rows", [0, 80])
def test_pdf_is_a4_landscape_and_repeats_the_header_on_every_page(extra_rows):
    content = formats.to_pdf(make_table(extra_rows), HEADING)
    assert content.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", content)
    width, height = landscape(A4)
    pages = len(boxes)
    assert pages >= (2 if extra_rows else 1)
    assert all((round(float(w)), round(float(h))) == (round(width), round(height))
               for w, h in boxes)
    text = pdf_text(content)
    assert text.count("(Uppdelning)") == pages
    assert "(Anonym)" in text and "(3 st)" in text
    assert ("(Rad 79)" in text) == bool(extra_rows)


def test_the_cli_writes_binary_formats_to_out_only(cli, app_ctx, tmp_path):
    factories.node("enhet", "Aspudden hemtjänst", code="ASP")
    out = tmp_path / "redovisning.xlsx"
    result = cli.invoke(args=["report", "--unit", "ASP", "--year", "2025", "--format", "xlsx",
                              "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A2"].value == "Enhet: Aspudden hemtjänst (ASP)"
    refused = cli.invoke(args=["report", "--unit", "ASP", "--year", "2025", "--format", "pdf"])
    assert refused.exit_code == 2 and "--format pdf is binary: give --out PATH" in refused.output
