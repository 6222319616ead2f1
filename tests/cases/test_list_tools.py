"""The case list's tools (issue 13, item 6): the hit count, the description column, the export of
the filtered list, and the bulk actions of those who handle cases, with their confirmation."""
import csv
import io
import re
from datetime import date
from html import unescape

import openpyxl
import pytest
import sqlalchemy as sa

from casework.cases import bulk, queries
from casework.cases.models import Case, CaseEvent
from casework.cases.queries import Filters, Order
from casework.core.columns import DB_INT_MAX
from casework.core.errors import InvalidFields
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests import factories
from tests.cases.test_queries import TODAY, add_case, org  # noqa: F401  (a fixture)

FORMULA = '=HYPERLINK("http://x","y")'
LONG = ("Brukaren fick vänta på morgonbesöket i över en timme och ringde till enheten två "
        "gånger utan svar.")


@pytest.fixture
def deputy(org):  # noqa: F811
    return factories.user("bitradande_enhetschef", org.a, name="Bea Biträdande")


def signed_in(client, user):
    factories.log_in(client, user)
    return user


def page_of(client, url="/cases") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


# Queries


@pytest.mark.parametrize("text, shown", [
    ("Kort text.", "Kort text."),
    ("  Två\nrader  ", "Två rader"),
    (LONG, "Brukaren fick vänta på morgonbesöket i över en timme och ringde till enheten två…"),
    ("x" * 100, "x" * 80 + "…"),
])
def test_an_excerpt_is_cut_at_a_word(text, shown):
    assert queries.excerpt(text) == shown
    assert len(queries.excerpt(text)) <= 81


def test_an_excerpt_of_a_longer_text_says_it_goes_on():
    assert queries.excerpt("Början av en lång text ", goes_on=True) == "Början av en lång text…"


def test_the_count_uses_the_list_filters_and_scope_and_stops_at_its_cap(org):  # noqa: F811
    planner = factories.user("planerare", org.a)
    for _ in range(3):
        add_case(org.a)
    add_case(org.a, "avvikelse")  # not the planner's to see
    add_case(org.b)  # another unit
    add_case(org.a, "berom")

    assert queries.case_count(planner, Filters(), TODAY) == queries.HitCount(4)
    assert queries.case_count(planner, Filters(type="berom"), TODAY) == queries.HitCount(1)
    assert queries.case_count(planner, Filters(), TODAY, cap=2) == queries.HitCount(2, more=True)
    assert queries.case_count(planner, Filters(), TODAY, cap=4) == queries.HitCount(4)


def test_a_single_page_counts_itself_and_a_longer_list_is_counted(org, monkeypatch):  # noqa: F811
    planner = factories.user("planerare", org.a)
    for _ in range(3):
        add_case(org.a)
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    first = queries.case_page(planner, Filters(), Order(), TODAY)
    second = queries.case_page(planner, Filters(), Order(), TODAY, first.next)

    assert queries.page_count(planner, Filters(), TODAY, first, None) == queries.HitCount(3)
    assert queries.page_count(planner, Filters(), TODAY, second, first.next) == \
        queries.HitCount(3)
    monkeypatch.setattr(queries, "case_count", None)  # not asked: the one page counts itself
    only = queries.case_page(planner, Filters(type="klagomal", search="inget sådant"), Order(),
                             TODAY)
    assert queries.page_count(planner, Filters(), TODAY, only, None) == queries.HitCount(0)


def test_the_export_rows_are_every_match_in_the_list_order_with_the_whole_text(org):  # noqa: F811
    chief = factories.user("omradeschef", org.north)
    first = add_case(org.a, received_on=date(2025, 3, 1), description=LONG,
                     categories=["bemotande"])
    second = add_case(org.b, received_on=date(2025, 3, 2))
    add_case(org.c)  # outside the område

    rows = queries.export_rows(chief, Filters(), Order(), TODAY)

    assert [row.case.number for row in rows] == [second.number, first.number]
    assert rows[1].description == LONG and rows[1].case.categories == ["Bemötande"]
    with pytest.raises(queries.TooManyToExport):
        queries.export_rows(chief, Filters(), Order(), TODAY, limit=1)


def test_a_reporter_sees_the_start_of_their_own_report(org):  # noqa: F811
    staff = factories.user("medarbetare", org.a)
    add_case(org.a, "avvikelse", by=staff, description=LONG)

    [row] = queries.case_page(staff, Filters(), Order(), TODAY).rows

    assert row.excerpt.startswith("Brukaren fick vänta") and row.excerpt.endswith("…")


