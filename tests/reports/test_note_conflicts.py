"""Issue 11.4: two people saving the report's text column from pages loaded at the same time.
The later save of a row the earlier one changed gets the conflict page (409), with the text
typed kept and the saved text beside it; saves of different rows both stand."""
import html
import re
from datetime import date

import pytest

from casework.auth.models import Role
from casework.cases.models import CaseType
from casework.cases.services import bulk_insert_cases
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.reports.notes import notes_for
from tests import factories

TABLE = "/reports?node=ASP&year=2025"
SAVE = "/reports/notes?node=ASP&year=2025"
RELATIVE = "Närstående (anhörig, god man etc.)"
PRAISE = "Beröm"


def key_of(label: str) -> str:
    return next(row.key for _, row in catalogue().templates[2025].rows() if row.label == label)


@pytest.fixture
def org(app_ctx):
    """Enhet ASP with a closed complaint, whose summary drafts the row "Närstående"."""
    unit = factories.node("enhet", "Aspudden hemtjänst",
                          factories.node("omrade", "Område 1", code="O1"), "ASP")
    bulk_insert_cases([{"type": CaseType.KLAGOMAL, "unit_id": unit.id,
                        "received_on": date(2025, 2, 3), "source": "narstaende",
                        "categories": ["bemotande"], "closed_on": date(2025, 3, 1),
                        "closing_summary": "Ny rutin för nyckelhantering.",
                        "description": "Nycklarna kom bort."}])
    return unit


def session(app, org, role=Role.ENHETSCHEF, unit=None):
    """A browser of its own, signed in as a new holder of ``role``."""
    client = app.test_client()
    factories.log_in(client, factories.user(role, unit or org))
    return client


def form_of(page: str) -> dict[str, str]:
    """What a browser posts from the text column's form: every textarea and hidden input."""
    form = re.search(r'<form method="post" action="/reports/notes.*?</form>', page, re.S).group(0)
    fields = {name: html.unescape(text).removeprefix("\r\n").removeprefix("\n")
              for name, text in re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>',
                                           form, re.S)}
    for tag in re.findall(r'<input[^>]*type="hidden"[^>]*>', form):
        name, value = re.search(r'name="(\w+)"', tag), re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return fields


def loaded(client) -> dict[str, str]:
    page = client.get(TABLE)
    assert page.status_code == 200
    return form_of(page.get_data(as_text=True))


def box(page: str, key: str) -> str:
    return form_of(page)[f"note_{key}"]


def saved(unit) -> dict[str, str]:
    db.session.expire_all()
    return notes_for(unit, 2025, catalogue().templates[2025])


def test_the_second_save_of_a_row_gets_409_with_its_text_kept_and_the_first_shown(app, org):
    relative = key_of(RELATIVE)
    first, second = session(app, org), session(app, org, Role.OMRADESCHEF, org.parent)
    first_form, second_form = loaded(first), loaded(second)

    assert first.post(SAVE, data=first_form | {f"note_{relative}": "Vi byter rutin."}
                      ).status_code == 302
    response = second.post(SAVE, data=second_form | {f"note_{relative}": "Vi utbildar alla."})

    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "<h1>Texterna har ändrats av någon annan</h1>" in page
    assert box(page, relative) == "Vi utbildar alla."
    current = re.search(rf'id="note_{relative}-current">(.*?)</div>', page, re.S).group(1)
    assert "Vi byter rutin." in current
    assert f'aria-describedby="note_{relative}-current' in page
    assert f'<a href="#note_{relative}">{html.escape(RELATIVE)}</a>' in page
    assert saved(org)[relative] == "Vi byter rutin."

    again = second.post(SAVE, data=form_of(page))  # the conflict page's form, saved on purpose
    assert again.status_code == 302
    assert saved(org)[relative] == "Vi utbildar alla."


def test_saves_of_different_rows_from_two_pages_both_stand(app, org):
    relative, praise = key_of(RELATIVE), key_of(PRAISE)
    first, second = session(app, org), session(app, org)
    first_form, second_form = loaded(first), loaded(second)
    assert first_form[f"note_{relative}"].endswith("Ny rutin för nyckelhantering.")  # the draft

    assert first.post(SAVE, data=first_form | {f"note_{relative}": "Vi byter rutin."}
                      ).status_code == 302
    assert second.post(SAVE, data=second_form | {f"note_{praise}": "Tack!"}).status_code == 302

    notes = saved(org)
    assert (notes[relative], notes[praise]) == ("Vi byter rutin.", "Tack!")


def test_a_row_removed_by_the_first_and_changed_by_the_second_conflicts(app, org):
    praise = key_of(PRAISE)
    writer = session(app, org)
    assert writer.post(SAVE, data=loaded(writer) | {f"note_{praise}": "Tack!"}).status_code == 302
    first, second = session(app, org), session(app, org)
    first_form, second_form = loaded(first), loaded(second)

    assert first.post(SAVE, data=first_form | {f"note_{praise}": ""}).status_code == 302
    response = second.post(SAVE, data=second_form | {f"note_{praise}": "Tack så mycket!"})

    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert box(page, praise) == "Tack så mycket!" and "Texten är borttagen." in page
    assert praise not in saved(org)
