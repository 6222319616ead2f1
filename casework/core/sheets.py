"""Reading an uploaded table, CSV or Excel (.xlsx), as a header and numbered rows.

CSV is UTF-8, with or without a byte-order mark, with ``;`` (Swedish Excel) or ``,`` as the
delimiter, told apart by the header line. A row is numbered by the line (CSV) or the sheet row
(Excel) it starts on, the header being 1, so that a message can name it as the user sees it.
Empty rows are left out. The messages are Swedish: the pages show them as they are.
"""
import csv
import io
from datetime import date, datetime

from casework.core.errors import DomainError

#: The first bytes of an .xlsx file (a zip archive).
_ZIP_MAGIC = b"PK\x03\x04"


class SheetError(DomainError):
    """The file as a whole cannot be read."""


def read_table(data: bytes, filename: str,
               max_rows: int) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (names stripped and lower-cased) and up to ``max_rows`` (line, values) rows;
    more rows than that is an error, so nothing is cut silently."""
    if not data:
        raise SheetError("Filen är tom.")
    if data.startswith(_ZIP_MAGIC) or filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(data)
    _, header = next(rows, (1, []))
    header = [name.strip().lower() for name in header]
    if not any(header):
        raise SheetError("Filen saknar rubrikrad: den första raden ska ange kolumnerna.")
    body = []
    for line, values in rows:
        if any(value.strip() for value in values):
            if len(body) == max_rows:
                raise SheetError(f"Filen har fler än {max_rows} rader; dela upp den.")
            body.append((line, values))
    return header, body


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetError(f"Filen är inte UTF-8-text (byte {error.start}). Spara den som "
                         "\"CSV UTF-8\" eller som Excel-arbetsbok.") from None
    if "\x00" in text:
        raise SheetError("Filen innehåller tecken som inte hör hemma i en textfil.")
    header_line = text.partition("\n")[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for values in reader:  # a quoted field may span lines: numbered by its first
            line, start = start, reader.line_num + 1
            yield line, values
    except csv.Error as error:
        raise SheetError(f"Rad {start} går inte att läsa som CSV ({error}).") from None


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook  # only for Excel files

    unreadable = SheetError("Filen går inte att läsa som Excel-arbetsbok (.xlsx).")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  (a zip, XML or openpyxl fault: the file is not one)
        raise unreadable from None
    try:
        # Read-only sheets parse their XML while iterating: a fault may surface here too.
        rows = list(book.worksheets[0].iter_rows(values_only=True)) if book.worksheets else []
    except Exception:  # noqa: BLE001
        raise unreadable from None
    finally:
        book.close()
    for number, cells in enumerate(rows, 1):
        values = [_cell_text(value) for value in cells]
        if any("\x00" in value for value in values):
            raise SheetError(f"Rad {number} innehåller tecken som inte hör hemma i en tabell.")
        yield number, values


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