def test_bulk_takes_the_step_on_every_case_or_none(org, deputy):  # noqa: F811
    cases = [add_case(org.a), add_case(org.a, "berom")]
    versions = {case.id: case.version for case in cases}

    done = bulk.apply(bulk.ACTIONS["tilldela"], cases, versions, deputy)

    assert [case.handler_id for case in done] == [deputy.id, deputy.id]
    assert {case.status for case in done} == {"pagaende"}
    # The same versions again: both changed since, and nothing is done.
    db.session.expire_all()
    with pytest.raises(InvalidFields) as refused:
        bulk.apply(bulk.ACTIONS["apt"], bulk.handled(deputy, versions), versions, deputy)
    assert [e.message for e in refused.value.errors] == [
        f"Ärende {case.number} har ändrats av någon annan. Ladda listan igen." for case in cases]


def test_closing_praise_refuses_what_is_not_praise_by_number(org, deputy):  # noqa: F811
    complaint, praise = add_case(org.a), add_case(org.a, "berom")
    cases = bulk.handled(deputy, [complaint.id, praise.id])

    with pytest.raises(InvalidFields) as refused:
        bulk.apply(bulk.ACTIONS["avsluta-berom"], cases,
                   {c.id: c.version for c in cases}, deputy, summary="Tack.")

    assert [e.message for e in refused.value.errors] == [
        f"Ärende {complaint.number} är ett klagomål, inte beröm."]


def test_bulk_finds_only_cases_the_user_may_handle(org, deputy):  # noqa: F811
    own, other = add_case(org.a), add_case(org.b)
    reader = factories.user("omradeschef", org.north)

    assert [c.id for c in bulk.handled(deputy, [own.id])] == [own.id]
    assert bulk.handled(deputy, [own.id, other.id]) is None
    assert bulk.handled(deputy, [own.id, DB_INT_MAX]) is None
    assert bulk.handled(reader, [own.id]) is None  # reads, does not handle
    assert bulk.out_of_reach(deputy, [own.id, other.id, DB_INT_MAX]) == [(other.id, org.b.id)]


# The list page


