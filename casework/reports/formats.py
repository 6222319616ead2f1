"""The report table as xlsx, docx, PDF and CSV, laid out like the table in a verksamhetsberättelse.

Each file has the title, the unit, year, template and cut-off above the table; the columns
Uppdelning, Klagomål/synpunkter/kategorier, Utfall T1, T2, VB, Totalt ack. Utfall and the
template's text column; each section's title once, over its rows (merged cells); a bold header
row; borders. Figures carry "st" and zero is an empty cell, as in the seeds. In xlsx a figure is
a number formatted ``0 "st"``, so that it can still be summed, and every cell is written through
``inert``, so that no text becomes a formula. Cases that no row can place are named below the
table. The CSV is the table's rows alone (casework.core.spreadsheets), under the same headers,
its figures plain numbers.
"""
import io
from dataclasses import dataclass
from itertools import groupby
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from casework.core.spreadsheet_safety import inert
from casework.core.spreadsheets import csv_bytes
from casework.core.taxonomy import catalogue
from casework.organisation.services import node_by_code
from casework.reports.model import ReportRow, ReportTable

TITLE = "Redovisning av synpunkter och klagomål"
FIGURE_COLUMNS = ("Utfall T1", "Utfall T2", "Utfall VB", "Totalt ack. Utfall")

@dataclass(frozen=True)
class Heading:
    """What the table itself does not say: the node's name and the template's text column."""

    unit_name: str
    text_column: str


def heading_for(table: ReportTable) -> Heading:
    """The heading from the database and the catalogue (needs an app context)."""
    return Heading(node_by_code(table.unit).name, catalogue().templates[table.template].text_column)


def columns(heading: Heading) -> tuple[str, ...]:
    return ("Uppdelning", "Klagomål/synpunkter/kategorier", *FIGURE_COLUMNS, heading.text_column)


def sections(table: ReportTable) -> list[tuple[str, list[ReportRow]]]:
    """The rows grouped by section, in template order."""
    return [(title, list(rows)) for title, rows in groupby(table.rows, lambda r: r.section)]


def figures(row: ReportRow) -> tuple[int, int, int, int]:
    return row.t1, row.t2, row.vb, row.total


def figure(value: int) -> str:
    """A cell as the annual reports write it: "3 st", and nothing for zero."""
    return f"{value} st" if value else ""


def preamble(table: ReportTable, heading: Heading) -> list[str]:
    return [f"Enhet: {heading.unit_name} ({table.unit})", f"År: {table.year}",
            f"Mall: {table.template}", f"Brytdatum: {table.cutoff.isoformat()}"]


def unmapped_line(table: ReportTable) -> str | None:
    numbers = list(dict.fromkeys(case.number for case in table.unmapped))
    if not numbers:
        return None
    return (f"Ärenden som ingen rad i mallen kan placera: {len(numbers)} st "
            f"({', '.join(numbers)})")


def to_xlsx(table: ReportTable, heading: Heading) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"Redovisning {table.year}"
    _append(sheet, [TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in preamble(table, heading):
        _append(sheet, [line])
    _append(sheet, [])
    _append(sheet, columns(heading))
    header = sheet.max_row
    thin = Side(style="thin")
    for title, rows in sections(table):
        first = sheet.max_row + 1
        for row in rows:
            _append(sheet, [title if row is rows[0] else None, row.label,
                            *(value or None for value in figures(row)), row.note or None])
        if len(rows) > 1:
            sheet.merge_cells(start_row=first, end_row=sheet.max_row, start_column=1, end_column=1)
        sheet.cell(first, 1).font = Font(bold=True)
    for line in sheet.iter_rows(min_row=header, max_row=sheet.max_row, max_col=7):
        for cell in line:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if 3 <= cell.column <= 6 and cell.row > header:
                cell.number_format = '0 "st"'
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (34, 48, 10, 10, 10, 12, 40)):
        sheet.column_dimensions[letter].width = width
    if line := unmapped_line(table):
        _append(sheet, [])
        _append(sheet, [line])
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(table: ReportTable, heading: Heading) -> bytes:
    return csv_bytes(columns(heading), ((row.section, row.label, *figures(row), row.note)
                                        for row in table.rows))


def _append(sheet, values) -> None:
    """Append a row of ``values``, each cell written through ``inert``."""
    sheet.append([inert(value, Cell(sheet)) for value in values])


def to_docx(table: ReportTable, heading: Heading) -> bytes:
    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, margin, Cm(1.5))
    document.add_heading(TITLE, level=1)
    for line in preamble(table, heading):
        document.add_paragraph(line)
    grid = document.add_table(rows=1, cols=7)
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, columns(heading)):
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(grid.rows[0])
    for title, rows in sections(table):
        first = len(grid.rows)
        for row in rows:
            cells = grid.add_row().cells
            for cell, text in zip(cells[1:], (row.label, *map(figure, figures(row)), row.note)):
                cell.text = text
        top = grid.cell(first, 0)
        if len(rows) > 1:
            top = top.merge(grid.cell(len(grid.rows) - 1, 0))
        top.paragraphs[0].add_run(title).bold = True
    for line in grid.rows:
        for cell in line.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    if line := unmapped_line(table):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _repeat_header(row) -> None:
    """Mark a Word table row as a header row, repeated at the top of each page."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def to_pdf(table: ReportTable, heading: Heading) -> bytes:
    """A4 landscape, so that the seven columns fit; the header row repeats on every page."""
    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    bold = cell.clone("bold", fontName="Helvetica-Bold")
    data = [[Paragraph(escape(text), bold) for text in columns(heading)]]
    spans = []
    for title, rows in sections(table):
        first = len(data)
        for row in rows:
            data.append([Paragraph(escape(title), bold) if row is rows[0] else "",
                         Paragraph(escape(row.label), cell), *map(figure, figures(row)),
                         Paragraph(escape(row.note), cell)])
        spans.append(("SPAN", (0, first), (0, len(data) - 1)))
    # 26.2 cm: the 26.7 cm between the margins less the frame's padding.
    grid = Table(data, colWidths=[5 * cm, 7.4 * cm, 1.7 * cm, 1.7 * cm, 1.7 * cm, 2.2 * cm,
                                  6.5 * cm], repeatRows=1)
    grid.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        *spans,
    ]))
    story = [Paragraph(TITLE, styles["Title"]),
             *(Paragraph(escape(line), styles["Normal"]) for line in preamble(table, heading)),
             Spacer(0, 0.4 * cm), grid]
    if line := unmapped_line(table):
        story += [Spacer(0, 0.4 * cm), Paragraph(escape(line), styles["Normal"])]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=landscape(A4), title=TITLE, author="casework",
                      leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                      topMargin=1.5 * cm, bottomMargin=1.5 * cm).build(story)
    return out.getvalue()


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "docx": to_docx, "pdf": to_pdf}
#: The formats that are no text for a terminal.
BINARY = ("xlsx", "docx", "pdf")
