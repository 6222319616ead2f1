"""The deadline rules' pages (/admin/tidsfrister): the admin's district and its rules, a rule's
form with Swedish messages for what no rule can be, its history, the reset; a district out of
the admin's grants, an unknown rule or an id no row can have is 404."""
import html
from datetime import date

import pytest
import sqlalchemy as sa

from casework.core.extensions import db
from casework.deadlines import overrides
from casework.deadlines.models import DeadlineRuleChange
from casework.trail.models import AuditEvent
from tests import factories

MONDAY = date(2025, 3, 10)
ACK = "complaint_acknowledge"


@pytest.fixture
def world(app_ctx, client):
    district = factories.node("forvaltning", "Hägersten-Älvsjö stadsdelsförvaltning", code="HA")
    other = factories.node("forvaltning", "Skarpnäcks stadsdelsförvaltning", code="SK")
    unit = factories.node("enhet", "Aspudden hemtjänst", district)
    admin = factories.user("admin", district, name="Ada Admin")
    db.session.commit()
    factories.log_in(client, admin)
    return district, other, unit, admin


def rule_url(district, key=ACK) -> str:
    return f"/admin/tidsfrister/{district.id}/{key}"


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_an_admin_of_one_district_goes_straight_to_its_rules(client, world):
    district, *_ = world
    answer = client.get("/admin/tidsfrister")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/admin/tidsfrister/{district.id}")
    text = page(client.get(f"/admin/tidsfrister/{district.id}"))
    assert "Bekräftelse till den som lämnat klagomålet" in text
    assert "2 arbetsdagar" in text and "72 timmar" in text and "48 och 24 timmar före" in text
    assert "ändrad" not in text
    assert 'href="/admin/tidsfrister"' in page(client.get("/admin"))


def test_an_admin_of_two_districts_chooses_one(client, world):
    district, other, _unit, admin = world
    factories.grant(admin, "admin", other)
    db.session.commit()
    text = page(client.get("/admin/tidsfrister"))
    assert district.name in text and other.name in text


def test_a_saved_change_gives_a_new_case_its_due_date_and_is_in_the_history(client, world):
    district, _other, unit, admin = world
    form = page(client.get(rule_url(district)))
    assert 'value="2"' in form and "Historik" in form and "har inte ändrats" in form

    saved = client.post(rule_url(district), data={"length": "5", "reminder": "2",
                                                  "enabled": "y"}, follow_redirects=True)

    text = page(saved)
    assert "är sparad för Hägersten-Älvsjö stadsdelsförvaltning" in text
    assert "Ada Admin" in text and "Tidsfrist, arbetsdagar: 2 → 5" in text
    assert "Påminnelse, arbetsdagar före: 1 → 2" in text
    assert factories.case(unit, "klagomal", MONDAY).due_on == date(2025, 3, 17)
    (audited,) = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "rule_change"))
    assert (audited.user_id, audited.unit_id, audited.detail["rule"]) == (admin.id, district.id, ACK)
    assert "ändrad" in page(client.get(f"/admin/tidsfrister/{district.id}"))


def test_the_same_values_sent_twice_are_one_change(client, world):
    district, *_ = world
    for _ in range(2):
        client.post(rule_url(district), data={"length": "5", "reminder": "1", "enabled": "y"})
    assert len(overrides.history(district.id, ACK)) == 1


def test_turning_a_rule_off_and_resetting_it(client, world):
    district, *_ = world
    client.post(rule_url(district), data={"length": "2", "reminder": "1"})  # the box unticked
    assert not overrides.rule_state(district.id, ACK).enabled
    assert "Används inte" in page(client.get(rule_url(district)))

    reset = client.post(rule_url(district) + "/aterstall", follow_redirects=True)

    assert "har standardvärdena igen" in page(reset)
    state = overrides.rule_state(district.id, ACK)
    assert state.enabled and not state.overridden
    assert "Används: Nej → Ja" in page(reset)


def test_an_hours_rule_takes_hours_separated_by_commas(client, world):
    district, *_ = world
    answer = client.post(rule_url(district, "breach_imy"),
                         data={"length": "48", "reminder": "6, 24", "enabled": "y"})
    assert answer.status_code == 302
    assert overrides.rule_state(district.id, "breach_imy").rule.remind_hours_before == (24, 6)


@pytest.mark.parametrize("key, values, message", [
    (ACK, {"length": ""}, "Ange tidsfristen i hela arbetsdagar."),
    (ACK, {"length": "-1"}, "Ange tidsfristen i hela arbetsdagar som ett heltal från 0 till 365."),
    (ACK, {"length": "366"}, "som ett heltal från 0 till 365."),
    (ACK, {"length": "1.5"}, "som ett heltal från 0 till 365."),
    (ACK, {"length": "tio"}, "som ett heltal från 0 till 365."),
    (ACK, {"length": "٣"}, "som ett heltal från 0 till 365."),  # a digit, but not 0-9
    (ACK, {"length": "9" * 5000}, "som ett heltal från 0 till 365."),
    (ACK, {"length": "2", "reminder": "1, 2"}, "Ange en påminnelse"),
    (ACK, {"length": "2", "reminder": "-3"}, "Ange påminnelsen i hela arbetsdagar före"),
    ("breach_imy", {"length": "721"}, "Ange tidsfristen i hela timmar som ett heltal från 0 till 720."),
    ("breach_imy", {"length": "72", "reminder": "48,,24"}, "Ange påminnelsen i hela timmar"),
    ("breach_imy", {"length": "72", "reminder": "1000"}, "från 0 till 720"),
])
def test_what_no_rule_can_be_is_asked_for_again_in_swedish_and_nothing_is_saved(
        client, world, key, values, message):
    district, *_ = world
    answer = client.post(rule_url(district, key), data={"enabled": "y"} | values)
    assert answer.status_code == 400
    text = page(answer)
    assert message in text and "Formuläret innehåller fel" in text
    assert f'value="{values["length"]}"' in text  # what was typed is kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeadlineRuleChange)) == 0


def test_a_nul_byte_is_refused(client, world):
    district, *_ = world
    answer = client.post(rule_url(district), data={"length": "2\0", "enabled": "y"})
    assert answer.status_code == 400
    assert not overrides.rule_state(district.id, ACK).overridden


@pytest.mark.parametrize("path", [
    "/admin/tidsfrister/{other}", "/admin/tidsfrister/{other}/" + ACK,
    "/admin/tidsfrister/{unit}", "/admin/tidsfrister/{district}/ingen_sadan_regel",
    "/admin/tidsfrister/2147483648", "/admin/tidsfrister/2147483648/" + ACK,
    "/admin/tidsfrister/999999/" + ACK,
])
def test_a_district_out_of_reach_or_an_unknown_rule_is_404(client, world, path):
    district, other, unit, _admin = world
    url = path.format(district=district.id, other=other.id, unit=unit.id)
    assert client.get(url).status_code == 404
    if url.count("/") == 4:
        assert client.post(url, data={"length": "3"}).status_code == 404
        assert client.post(url + "/aterstall").status_code == 404
    assert overrides.history(other.id, ACK) == []


def test_a_post_without_the_fields_saves_nothing(client, world):
    """A post that leaves the fields out is no request to keep them (nor to turn the rule off,
    as the missing box would say)."""
    district, *_ = world
    answer = client.post(rule_url(district), data={"annat": "1"})
    assert answer.status_code == 400
    assert "Fyll i fältet." in page(answer)
    assert not overrides.rule_state(district.id, ACK).overridden