def test_the_list_says_how_many_cases_match(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    add_case(org.a)
    add_case(org.a, "berom")

    assert '<p class="list-tools__count" id="traffar">2 ärenden</p>' in page_of(client)
    assert ">1 ärende</p>" in page_of(client, "/cases?typ=berom")


def test_a_count_past_the_cap_says_more_than(client, org, deputy, monkeypatch):  # noqa: F811
    signed_in(client, deputy)
    for _ in range(3):
        add_case(org.a)
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    monkeypatch.setattr(queries, "PAGE_SIZE", 1)  # so that the first page is not the last

    assert ">Fler än 2 ärenden</p>" in page_of(client)


def test_each_row_shows_the_start_of_its_description_with_labels(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    add_case(org.a, description=LONG)

    page = page_of(client)

    assert '<th scope="col">Beskrivning</th>' in page
    assert ('<td class="cases__excerpt" data-label="Beskrivning">Brukaren fick vänta på '
            'morgonbesöket i över en timme och ringde till enheten två…</td>') in page
    row = re.search(r"<tbody>.*?</tbody>", page, re.DOTALL).group(0)
    cells = re.findall(r"<t[dh]\b[^>]*>", row)
    assert cells and all("data-label=" in cell for cell in cells), cells


def test_handlers_tick_the_rows_they_handle(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    case = add_case(org.a)
    maria = add_case(org.a, "lex_maria")  # seen by the deputy, handled by the MAS

    page = page_of(client)

    assert (f'<input type="checkbox" class="check__input" name="arenden" value="{case.id}" '
            f'id="valj-{case.id}" data-select-row><label for="valj-{case.id}" '
            f'class="visually-hidden">Välj {case.number}</label>') in page
    assert f'value="{maria.id}"' not in page
    assert "data-select-all" in page and "Välj alla ärenden på sidan" in page
    for label in ("Tilldela mig", "Markera för APT", "Avsluta beröm"):
        assert f">{label}</button>" in page


def test_those_who_do_not_handle_get_no_checkboxes(client, org):  # noqa: F811
    signed_in(client, factories.user("planerare", org.a))
    add_case(org.a)

    page = page_of(client)

    assert 'name="arenden"' not in page and "Tilldela mig" not in page
    assert "Ladda ner (Excel)" in page and "Ladda ner (CSV)" in page


# Export


def export(client, fmt="csv", **filters):
    db.session.commit()  # a refused request rolls back to here
    return client.post("/cases/export", data={"format": fmt, **filters})


def test_the_csv_export_is_for_swedish_excel_and_inert(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    case = add_case(org.a, description=FORMULA, categories=["bemotande"], handler_id=deputy.id,
                    status="pagaende", due_on=date(2025, 3, 10))
    add_case(org.a, "berom", description="Tack!")

    response = export(client, typ="klagomal")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert re.fullmatch(r'attachment; filename=arenden-\d{4}-\d\d-\d\d\.csv',
                        response.headers["Content-Disposition"])
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Ärendenummer", "Typ", "Status", "Enhet", "Inkom", "Handläggare", "Kategorier",
         "Beskrivning", "Försenad"],
        [case.number, "Klagomål", "Pågående", "Aspudden hemtjänst", "2025-03-04",
         "Bea Biträdande", "Bemötande", "'" + FORMULA, "Ja"],
    ]
    [event] = audit("export")
    assert event.user_id == deputy.id
    assert event.detail == {"format": "csv", "count": 1, "filters": {"type": "klagomal"},
                            "shown": [case.id]}


def test_the_xlsx_export_writes_text_never_a_formula(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    add_case(org.a, description=FORMULA)

    response = export(client, "xlsx")

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    assert [c.value for c in sheet[1]][:5] == ["Ärendenummer", "Typ", "Status", "Enhet", "Inkom"]
    cell = sheet.cell(2, 8)
    assert cell.value == FORMULA and cell.data_type == "s" and cell.quotePrefix
    assert sheet.cell(2, 5).value.date() == date(2025, 3, 4)


def test_the_export_takes_the_search_from_the_post_and_keeps_it_out_of_the_trail(
        client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    add_case(org.a, description="Hos Astrid Lindqvist.")
    add_case(org.a)

    response = export(client, sok="Lindqvist")

    lines = response.get_data().decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "Astrid Lindqvist" in lines[1]
    [event] = audit("export")
    assert event.detail["filters"] == {"search": True}
    assert "Lindqvist" not in str(event.detail)


def test_the_list_posts_its_filters_to_the_export(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    add_case(org.a)
    location = client.post("/cases", data={"sok": "Morgon", "typ": "klagomal"}).location

    page = page_of(client, location)

    form = re.search(r'<form class="list-tools__export" method="post" action="/cases/export".*?'
                     r"</form>", page, re.DOTALL).group(0)
    assert '<input type="hidden" name="sok" value="Morgon">' in form
    assert '<input type="hidden" name="typ" value="klagomal">' in form
    assert "Morgon" not in location


def test_an_export_past_the_limit_is_refused_in_swedish(client, org, deputy, monkeypatch):  # noqa: F811
    signed_in(client, deputy)
    add_case(org.a)
    add_case(org.a)
    monkeypatch.setattr(queries, "EXPORT_LIMIT", 1)

    response = export(client, typ="klagomal")

    assert response.status_code == 303 and "typ=klagomal" in response.location
    assert "format" not in response.location
    page = page_of(client, response.location)
    assert "Listan har fler än 1 ärenden, för många att ladda ner." in page
    assert audit("export") == []


@pytest.mark.parametrize("data", [{"format": "pdf"}, {}, {"format": "csv", "fran": "0001-01-01"},
                                  {"format": "csv", "sok": "x" * 101}])
def test_a_bad_export_request_answers_400(client, org, deputy, data):  # noqa: F811
    signed_in(client, deputy)

    assert client.post("/cases/export", data=data).status_code == 400


# Bulk actions


def choose(client, action, *cases, back="/cases?typ=klagomal"):
    db.session.commit()  # a refused request rolls back to here
    return client.post("/cases/bulk", data={"atgard": action, "tillbaka": back,
                                            "arenden": [str(c.id) for c in cases]})


def confirmation_fields(page: str) -> dict:
    form = re.search(r'<form class="panel" method="post" action="/cases/bulk/confirm".*?</form>',
                     page, re.DOTALL).group(0)
    fields = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form)
    posted = {}
    for name, value in fields:
        posted.setdefault(name, []).append(unescape(value))
    summary = re.search(r"<textarea[^>]*>\r?\n?(.*?)</textarea>", form, re.DOTALL)
    if summary:
        posted["sammanfattning"] = [summary.group(1)]
    return posted


def test_assign_to_me_confirms_then_assigns_each_case_once(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    cases = [add_case(org.a), add_case(org.a, "berom")]

    response = choose(client, "tilldela", *cases)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Du tilldelar dig 2 ärenden:" in page
    assert all(f">{case.number}</a>" in page for case in cases)
    assert '>Bekräfta</button>' in page and 'href="/cases?typ=klagomal">Avbryt</a>' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)
                             .where(Case.handler_id == deputy.id)) == 0
    fields = confirmation_fields(page)

    done = client.post("/cases/bulk/confirm", data=fields)

    assert done.status_code == 303 and done.location == "/cases?typ=klagomal"
    db.session.expire_all()
    assert all(db.session.get(Case, c.id).handler_id == deputy.id for c in cases)
    assert len(audit("change")) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent)
                             .where(CaseEvent.event == "assigned")) == 2
    assert "Du är handläggare för 2 ärenden." in page_of(client, "/cases")

    again = client.post("/cases/bulk/confirm", data=fields)  # a second click on Bekräfta

    assert again.status_code == 400
    text = again.get_data(as_text=True)
    assert f"Ärende {cases[0].number} har ändrats av någon annan." in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent)
                             .where(CaseEvent.event == "assigned")) == 2


