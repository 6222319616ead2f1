"""Cells that a spreadsheet reads as text, never as a formula (OWASP "CSV injection", CWE-1236).

Excel, LibreOffice and Google Sheets take a cell whose text starts with ``=``, ``+``, ``-``,
``@``, a tab, a carriage return or a NUL as a formula, so a note such as
``=HYPERLINK("http://x","y")`` would become a live link in the file a manager opens. Every csv
and xlsx writer of the app writes its cells through ``inert`` (tests/test_spreadsheet_safety.py
finds the writers and fails for one that does not):

* in CSV, such text gets a leading apostrophe, which spreadsheets take as "text follows";
* in xlsx, it is a text cell marked as quoted, as Excel stores what a user types after an
  apostrophe: the text stays exactly as written and no apostrophe shows.

Numbers and empty cells stay what they are; docx and PDF are not spreadsheets and keep the text.
An xlsx file cannot hold most control characters (a vertical tab pasted from another program):
in a cell each shows as U+FFFD, where openpyxl would refuse to write the file.
"""
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING, Cell

#: What a spreadsheet takes as the start of a formula (OWASP; ASVS 1.2.10 adds NUL).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def inert(value, cell: Cell | None = None):
    """``value`` as a CSV cell that cannot start a formula; with ``cell``, written into that
    openpyxl cell as text instead (returns the cell).

    Text starting with one of ``TRIGGERS`` is defused; anything else, numbers included, is
    written as it is.
    """
    risky = isinstance(value, str) and value.startswith(TRIGGERS)
    if cell is None:
        return "'" + value if risky else value
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell.value = value  # openpyxl makes text starting with "=" a formula: undone below
    if risky:
        cell.data_type = TYPE_STRING
        cell.quotePrefix = True
    return cell
