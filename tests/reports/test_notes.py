"""The report table's text column: saved notes, drafts from closing summaries, the page and the
exports."""
import html
import json
import re
from datetime import date

import pytest
import sqlalchemy as sa

from casework.auth.models import Role
from casework.cases.models import Case, CaseType
from casework.cases.services import bulk_insert_cases
from casework.core.errors import UnknownValue
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.organisation.models import OrgNode
from casework.reports.notes import (
    Basis,
    NotesConflict,
    ReportNote,
    digest,
    draft_for,
    notes_for,
    save_notes,
)
from casework.trail.models import AuditEvent
from tests import factories
from tests.documents import csv_rows
from tests.pages import standard_table

RELATIVE = "Närstående (anhörig, god man etc.)"
PRAISE = "Beröm"


def key_of(label: str, year: int = 2025) -> str:
    return next(row.key for _, row in catalogue().templates[year].rows() if row.label == label)


def complaint(unit, received_on, closed_on=None, summary=None) -> dict:
    return {"type": CaseType.KLAGOMAL, "unit_id": unit.id, "received_on": received_on,
            "source": "narstaende", "categories": ["bemotande"], "closed_on": closed_on,
            "closing_summary": summary, "description": "Personalen var otrevlig."}


@pytest.fixture
def org(app_ctx):
    """Område O1 with enhet ASP (closed and open complaints of 2025) and E2; enhet E3 elsewhere."""
    o1 = factories.node("omrade", "Område 1", code="O1")
    asp = factories.node("enhet", "Aspudden hemtjänst", o1, "ASP")
    e2 = factories.node("enhet", "Enhet 2", o1, "E2")
    e3 = factories.node("enhet", "Enhet 3", factories.node("omrade", "Område 2", code="O2"), "E3")
    bulk_insert_cases([
        complaint(asp, date(2025, 2, 3), date(2025, 3, 1), "Ny rutin för\r\n  nyckelhantering."),
        complaint(asp, date(2025, 2, 4), date(2025, 5, 2), "Bemötande togs upp på APT."),
        complaint(asp, date(2025, 2, 5)),  # open: no summary yet
        complaint(asp, date(2025, 2, 6), date(2025, 11, 2), "Stängd efter brytdatum."),
        complaint(asp, date(2025, 2, 7), date(2025, 3, 2), "   "),
        complaint(e3, date(2025, 2, 8), date(2025, 3, 3), "Annan enhets ärende."),
        {"type": CaseType.BEROM, "unit_id": asp.id, "received_on": date(2025, 9, 1)},
    ])
    return {"o1": o1, "asp": asp, "e2": e2, "e3": e3}


def numbers(unit_code: str) -> list[str]:
    query = (sa.select(Case.number).join(OrgNode, OrgNode.id == Case.unit_id)
             .where(OrgNode.code == unit_code).order_by(Case.received_on))
    return list(db.session.scalars(query))


# The services


def test_a_draft_lists_the_rows_closed_summaries_newest_first(org):
    template = catalogue().templates[2025]
    drafts = draft_for(template, org["asp"], 2025, date(2025, 10, 31))
    first, second = numbers("ASP")[:2]
    assert drafts[key_of(RELATIVE)] == (f"{second}: Bemötande togs upp på APT.\n"
                                        f"{first}: Ny rutin för nyckelhantering.")
    assert key_of(PRAISE) not in drafts
    assert set(drafts) == {key for key, text in drafts.items() if text}


def test_a_draft_rolls_up_over_the_subtree_and_stops_at_the_cutoff(org):
    template = catalogue().templates[2025]
    assert draft_for(template, org["o1"], 2025, date(2025, 3, 1))[key_of(RELATIVE)] == (
        f"{numbers('ASP')[0]}: Ny rutin för nyckelhantering.")
    assert draft_for(template, org["e2"], 2025, date(2025, 12, 31)) == {}


def test_a_draft_takes_the_five_newest_and_shortens_long_summaries(org):
    bulk_insert_cases([complaint(org["e2"], date(2025, 4, day), date(2025, 6, day),
                                 f"Sammanfattning {day}. " + "ord " * 300)
                       for day in range(1, 8)])
    draft = draft_for(catalogue().templates[2025], org["e2"], 2025,
                      date(2025, 12, 31))[key_of(RELATIVE)]
    lines = draft.splitlines()
    assert [line.split(": ")[1].split(".")[0] for line in lines] == [
        f"Sammanfattning {day}" for day in (7, 6, 5, 4, 3)]
    assert all(line.endswith("…") for line in lines) and len(draft) <= 4000


