"""Issue 7.1: a tampered form cannot set what the user may not set: the unit, the status, who
registered the case, its handler. The forms take the unit from the user's own units, the
registrar from the session and the status from the workflow, and ignore any other field."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casework.cases.models import Case
from casework.cases.submissions import new_token
from casework.core.case_types import INITIAL_STATUS
from casework.core.clock import local_today
from casework.core.extensions import db
from tests.access.matrix import build_world
from tests.access.test_matrix import signed_in

#: Fields no intake or handling form has, naming what a tamperer would like to set.
SMUGGLED = ("status", "registered_by_id", "handler_id", "unit_id", "number", "closed_on")


@pytest.fixture
def world(app_ctx):
    return build_world(snapshots=False)


def smuggled(world, **fields) -> dict:
    values = {"status": "avslutad", "registered_by_id": world.users["admin"].id,
              "handler_id": world.users["bitr_b"].id, "unit_id": world.refs["B"].id,
              "number": "2025-9999", "closed_on": local_today().isoformat()}
    return values | {f"{prefix}-{name}": value for prefix in fields.pop("_prefixes", ())
                     for name, value in values.items()} | fields


def complaint(unit_id: int) -> dict:
    return {"submission": new_token(), "type": "klagomal",
            "received_on": local_today().isoformat(), "unit": str(unit_id),
            "source": "narstaende", "categories": ["bemotande"],
            "description": "Morgonbesöket kom för sent."}


def deviation(unit_id: int, case_type: str = "avvikelse") -> dict:
    return {"submission": new_token(), "type": case_type, "unit": str(unit_id),
            "description": "Larmet var urkopplat.",
            "occurred_on": (local_today() - timedelta(days=1)).isoformat(),
            "identified_by": "medarbetare", "categories": ["avv_utforande"],
            "concerns": "egen_verksamhet"}


def case_ids() -> set[int]:
    return set(db.session.scalars(sa.select(Case.id)))


def new_case(before: set[int]) -> Case:
    (created,) = case_ids() - before
    return db.session.get(Case, created)


@pytest.mark.parametrize("persona, path, form", [
    ("planerare_a", "/cases/new", complaint),
    ("medarbetare_a", "/cases/report", deviation),
    ("bitr_a", "/cases/new", complaint),
    ("bitr_a", "/cases/report", deviation),
])
def test_intake_with_another_units_id_is_refused(app, world, persona, path, form):
    before = case_ids()

    response = signed_in(app, world, persona).post(path, data=form(world.refs["B"].id))

    assert response.status_code == 400
    assert "Välj en av dina enheter." in response.get_data(as_text=True)
    assert case_ids() == before


@pytest.mark.parametrize("persona, path, form", [
    ("planerare_a", "/cases/new", complaint),
    ("medarbetare_a", "/cases/report", deviation),
])
def test_intake_sets_unit_status_registrar_and_handler_itself(app, world, persona, path, form):
    before = case_ids()
    data = form(world.refs["A"].id) | smuggled(world)

    response = signed_in(app, world, persona).post(path, data=data)

    assert response.status_code == 302
    case = new_case(before)
    assert (case.unit_id, case.status, case.registered_by_id, case.handler_id) == (
        world.refs["A"].id, INITIAL_STATUS, world.users[persona].id, None)
    assert case.number != "2025-9999" and case.closed_on is None


@pytest.mark.parametrize("persona, path, data", [
    ("planerare_a", "/cases/new", {"type": "avvikelse"}),
    ("medarbetare_a", "/cases/report", {"type": "klagomal"}),
    ("medarbetare_a", "/cases/report", {"type": "lex_maria"}),
    ("medarbetare_a", "/cases/report", {"type": "personuppgiftsincident"}),
])
def test_intake_refuses_a_type_the_role_may_not_register(app, world, persona, path, data):
    before = case_ids()
    form = complaint if path == "/cases/new" else deviation

    response = signed_in(app, world, persona).post(path, data=form(world.refs["A"].id) | data)

    assert response.status_code == 400
    assert case_ids() == before


@pytest.mark.parametrize("persona, case_type, unit", [
    ("bitr_a", "personuppgiftsincident", "B"),  # another unit
    ("bitr_a", "lex_maria", "A"),  # the MAS's type
    ("mas", "personuppgiftsincident", "A"),  # the managers' type
])
def test_legal_intake_refuses_another_unit_or_type(app, world, persona, case_type, unit):
    before = case_ids()
    data = {"submission": new_token(), "type": case_type, "unit": str(world.refs[unit].id),
            "received_on": local_today().isoformat(), "description": "Fel mottagare.",
            "discovered_at": f"{local_today().isoformat()}T00:00"}  # complete but for the grant

    response = signed_in(app, world, persona).post("/cases/legal/new", data=data)

    assert response.status_code == 400
    assert case_ids() == before


def test_legal_intake_sets_registrar_and_status_itself(app, world):
    before = case_ids()
    data = {"submission": new_token(), "type": "lex_maria", "unit": str(world.refs["A"].id),
            "received_on": local_today().isoformat(), "description": "Fallolycka."}

    response = signed_in(app, world, "mas").post("/cases/legal/new", data=data | smuggled(world))

    assert response.status_code == 302
    case = new_case(before)
    assert (case.type.value, case.unit_id, case.status, case.registered_by_id, case.handler_id) \
        == ("lex_maria", world.refs["A"].id, INITIAL_STATUS, world.users["mas"].id, None)


def assign(app, world, persona: str, handler: str, case: str = "klagomal"):
    case_id = getattr(world.refs["A"], case)
    version = db.session.get(Case, case_id).version
    data = {"assign-version": str(version), "assign-handler_id": str(world.users[handler].id)}
    return signed_in(app, world, persona).post(f"/cases/{case_id}/assign", data=data)


@pytest.mark.parametrize("handler", [
    "bitr_b",  # another unit's deputy
    "planerare_a",  # in the unit, but handles nothing
    "omradeschef",  # above the unit, reads but does not handle
    "mas",  # handles lex Maria only
    "admin",
    "inaktiv",  # the former deputy of the unit
])
def test_the_handler_is_someone_who_may_handle_the_case(app, world, handler):
    response = assign(app, world, "bitr_a", handler)

    assert response.status_code == 400
    assert 'id="assign-handler_id-error"' in response.get_data(as_text=True)  # not a choice
    assert db.session.get(Case, world.refs["A"].klagomal).handler_id is None


def test_the_handler_may_be_anyone_who_handles_the_type_in_the_unit(app, world):
    assert assign(app, world, "bitr_a", "enhetschef_a").status_code == 302
    assert db.session.get(Case, world.refs["A"].klagomal).handler_id == \
        world.users["enhetschef_a"].id
    assert assign(app, world, "mas", "mas", case="lex_maria").status_code == 302
    assert assign(app, world, "mas", "bitr_a", case="lex_maria").status_code == 400


def test_a_handling_step_cannot_set_status_unit_or_handler(app, world):
    case_id = world.refs["A"].klagomal
    case = db.session.get(Case, case_id)
    data = {"add_action-version": str(case.version), "add_action-description": "Samtal.",
            "add_action-taken_on": local_today().isoformat()}

    response = signed_in(app, world, "bitr_a").post(
        f"/cases/{case_id}/actions", data=data | smuggled(world, _prefixes=("add_action",)))

    assert response.status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert len(case.actions) == 1
    assert (case.unit_id, case.handler_id, case.registered_by_id, case.closed_on) == (
        world.refs["A"].id, None, None, None)
    assert case.status != "avslutad"


def test_the_apt_list_records_no_case_of_another_unit(app, world):
    for letter in ("A", "B"):
        db.session.get(Case, world.refs[letter].klagomal).apt_pending = True
    db.session.commit()
    client = signed_in(app, world, "bitr_a")
    ids = [world.refs["A"].klagomal, world.refs["B"].klagomal]

    response = client.post(f"/apt/{world.refs['A'].code}", data={
        "cases": [str(i) for i in ids], "discussed_on": local_today().isoformat()})

    assert response.status_code == 400
    db.session.expire_all()
    assert [db.session.get(Case, i).apt_discussed_on for i in ids] == [None, None]