def test_closing_praise_asks_for_a_summary_and_closes(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    praise = [add_case(org.a, "berom"), add_case(org.a, "berom")]

    page = choose(client, "avsluta-berom", *praise).get_data(as_text=True)
    fields = confirmation_fields(page)

    assert "Du avslutar 2 ärenden med beröm som inte kräver någon åtgärd:" in page
    assert fields["sammanfattning"] == [bulk.PRAISE_SUMMARY]
    assert client.post("/cases/bulk/confirm",
                       data=fields | {"sammanfattning": ""}).status_code == 400
    assert client.post("/cases/bulk/confirm", data=fields).status_code == 303
    db.session.expire_all()
    assert {db.session.get(Case, c.id).status for c in praise} == {"avslutad"}


def test_a_refusal_names_the_case_and_changes_none(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    complaint, praise = add_case(org.a), add_case(org.a, "berom")
    fields = confirmation_fields(choose(client, "avsluta-berom", complaint, praise)
                                 .get_data(as_text=True))

    response = client.post("/cases/bulk/confirm", data=fields)

    assert response.status_code == 400
    assert f"Ärende {complaint.number} är ett klagomål, inte beröm." in \
        response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Case, praise.id).status == "ny"
    assert audit("change") == []


def test_marking_for_the_apt(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    case = add_case(org.a)
    fields = confirmation_fields(choose(client, "apt", case).get_data(as_text=True))

    assert client.post("/cases/bulk/confirm", data=fields).status_code == 303
    db.session.expire_all()
    assert db.session.get(Case, case.id).apt_pending


def test_ids_out_of_reach_answer_404_alike(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)
    own, other = add_case(org.a), add_case(org.b)
    missing = type("Missing", (), {"id": DB_INT_MAX})

    for cases in ((own, other), (own, missing)):
        assert choose(client, "tilldela", *cases).status_code == 404
        data = {"atgard": "tilldela", "arenden": [f"{c.id}:1" for c in cases]}
        assert client.post("/cases/bulk/confirm", data=data).status_code == 404
    assert {e.case_id for e in audit("refused")} == {other.id}
    assert db.session.get(Case, own.id).handler_id is None


@pytest.mark.parametrize("data", [
    {"atgard": "tilldela", "arenden": [str(DB_INT_MAX + 1)]},
    {"atgard": "tilldela", "arenden": ["-1"]},
    {"atgard": "tilldela", "arenden": ["1e3"]},
    {"atgard": "tilldela"},
    {"atgard": "radera", "arenden": ["1"]},
])
def test_malformed_choices_answer_400(client, org, deputy, data):  # noqa: F811
    signed_in(client, deputy)

    assert client.post("/cases/bulk", data=data).status_code == 400


@pytest.mark.parametrize("back", ["//evil.example/cases", "https://evil.example/cases",
                                  "/cases\\@evil", "/cases\nLocation: x"])
def test_a_foreign_back_link_is_not_followed(client, org, deputy, back):  # noqa: F811
    signed_in(client, deputy)
    case = add_case(org.a)
    page = choose(client, "apt", case, back=back).get_data(as_text=True)

    assert 'href="/cases">Avbryt</a>' in page
    done = client.post("/cases/bulk/confirm", data=confirmation_fields(page))
    assert done.location == "/cases"


def test_a_nul_anywhere_in_the_post_answers_400(client, org, deputy):  # noqa: F811
    signed_in(client, deputy)

    assert choose(client, "apt", add_case(org.a), back="/cases\x00").status_code == 400


def test_only_handlers_may_post_bulk_actions(client, org):  # noqa: F811
    signed_in(client, factories.user("planerare", org.a))
    case = add_case(org.a)

    assert choose(client, "tilldela", case).status_code == 403
