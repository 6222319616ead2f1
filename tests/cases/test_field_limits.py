"""Bad input on the case forms, as the server answers it: text over a field's limit and text with
a personnummer are refused in Swedish and kept (never cut), dates out of bounds are refused on
every form, and no page renders a maxlength that would cut a paste in the browser."""
import re
from datetime import date
from html import unescape

import pytest
import sqlalchemy as sa

from casework.cases.models import Case, CaseAction, CaseFeedback
from casework.cases.services import create_case
from casework.cases.submissions import new_token
from casework.core.clock import local_today
from casework.core.errors import InvalidFields
from casework.core.extensions import db
from tests import factories

PERSONNUMMER = "121212 1212"
TOO_MUCH = "Texten får vara högst 10\u00a0000 tecken; den här har 10\u00a0250."


@pytest.fixture
def complaint(unit):
    case = factories.case(unit)
    db.session.commit()
    return case


@pytest.fixture
def sarah(unit):
    case = factories.case(unit, "lex_sarah")
    db.session.commit()
    return case


def text(response) -> str:
    return response.get_data(as_text=True)


def textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\r?\n?(.*?)</textarea>', page, re.S)
    return unescape(found.group(1))


def step(client, case, path, name, **fields):
    data = {f"{name}-{key}": value for key, value in fields.items()}
    data.setdefault(f"{name}-version", str(case.version))
    return client.post(f"/cases/{case.id}/{path}", data=data)


def quick_entry(**fields) -> dict:
    return {"submission": new_token(), "type": "klagomal",
            "received_on": local_today().isoformat(),
            "source": "narstaende", "categories": ["bemotande"],
            "description": "Kom för sent."} | fields


def saved_cases() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Case))


# Text over the limit


def test_a_description_over_the_limit_is_refused_and_kept_whole(client, unit):
    factories.log_in(client, factories.user("planerare", unit))
    typed = "Å" * 10_250

    page = text(client.post("/cases/new", data=quick_entry(description=typed)))

    assert saved_cases() == 0
    assert f'id="description-error"><span class="visually-hidden">Fel: </span>{TOO_MUCH}</p>' in page
    assert textarea(page, "description") == typed
    assert "maxlength" not in page


def test_the_limit_is_stated_at_the_field_for_the_live_count(client, unit):
    factories.log_in(client, factories.user("planerare", unit))

    page = text(client.get("/cases/new"))

    assert re.search(r'<textarea[^>]*aria-describedby="description-limit"[^>]*'
                     r'data-limit="10000"', page)
    assert '<p class="field__count" id="description-limit">Högst 10\u00a0000 tecken.</p>' in page
    assert 'data-limit="500"' in page  # the contact details, one line
    assert 'src="/static/js/character-count.js" defer' in page and "maxlength" not in page


def test_a_handling_text_over_its_limit_gets_a_swedish_message(client, complaint, manager):
    factories.log_in(client, manager)
    typed = "x" * 4_001

    response = step(client, complaint, "actions", "add_action", description=typed,
                    taken_on="2025-03-05")
    page = text(response)

    assert response.status_code == 400
    assert "Texten får vara högst 4\u00a0000 tecken; den här har 4\u00a0001." in page
    assert textarea(page, "add_action-description") == typed
    assert "maxlength" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseAction)) == 0


# The personnummer guard on every free-text field


@pytest.mark.parametrize("path, name, fields, field", [
    ("actions", "add_action", {"description": f"Ringde {PERSONNUMMER}.",
                               "taken_on": "2025-03-05"}, "description"),
    ("feedback", "record_feedback", {"given_on": "2025-03-05", "method": "telefon",
                                     "recipient": "Brukaren 1212121212"}, "recipient"),
    ("steps/escalate_lex_sarah", "escalate_lex_sarah",
     {"description": "Gäller 121212–1212."}, "description"),
])
def test_a_handling_text_with_a_personnummer_is_refused(client, complaint, manager, path, name,
                                                          fields, field):
    factories.log_in(client, manager)

    response = step(client, complaint, path, name, **fields)
    page = text(response)

    assert response.status_code == 400
    assert (f'id="{name}-{field}-error"><span class="visually-hidden">Fel: </span>'
            "Skriv inte personnummer här.</p>") in page
    assert fields[field] in unescape(page)
    assert complaint.version == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseFeedback)) == 0


def test_a_legal_step_text_with_a_personnummer_is_refused(client, sarah, manager):
    factories.log_in(client, manager)

    response = step(client, sarah, "steps/record_protection", "record_protection",
                    measures=f"Ringde anhörig till {PERSONNUMMER}.", taken_on="2025-03-04")

    assert response.status_code == 400
    assert "Skriv inte personnummer här." in text(response)
    assert sarah.version == 1


# Dates out of bounds


def test_a_received_date_before_2000_is_refused_at_the_field(client, unit):
    factories.log_in(client, factories.user("planerare", unit))

    page = text(client.post("/cases/new", data=quick_entry(received_on="0001-01-01")))

    assert saved_cases() == 0
    assert "Datumet kan inte vara före 2000-01-01." in page and 'value="0001-01-01"' in page


def test_create_case_refuses_a_received_date_before_2000(unit):
    with pytest.raises(InvalidFields, match="received_on: Datumet kan inte vara före 2000-01-01."):
        create_case(type="berom", unit_id=unit.id, received_on=date(1999, 12, 31),
                    registered_by_id=None, description="")


def test_a_step_date_out_of_bounds_is_refused_at_the_field(client, complaint, manager):
    factories.log_in(client, manager)

    response = step(client, complaint, "actions", "add_action", description="Ringde.",
                    taken_on="0001-01-01")

    assert response.status_code == 400
    assert "Datumet kan inte vara före 1900-01-01." in text(response)


@pytest.mark.parametrize("query, message", [
    ("till=9999-12-31", "Datumet kan inte vara efter 2100-12-31."),
    ("fran=0001-01-01", "Datumet kan inte vara före 1900-01-01."),
])
def test_a_list_filter_out_of_bounds_is_refused(client, complaint, manager, query, message):
    factories.log_in(client, manager)

    page = text(client.get(f"/cases?{query}"))

    assert message in page and complaint.number not in page