def based_on(key: str, text: str) -> dict[str, Basis]:
    """The basis of a page that showed ``text`` saved in row ``key``."""
    return {key: Basis(digest(text), digest(text))}


def test_notes_are_saved_changed_and_removed_per_row(org):
    template = catalogue().templates[2025]
    user = factories.user(Role.ENHETSCHEF, org["asp"])
    key = key_of(RELATIVE)
    assert save_notes(org["asp"], 2025, template, {key: "Första", key_of(PRAISE): ""}, user,
                      {}) == [key]
    assert save_notes(org["asp"], 2025, template, {key: "Första"}, user, {}) == []
    save_notes(org["asp"], 2025, template, {key: "Andra"}, user, based_on(key, "Första"))
    note = db.session.scalar(sa.select(ReportNote))
    assert (note.text, note.version, note.updated_by_id, note.template) == (
        "Andra", 2, user.id, 2025)
    assert notes_for(org["asp"], 2025, template) == {key: "Andra"}
    assert notes_for(org["o1"], 2025, template) == notes_for(org["asp"], 2024, template) == {}
    save_notes(org["asp"], 2025, template, {key: ""}, user, based_on(key, "Andra"))
    assert notes_for(org["asp"], 2025, template) == {}


def test_a_row_saved_by_someone_else_since_the_page_conflicts_and_nothing_is_saved(org):
    template = catalogue().templates[2025]
    first, second = (factories.user(Role.ENHETSCHEF, org["asp"]) for _ in range(2))
    relative, praise = key_of(RELATIVE), key_of(PRAISE)
    page = {relative: Basis(digest(""), digest("Utkast")), praise: Basis(digest(""), digest(""))}
    save_notes(org["asp"], 2025, template, {relative: "Den förstas"}, first, page)

    with pytest.raises(NotesConflict) as refused:
        save_notes(org["asp"], 2025, template, {relative: "Den andras", praise: "Ny"}, second,
                   page)

    assert refused.value.keys == [relative]
    assert notes_for(org["asp"], 2025, template) == {relative: "Den förstas"}


def test_a_row_left_as_the_page_showed_it_keeps_the_other_save(org):
    """Two pages, two rows: each saves the whole column, the row it did not touch as shown."""
    template = catalogue().templates[2025]
    relative, praise = key_of(RELATIVE), key_of(PRAISE)
    page = {relative: Basis(digest(""), digest("Utkast")), praise: Basis(digest(""), digest(""))}
    save_notes(org["asp"], 2025, template, {relative: "Ändrad", praise: ""},
               factories.user(Role.ENHETSCHEF, org["asp"]), page)

    changed = save_notes(org["asp"], 2025, template, {relative: "Utkast", praise: "Tack"},
                         factories.user(Role.OMRADESCHEF, org["o1"]), page)

    assert changed == [praise]
    assert notes_for(org["asp"], 2025, template) == {relative: "Ändrad", praise: "Tack"}


def test_a_row_the_template_lacks_is_refused(org):
    user = factories.user(Role.ENHETSCHEF, org["asp"])
    with pytest.raises(UnknownValue):
        save_notes(org["asp"], 2025, catalogue().templates[2025], {"no_such_row": "x"}, user, {})


# The page


def signed_in(client, role, unit):
    holder = factories.user(role, unit)
    factories.log_in(client, holder)
    return holder


