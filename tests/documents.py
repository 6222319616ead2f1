"""The text of the files the app writes, read back for tests: PDF, xlsx, docx and CSV."""
import base64
import csv
import io
import re
import zlib

import docx
import openpyxl


def pdf_text(content: bytes) -> str:
    """The page streams, which reportlab writes ASCII85- and Flate-encoded."""
    streams = re.findall(rb"/ASCII85Decode /FlateDecode .*?stream\r?\n(.*?)~>", content, re.S)
    return "\n".join(zlib.decompress(base64.a85decode(s)).decode("latin-1") for s in streams)


def xlsx_text(content: bytes) -> str:
    """Every cell's text, one per line."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return "\n".join(str(value) for row in sheet.iter_rows(values_only=True)
                     for value in row if value is not None)


def docx_text(content: bytes) -> str:
    """The paragraphs and the tables' cells, one per line."""
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def csv_rows(content: bytes) -> list[dict[str, str]]:
    """The rows of a CSV as every CSV of the app is written: UTF-8 with a BOM, semicolons."""
    assert content.startswith("\ufeff".encode()), "no byte-order mark"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""),
                               delimiter=";"))


def xlsx_rows(content: bytes) -> list[dict]:
    """The rows of an xlsx's first sheet, by the header row's names."""
    rows = openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    headers = next(rows)
    return [dict(zip(headers, row)) for row in rows]
