"""The Excel template for importing cases: the import's columns, an example row, and drop-down
lists of the values the chosen year's report template takes (type, source, categories ...).

The lists stand on a hidden sheet and the cells refer to them, so a list may be longer than
Excel's 255 characters for a list written in the rule itself. Categories may be several per
cell (separated by ``;``), so their list offers values without refusing what is typed.
"""
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from casework.cases.importer import CATEGORY_SEPARATOR, COLUMNS
from casework.core.case_types import CaseType
from casework.core.spreadsheet_safety import inert
from casework.core.taxonomy import Catalogue

#: Rows of the sheet that get the drop-down lists.
ROWS = 10_000
#: What each column holds, for the instructions sheet.
EXPLAINED = {
    "unit": "Enhetens kod, till exempel ASP-HT.",
    "type": "Ärendets typ: " + ", ".join(t.value for t in CaseType) + ".",
    "received_on": "Datum då ärendet kom in, ÅÅÅÅ-MM-DD.",
    "source": "Från vem (klagomål, synpunkt, beröm): ett värde ur listan, eller Anonym.",
    "categories": f"En eller flera kategorier ur listan, åtskilda med {CATEGORY_SEPARATOR}",
    "identified_by": "Avvikelser: vem som har identifierat avvikelsen.",
    "concerns": "Avvikelser: vem avvikelsen avser.",
    "anonymous": "ja eller nej (tomt = nej).",
    "feedback_on": "Datum för återkoppling, ÅÅÅÅ-MM-DD (valfritt).",
    "action_on": "Datum för första åtgärd, ÅÅÅÅ-MM-DD (valfritt).",
    "ivo_notified_on": "Datum då IVO underrättades, ÅÅÅÅ-MM-DD (valfritt).",
    "description": "Vad ärendet gäller. Skriv inga personnummer.",
}


def lists(catalogue: Catalogue, year: int) -> dict[str, list[str]]:
    """The values each listed column takes under ``year``'s template, as the import reads
    them."""
    def labels(dimension: str, types) -> list[str]:
        found = [label for t in types for _, label in catalogue.choices(year, dimension, t.value)]
        return list(dict.fromkeys(found))

    return {
        "type": [t.value for t in CaseType],
        "source": list(dict.fromkeys([*labels("source", (CaseType.KLAGOMAL,)), "Anonym"])),
        "categories": labels("category", CaseType),
        "identified_by": labels("identified_by", (CaseType.AVVIKELSE,)),
        "concerns": labels("concerns", (CaseType.AVVIKELSE,)),
        "anonymous": ["ja", "nej"],
    }


def example(catalogue: Catalogue, year: int, unit_code: str) -> list[str]:
    values = lists(catalogue, year)
    row = {"unit": unit_code, "type": CaseType.KLAGOMAL.value, "received_on": f"{year}-03-14",
           "source": values["source"][0],
           "categories": catalogue.category_choices(year, CaseType.KLAGOMAL.value)[0][1],
           "description": "Exempel: besöket kom en timme för sent."}
    return [row.get(column, "") for column in COLUMNS]


def template_xlsx(catalogue: Catalogue, year: int, unit_code: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Ärenden"
    for number, column in enumerate(COLUMNS, 1):
        inert(column, sheet.cell(1, number)).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = 60 if column in (
            "description", "categories") else 18
    for number, value in enumerate(example(catalogue, year, unit_code), 1):
        inert(value, sheet.cell(2, number))
    sheet.freeze_panes = "A2"
    listed = book.create_sheet("Listor")
    listed.sheet_state = "hidden"
    for number, (column, values) in enumerate(lists(catalogue, year).items(), 1):
        letter = get_column_letter(number)
        inert(column, listed.cell(1, number))
        for row, value in enumerate(values, 2):
            inert(value, listed.cell(row, number))
        rule = DataValidation(type="list", formula1=f"=Listor!${letter}$2:${letter}$"
                                                    f"{len(values) + 1}",
                              allow_blank=True, showErrorMessage=column != "categories")
        rule.error, rule.errorTitle = "Välj ett värde ur listan.", "Okänt värde"
        target = get_column_letter(COLUMNS.index(column) + 1)
        rule.add(f"{target}2:{target}{ROWS + 1}")
        sheet.add_data_validation(rule)
    help_sheet = book.create_sheet("Instruktioner")
    inert("Kolumn", help_sheet.cell(1, 1)).font = Font(bold=True)
    inert("Vad den ska innehålla", help_sheet.cell(1, 2)).font = Font(bold=True)
    for row, column in enumerate(COLUMNS, 2):
        inert(column, help_sheet.cell(row, 1))
        inert(EXPLAINED[column], help_sheet.cell(row, 2))
    help_sheet.column_dimensions["A"].width = 18
    help_sheet.column_dimensions["B"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