def body_rows(page: str) -> dict[str, dict[str, str]]:
    """Row key → column title → the cell's text, from the page's standard table (keys by
    label)."""
    page = standard_table(page)
    titles = [html.unescape(t) for t in re.findall(r'<th scope="col">(.*?)</th>', page)]
    labels = {row.label: row.key for _, row in catalogue().templates[2025].rows()}
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:]:
        label = html.unescape(re.search(r'<th scope="row">(.*?)</th>', tr).group(1))
        cells = [html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows[labels[label]] = dict(zip(titles[2:], cells))
    return rows


def textarea(page: str, label: str) -> str | None:
    """The text of the textarea labelled "Bedömning för <label>", or None if there is none."""
    found = re.search(rf'<label[^>]*for="(\w+)"[^>]*>Bedömning för {re.escape(html.escape(label))}'
                      rf'</label>.*?<textarea[^>]*id="\1"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    return found and html.unescape(found.group(2)).strip("\r\n")


TABLE = "/reports?node=ASP&year=2025"


def test_the_enhetschef_gets_the_draft_in_a_labelled_textarea(client, org):
    signed_in(client, Role.ENHETSCHEF, org["asp"])
    page = client.get(TABLE).get_data(as_text=True)
    assert textarea(page, RELATIVE).endswith(": Ny rutin för nyckelhantering.")
    assert textarea(page, PRAISE) == ""
    assert page.count("Utkast från avslutade ärenden") == len(draft_for(
        catalogue().templates[2025], org["asp"], 2025, date(2025, 12, 31)))
    assert 'action="/reports/notes?node=ASP&amp;year=2025"' in page


def test_saving_keeps_the_text_and_the_page_shows_it_instead_of_the_draft(client, org):
    signed_in(client, Role.OMRADESCHEF, org["o1"])
    key = key_of(RELATIVE)
    response = client.post("/reports/notes?node=ASP&year=2025",
                           data={f"note_{key}": "Vi ser över\r\nbemötandet.  "})
    assert response.status_code == 302 and response.location.endswith(TABLE)
    page = client.get(TABLE).get_data(as_text=True)
    assert "Texterna är sparade." in page
    assert textarea(page, RELATIVE) == "Vi ser över\nbemötandet."
    drafts = draft_for(catalogue().templates[2025], org["asp"], 2025, date(2025, 12, 31))
    assert page.count("Utkast från avslutade ärenden") == len(drafts) - 1
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "report_notes_save"))
    assert event.detail == {"year": 2025, "template": 2025, "rows": [key]}


@pytest.mark.parametrize("role, reads", [
    (Role.BITRADANDE_ENHETSCHEF, True), (Role.MAS, False), (Role.ADMIN, False),
])
def test_other_readers_get_no_form_and_the_text_if_they_read_every_case(client, org, role, reads):
    """The deputy reads every case of the unit and so the saved text; the MAS (lex Maria only)
    and the admin (no case content) get the figures only. tests/access/test_report_notes.py
    follows the text through every download."""
    save_notes(org["asp"], 2025, catalogue().templates[2025], {key_of(RELATIVE): "Sparad"},
               factories.user(Role.ENHETSCHEF, org["asp"]), {})
    signed_in(client, role, org["asp"])
    page = client.get(TABLE).get_data(as_text=True)
    assert "<textarea" not in page and "Utkast" not in page and "nyckelhantering" not in page
    assert ('<td class="report__note report__saved">Sparad</td>' in page) is reads
    assert ("visas bara för den som får läsa alla ärenden i Aspudden hemtjänst" in page) \
        is not reads
    assert body_rows(page)[key_of(RELATIVE)]["Utfall T1"] == "5 st"  # figures for everyone
    response = client.post("/reports/notes?node=ASP&year=2025",
                           data={f"note_{key_of(RELATIVE)}": "Ändrad"})
    assert response.status_code == 403


def test_a_node_outside_the_grant_is_404_and_changes_nothing(client, org):
    signed_in(client, Role.ENHETSCHEF, org["asp"])
    response = client.post("/reports/notes?node=E3&year=2025",
                           data={f"note_{key_of(RELATIVE)}": "Nej"})
    assert response.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportNote)) == 0


def test_too_long_a_text_is_refused_in_swedish_and_kept(client, org):
    signed_in(client, Role.ENHETSCHEF, org["asp"])
    text = "å" * 4001
    response = client.post("/reports/notes?node=ASP&year=2025",
                           data={f"note_{key_of(RELATIVE)}": text, f"note_{key_of(PRAISE)}": "Ok"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Texten får vara högst 4\u00a0000 tecken; den här har 4\u00a0001." in page
    assert textarea(page, RELATIVE) == text and textarea(page, PRAISE) == "Ok"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportNote)) == 0


# The exports


def test_downloads_and_the_cli_carry_the_saved_text(client, cli, org):
    save_notes(org["asp"], 2025, catalogue().templates[2025], {key_of(RELATIVE): "Åtgärdat"},
               factories.user(Role.ENHETSCHEF, org["asp"]), {})
    signed_in(client, Role.ENHETSCHEF, org["asp"])
    rows = csv_rows(client.get("/reports/download?node=ASP&year=2025&format=csv").get_data())
    assert {row["Klagomål/synpunkter/kategorier"]: row["Bedömning och planerade åtgärder"]
            for row in rows}[RELATIVE] == "Åtgärdat"
    result = cli.invoke(args=["report", "--unit", "ASP", "--year", "2025", "--format", "json"])
    data = json.loads(result.stdout)
    assert {row["label"]: row["note"] for row in data["rows"]}[RELATIVE] == "Åtgärdat"
    assert {row["note"] for row in data["rows"]} == {"", "Åtgärdat"}
