"""Importing cases in the browser (/cases/import): a file is checked whole, previewed, and goes
in on confirmation, all rows or none; the Excel template's lists are values the import takes."""
import io
import re
from datetime import date

import openpyxl
import pytest
import sqlalchemy as sa

from casework.auth.models import Role
from casework.cases.import_drafts import ImportDraft
from casework.cases.import_template import lists
from casework.cases.importer import COLUMNS, check_data
from casework.cases.models import Case
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.trail.models import AuditEvent
from tests import factories
from tests.cases.test_import import case_count, row


@pytest.fixture
def units(app_ctx):
    omrade = factories.node("omrade", "Hemtjänst Hägersten", code="IMP-O")
    return [factories.node("enhet", name, omrade, code=code) for code, name in
            (("IMP-ASP", "Aspudden hemtjänst"), ("IMP-TRE", "Trekanten hemtjänst"))]


@pytest.fixture
def chief(client, units):
    """The enhetschef of Aspudden: Trekanten is not theirs."""
    person = factories.user(Role.ENHETSCHEF, units[0])
    factories.log_in(client, person)
    return person


def workbook(rows, header=COLUMNS) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(list(header))
    for fields in rows:
        book.active.append([fields.get(column, "") for column in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "register.xlsx"):
    return client.post("/cases/import", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def text(response) -> str:
    return response.get_data(as_text=True)


def draft_token(html: str) -> str:
    return re.search(r'name="draft" type="hidden" value="([^"]+)"', html).group(1)


def test_a_good_file_is_previewed_and_saved_only_on_confirmation_once(client, chief, units):
    rows = [row(description=f"Besök {n} kom för sent.") for n in range(12)]
    preview = upload(client, workbook(rows))
    html = text(preview)

    assert preview.status_code == 200 and "12 ärenden att läsa in" in html
    assert "Klagomål: 12" in html and "De första 10 raderna" in html
    assert case_count() == 0  # nothing before the confirmation
    token = draft_token(html)
    first = client.post("/cases/import/bekrafta", data={"draft": token})
    again = client.post("/cases/import/bekrafta", data={"draft": token})  # a double click

    assert first.status_code == again.status_code == 303
    assert case_count() == 12
    assert {c.unit_id for c in db.session.scalars(sa.select(Case))} == {units[0].id}
    [recorded] = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "cases_import"))
    assert (recorded.user_id, recorded.unit_id, recorded.detail["count"]) == (
        chief.id, units[0].id, 12)
    assert "redan inläst" in text(client.get("/cases/import"))
    assert db.session.scalar(sa.select(sa.func.count(ImportDraft.id))) == 0


def test_a_file_with_a_bad_row_saves_nothing_and_names_each_row(client, chief, units):
    rows = [row(), row(unit="IMP-TRE"), row(received_on="2025-02-30"), row()]
    response = upload(client, workbook(rows))
    html = text(response)

    assert response.status_code == 400 and "2 av 4 rader har fel" in html
    assert '<th scope="row" data-label="Rad">3</th><td data-label="Fel">unit: enheten ' \
           "&#39;IMP-TRE&#39; är inte en av dina enheter</td>" in html
    assert "received_on: &#39;2025-02-30&#39; är inget datum (skriv ÅÅÅÅ-MM-DD)" in html
    assert case_count() == 0 and "Läs in 2 ärenden" not in html
    assert db.session.scalar(sa.select(sa.func.count(ImportDraft.id))) == 0


@pytest.mark.parametrize("content, name, message", [
    (b"", "tom.csv", "Filen är tom."),
    (b"PK\x03\x04trasig", "trasig.xlsx", "Filen går inte att läsa som Excel-arbetsbok"),
    ("unit,type\nIMP-ASP,klagomal\n".encode(), "fel.csv", "kolumner saknas: received_on"),
    (b"\xff\xfe\x00u", "utf16.csv", "Filen är inte UTF-8-text"),
])
def test_a_file_that_cannot_be_read_gets_a_swedish_message(client, chief, content, name,
                                                           message):
    response = upload(client, content, name)
    assert response.status_code == 400 and message in text(response)
    assert case_count() == 0


def test_no_file_chosen_is_asked_for(client, chief):
    response = client.post("/cases/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Välj en fil att läsa in." in text(response)


def test_another_users_or_a_forged_draft_imports_nothing(client, chief, units):
    token = draft_token(text(upload(client, workbook([row()]))))
    factories.log_in(client, factories.user(Role.ENHETSCHEF, units[0]))
    assert client.post("/cases/import/bekrafta", data={"draft": token}).status_code == 303
    assert client.post("/cases/import/bekrafta", data={"draft": "x" * 65}).status_code == 400
    assert case_count() == 0


def test_planners_and_handlers_may_not_import(client, units):
    for role in (Role.PLANERARE, Role.BITRADANDE_ENHETSCHEF):
        factories.log_in(client, factories.user(role, units[0]))
        assert client.get("/cases/import").status_code == 403
        assert client.get("/cases/import/mall.xlsx").status_code == 403
        assert "Läs in ärenden från fil" not in text(client.get("/cases"))


def test_the_list_links_to_the_import_for_an_enhetschef(client, chief):
    assert 'href="/cases/import">Läs in ärenden från fil</a>' in text(client.get("/cases"))


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_the_template_has_the_columns_an_example_and_lists_the_import_takes(
        client, chief, units, year):
    response = client.get(f"/cases/import/mall.xlsx?ar={year}")
    assert response.status_code == 200
    assert f"arenden-mall-{year}.xlsx" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["Ärenden"]
    header, example = (list(values) for values in sheet.iter_rows(max_row=2, values_only=True))
    assert header == list(COLUMNS) and example[0] == "IMP-ASP"
    ruled = {str(rule.sqref).split(":")[0][0]: rule.formula1
             for rule in sheet.data_validations.dataValidation}
    assert set(ruled) == {"B", "D", "E", "F", "G", "H"}  # type, source, categories ...
    assert book["Listor"].sheet_state == "hidden"
    # The example and every listed value go through the import's own check.
    values = lists(catalogue(), year)
    fields = dict(zip(header, example)) | {"received_on": f"{year}-06-01"}
    file_rows = [{k: v or "" for k, v in fields.items()}]
    file_rows += [fields | {"source": source} for source in values["source"]]
    file_rows += [fields | {"categories": label} for label in
                  (label for _, label in catalogue().category_choices(year, "klagomal"))]
    checked = check_data(workbook(file_rows), "mall.xlsx")
    assert checked.errors == [] and len(checked.rows) == len(file_rows)


@pytest.mark.parametrize("year", ["1999", "9999", "20x5", "0001", "2" * 40])
def test_a_template_year_out_of_range_answers_404(client, chief, year):
    assert client.get(f"/cases/import/mall.xlsx?ar={year}").status_code == 404


def test_received_dates_keep_their_day(client, chief, units):
    token = draft_token(text(upload(client, workbook([row(received_on="2024-12-31")]))))
    client.post("/cases/import/bekrafta", data={"draft": token})
    assert db.session.scalar(sa.select(Case.received_on)) == date(2024, 12, 31)
