"""The report page /reports and its downloads: the table, access and bad input."""
import html
import json
import re
from datetime import date

import pytest

from casework.cases.models import CaseType
from casework.cases.services import bulk_insert_cases
from casework.core.taxonomy import catalogue
from tests import factories
from tests.pages import inline_scripts, standard_table


@pytest.fixture
def org(app_ctx):
    """Område O1 with enheter ASP (three cases of 2025) and E2; område O2 with E3."""
    o1 = factories.node("omrade", "Område 1", code="O1")
    asp = factories.node("enhet", "Aspudden hemtjänst", o1, "ASP")
    factories.node("enhet", "Enhet 2", o1, "E2")
    e3 = factories.node("enhet", "Enhet 3", factories.node("omrade", "Område 2", code="O2"), "E3")
    bulk_insert_cases([
        {"type": CaseType.KLAGOMAL, "unit_id": asp.id, "received_on": date(2025, 2, 3),
         "source": "narstaende", "categories": ["bemotande"], "feedback_on": date(2025, 5, 2),
         "description": "Personalen var otrevlig."},
        {"type": CaseType.BEROM, "unit_id": asp.id, "received_on": date(2025, 9, 1)},
        {"type": CaseType.LEX_MARIA, "unit_id": asp.id, "received_on": date(2025, 6, 1),
         "description": "Fel läkemedel gavs."},
    ])
    return {"o1": o1, "asp": asp, "e3": e3}


def signed_in(client, role, unit):
    factories.log_in(client, factories.user(role, unit))
    return client


def body_rows(page: str) -> list[tuple[str | None, str, list[str]]]:
    """(section if the row starts one, label, the five cells) per body row of the standard
    table (not the follow-up question's beside it)."""
    page = standard_table(page)
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:]:
        section = re.search(r'<th scope="rowgroup"[^>]*>(.*?)</th>', tr)
        label = re.search(r'<th scope="row">(.*?)</th>', tr).group(1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr)
        rows.append((section and html.unescape(section.group(1)), html.unescape(label), cells))
    return rows


def test_the_2025_table_has_every_row_in_order_with_st_figures(client, org):
    page = signed_in(client, "bitradande_enhetschef", org["asp"]).get("/reports?node=ASP&year=2025")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<caption>Redovisning av synpunkter och klagomål</caption>" in text
    assert '<th scope="col">Bedömning och planerade åtgärder</th>' in text
    rows = body_rows(text)
    template = catalogue().templates[2025]
    assert [label for _, label, _ in rows] == [row.label for _, row in template.rows()]
    assert [s for s, _, _ in rows if s] == [section.title for section in template.sections]
    cells = {label: values for _, label, values in rows}
    assert cells["Beröm"] == ["", "", "1 st", "1 st", ""]
    assert cells["Närstående (anhörig, god man etc.)"] == ["1 st", "", "", "1 st", ""]
    assert cells["Antal synpunkter/klagomål där återkoppling har lämnats"][0] == "1 st"
    assert re.search(r"kan placera: 1 st</h2>\s*<ul>\s*<li>2025-\d+ – Lex Maria", text)
    assert not inline_scripts(text) and "style=" not in text


def test_a_level_above_sums_its_units_for_the_omradeschef(client, org):
    page = signed_in(client, "omradeschef", org["o1"]).get("/reports?node=O1&year=2025")
    cells = {label: values for _, label, values in body_rows(page.get_data(as_text=True))}
    assert cells["Beröm"][3] == "1 st"


@pytest.mark.parametrize("name, mimetype", [
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("pdf", "application/pdf"),
    ("csv", "text/csv; charset=utf-8"),
    ("json", "application/json"),
])
def test_downloads_have_their_type_and_a_swedish_file_name(client, org, name, mimetype):
    page = signed_in(client, "enhetschef", org["asp"]).get("/reports?node=ASP&year=2025")
    link = html.unescape(re.search(rf'href="([^"]*format={name}[^"]*)"', page.get_data(
        as_text=True)).group(1))
    response = client.get(link)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == mimetype
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=redovisning-ASP-2025.{name}")
    assert response.data.startswith({"pdf": b"%PDF", "json": b"{", "csv": "\ufeffUppdelning;".encode()}.get(
        name, b"PK"))


