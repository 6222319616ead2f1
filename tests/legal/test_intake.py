"""Registering a breach on the legal intake page: its discovery is asked for there, checked, and
starts the 72-hour clock to IMY; lex Maria neither shows nor takes one."""
import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import current_app

from casework.cases.details import details_of
from casework.cases.handling import InvalidInput
from casework.cases.models import Case
from casework.cases.submissions import new_token
from casework.core.clock import as_utc, local_time, local_today
from casework.core.extensions import db
from casework.legal import services as legal
from casework.legal.models import DataBreachDetails
from tests import factories

BREACH = "personuppgiftsincident"


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def register(client, unit, **fields):
    return client.post("/cases/legal/new", data={
        "submission": new_token(), "type": BREACH, "unit": str(unit.id), "received_on": local_today().isoformat(),
        "description": "En brukarlista skickades till fel mottagare.",
    } | fields)


def registered() -> list[Case]:
    return list(db.session.scalars(sa.select(Case)))


def test_a_breach_discovered_at_10_15_yesterday_is_due_at_imy_72_hours_later(
        client, unit, manager):
    factories.log_in(client, manager)
    yesterday = local_today() - timedelta(days=1)
    discovered = datetime.combine(yesterday, time(10, 15), zone())

    response = register(client, unit, received_on=yesterday.isoformat(),
                        discovered_at=f"{yesterday.isoformat()}T10:15")

    [case] = registered()
    assert response.status_code == 302 and response.location == f"/cases/{case.id}"
    assert as_utc(details_of(case).discovered_at) == discovered.astimezone(timezone.utc)
    due = discovered.astimezone(timezone.utc) + timedelta(hours=72)
    assert as_utc(case.due_at) == due  # not midnight of the received date + 72 h
    page = client.get(response.location).get_data(as_text=True)
    shown = due.astimezone(zone())
    assert re.search(r'<span class="deadlines__rule">Anmälan till IMY inom 72 timmar:</span>\s*'
                     rf'<span>senast <span class="deadlines__due">[^<]*{shown.year} kl. {shown:%H:%M}</span>' , page)
    assert case.status == "ny"  # the breach is not documented yet: that is the next step


@pytest.mark.parametrize("fields, message", [
    ({}, "Ange när incidenten upptäcktes."),
    ({"discovered_at": "i morse"}, "Skriv datum och klockslag, till exempel 2025-03-14 10:15."),
    ({"discovered_at": "0001-01-01T00:30"}, "Tidpunkten kan inte vara före 1900-01-01."),
    ({"received_on": "2025-03-04", "discovered_at": "2025-03-05T08:00"},
     "Incidenten kan inte ha upptäckts efter den dag ärendet kom in."),
    ({"discovered_at": "2099-03-05T08:00"}, "Tidpunkten kan inte vara i framtiden."),
])
def test_a_missing_or_impossible_discovery_is_refused_at_its_field(client, unit, manager,
                                                                    fields, message):
    factories.log_in(client, manager)

    response = register(client, unit, **fields)
    page = response.get_data(as_text=True)

    assert response.status_code == 400 and registered() == []
    assert ('id="discovered_at-error"><span class="visually-hidden">Fel: </span>'
            f"{message}</p>") in page
    assert "En brukarlista skickades till fel mottagare." in page  # the rest is kept
    if "discovered_at" in fields:
        assert f'value="{fields["discovered_at"]}"' in page


def test_a_discovery_before_the_received_date_is_taken(client, unit, manager):
    factories.log_in(client, manager)
    today = local_today()

    register(client, unit, received_on=today.isoformat(),
             discovered_at=f"{(today - timedelta(days=1)).isoformat()}T21:47")

    [case] = registered()
    assert local_time(details_of(case).discovered_at).time() == time(21, 47)


def test_the_manager_is_asked_for_the_discovery_and_the_mas_is_not(client, unit, manager):
    factories.log_in(client, manager)
    page = client.get("/cases/legal/new").get_data(as_text=True)
    assert re.search(r'<label class="field__label" for="discovered_at">Upptäcktes</label>', page)
    assert 'type="datetime-local"' in page and "72 timmarna till IMY" in page
    assert "Endast för personuppgiftsincident" not in page  # the breach is the one type

    factories.log_in(client, factories.user("mas", unit.parent))
    page = client.get("/cases/legal/new").get_data(as_text=True)
    assert "Upptäcktes" not in page and 'name="discovered_at"' not in page


def test_offered_both_types_the_discovery_is_marked_a_breachs_own_and_lex_maria_ignores_it(
        client, unit, manager):
    factories.grant(manager, "mas", unit.parent)
    db.session.commit()
    factories.log_in(client, manager)

    page = client.get("/cases/legal/new").get_data(as_text=True)
    assert re.search(r'<div data-types="personuppgiftsincident">\s*<div class="field">', page)
    assert "Endast för personuppgiftsincident." in page and "data-intake" in page

    response = register(client, unit, type="lex_maria",
                        discovered_at=f"{local_today().isoformat()}T00:00")
    [case] = registered()
    assert response.status_code == 302 and details_of(case) is None


def test_the_service_wants_a_discovery_for_a_breach_only(unit, manager):
    today = local_today()
    common = dict(unit_id=unit.id, received_on=today, registered_by_id=manager.id,
                  description="Lista på fel e-post.")
    with pytest.raises(InvalidInput, match="Ange när incidenten upptäcktes.") as refused:
        legal.register(type=BREACH, **common)
    assert refused.value.field == "discovered_at"
    with pytest.raises(InvalidInput, match="Bara en personuppgiftsincident"):
        legal.register(type="lex_maria", discovered_at=datetime.now(), **common)
    assert registered() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DataBreachDetails)) == 0