def test_planerare_and_medarbetare_get_403(client, org):
    for role in ("planerare", "medarbetare"):
        signed_in(client, role, org["asp"])
        assert client.get("/reports").status_code == 403
        assert client.get("/reports/download?node=ASP&year=2025&format=csv").status_code == 403


def test_a_node_outside_the_grant_is_404(client, org):
    signed_in(client, "enhetschef", org["asp"])
    for node in ("E3", "O1"):
        assert client.get(f"/reports?node={node}&year=2025").status_code == 404
        assert client.get(f"/reports/download?node={node}&year=2025&format=pdf").status_code == 404


def test_the_form_alone_offers_the_users_nodes(client, org):
    page = signed_in(client, "omradeschef", org["o1"]).get("/reports")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<table" not in text
    assert re.findall(r'<option[^>]*value="(\w+)"', text)[:3] == ["ASP", "E2", "O1"]


def test_anonymous_visitors_are_sent_to_log_in(client, org):
    assert client.get("/reports").status_code == 302


@pytest.mark.parametrize("query, message", [
    ("node=NOPE&year=2025", "Det finns ingen enhet med koden NOPE."),
    ("node=ASP&year=2025&cutoff=2025-13-01", "Skriv datumet som ÅÅÅÅ-MM-DD"),
    ("node=ASP&year=2025&cutoff=2024-12-31", "Brytdatumet kan inte ligga före årets början."),
    ("node=ASP&year=2025&cutoff=9999-12-31", "Datumet kan inte vara efter 2100-12-31."),
    ("node=ASP&year=9999", "Året kan inte vara senare än 2100."),
    ("node=ASP&year=0000&cutoff=2025-01-01", "Det finns ingen rapportmall för 0"),
    ("node=ASP&year=1999", "Det finns ingen rapportmall för 1999"),
    ("node=ASP&year=tjugo", "Skriv året med fyra siffror"),
    ("node=ASP&year=2025&template=1999", "Välj ett av alternativen i listan."),
    ("node=&year=2025", "Välj en enhet."),
])
def test_bad_input_shows_the_form_with_a_swedish_message(client, org, query, message):
    signed_in(client, "enhetschef", org["asp"])
    page = client.get(f"/reports?{query}")
    assert page.status_code == 200 and message in page.get_data(as_text=True)
    download = client.get(f"/reports/download?{query}&format=xlsx")
    assert download.status_code == 400 and message in download.get_data(as_text=True)


def test_an_unknown_download_format_is_refused_in_swedish(client, org):
    signed_in(client, "enhetschef", org["asp"])
    page = client.get("/reports/download?node=ASP&year=2025&format=odt")
    assert page.status_code == 400 and "Välj ett av alternativen" in page.get_data(as_text=True)


def test_an_earlier_template_and_cutoff_are_applied(client, org):
    signed_in(client, "bitradande_enhetschef", org["asp"])
    page = client.get("/reports?node=ASP&year=2025&template=2024&cutoff=2025-04-30")
    rows = body_rows(page.get_data(as_text=True))
    assert [label for _, label, _ in rows] == [
        row.label for _, row in catalogue().templates[2024].rows()]
    assert dict((label, cells) for _, label, cells in rows)["Antal beröm"] == [""] * 5


def test_the_cli_and_the_web_give_the_same_table(client, cli, org):
    signed_in(client, "omradeschef", org["o1"])
    web = client.get("/reports/download?node=O1&year=2025&format=json&cutoff=2025-08-31")
    result = cli.invoke(args=["report", "--unit", "O1", "--year", "2025",
                              "--cutoff", "2025-08-31", "--format", "json"])
    assert web.status_code == 200 and result.exit_code == 0, result.output
    assert json.loads(web.get_data(as_text=True)) == json.loads(result.output)
    assert any(row["total"] for row in json.loads(result.output)["rows"])
