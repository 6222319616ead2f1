"""The organisation tree's writes: add, rename, move (the subtree's paths follow), close and
reopen an enhet; each audited with codes, and refused in Swedish at the field concerned."""
from datetime import date

import pytest
import sqlalchemy as sa

from casework.access.policy import Action, units_for
from casework.cases.models import Case
from casework.cases.services import create_case
from casework.cases.validation import UNIT_CLOSED
from casework.core.errors import InvalidFields
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.organisation import services
from casework.organisation.models import OrgNode
from casework.reports.counting import count_report
from casework.reports.snapshot_models import ReportSnapshot
from casework.reports.snapshots import compare, take_snapshots
from casework.trail.models import AuditEvent
from tests import factories

T1_END = date(2025, 4, 30)
RELATIVE = "Närstående (anhörig, god man etc.)"


@pytest.fixture
def tree(app_ctx):
    """F → områden O1 (enhet ASP, with a complaint, and under it nothing) and O2 (enhet E3)."""
    f = factories.node("forvaltning", "Förvaltningen", code="F")
    o1 = factories.node("omrade", "Område 1", f, "O1")
    o2 = factories.node("omrade", "Område 2", f, "O2")
    asp = factories.node("enhet", "Aspudden hemtjänst", o1, "ASP")
    e3 = factories.node("enhet", "Enhet 3", o2, "E3")
    factories.case(asp, "klagomal", date(2025, 2, 3), source="narstaende")
    return {"f": f, "o1": o1, "o2": o2, "asp": asp, "e3": e3}


def audit(action: str) -> list[tuple[dict, dict, int]]:
    rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action))
    return [(row.detail["before"], row.detail["after"], row.unit_id) for row in rows]


def refusal(call, *args) -> dict[str, str]:
    with pytest.raises(InvalidFields) as refused:
        call(*args)
    return {error.field: error.message for error in refused.value.errors}


def figure(node: OrgNode, label: str = RELATIVE) -> int:
    table = count_report(catalogue().template_for(2025), node, 2025, T1_END)
    return next(row.total for row in table.rows if row.label == label)


def test_adding_is_audited_with_codes_and_names(tree):
    unit = services.add_node(" NY-1 ", " Ny enhet ", "enhet", "O1")
    assert (unit.code, unit.name, unit.path) == ("NY-1", "Ny enhet", f"{tree['o1'].path}{unit.id}/")
    assert audit("unit_add") == [(
        {}, {"code": "NY-1", "name": "Ny enhet", "kind": "enhet", "parent": "O1"}, unit.id)]


@pytest.mark.parametrize("code, name, message", [
    ("", "Namn", {"code": "Ange en kod."}),
    ("X" * 33, "Namn", {"code": "Koden får vara högst 32 tecken."}),
    ("Å 1", "Namn", {"code": "Koden får bara innehålla bokstäverna A–Z, siffror och bindestreck."}),
    ("ASP", "Namn", {"code": "Koden ASP används redan."}),
    ("NY", "   ", {"name": "Ange ett namn."}),
    ("NY", "n" * 201, {"name": "Namnet får vara högst 200 tecken."}),
])
def test_a_bad_code_or_name_is_refused_and_nothing_added(tree, code, name, message):
    assert refusal(services.add_node, code, name, "enhet", "O1") == message
    assert db.session.scalar(sa.select(sa.func.count(OrgNode.id))) == 5


def test_a_child_must_rank_below_its_parent(tree):
    assert refusal(services.add_node, "X", "X", "omrade", "ASP") == {
        "kind": "Ett område kan inte ligga under en enhet (Aspudden hemtjänst)."}


def test_renaming_keeps_code_place_and_cases(tree):
    services.rename_node(tree["asp"], "Aspudden äldreomsorg")
    assert tree["asp"].name == "Aspudden äldreomsorg" and tree["asp"].code == "ASP"
    assert audit("unit_rename") == [({"code": "ASP", "name": "Aspudden hemtjänst"},
                                     {"code": "ASP", "name": "Aspudden äldreomsorg"},
                                     tree["asp"].id)]
    services.rename_node(tree["asp"], "Aspudden äldreomsorg")  # the same name: no change
    assert len(audit("unit_rename")) == 1
    assert refusal(services.rename_node, tree["asp"], "") == {"name": "Ange ett namn."}


def test_a_move_rewrites_the_paths_of_the_whole_subtree_and_the_roll_ups_follow(tree):
    deeper = services.add_node("AO", "Avdelning", "avdelning", "F")
    assert figure(tree["o1"]) == 1 and figure(tree["o2"]) == 0
    services.move_node(tree["o1"], deeper)  # the område, with ASP under it
    assert tree["o1"].path == f"{deeper.path}{tree['o1'].id}/"
    assert tree["asp"].path == f"{tree['o1'].path}{tree['asp'].id}/"
    assert figure(deeper) == 1
    services.move_node(tree["asp"], tree["o2"])
    db.session.expire_all()  # what the database holds, not what the session remembers
    assert db.session.get(OrgNode, tree["asp"].id).path == f"{tree['o2'].path}{tree['asp'].id}/"
    assert figure(tree["o2"]) == 1 and figure(tree["o1"]) == 0 and figure(tree["f"]) == 1
    case = db.session.scalars(sa.select(Case)).one()
    assert case.unit_id == tree["asp"].id  # the cases stay with their unit
    assert audit("unit_move")[-1] == ({"code": "ASP", "parent": "O1"},
                                      {"code": "ASP", "parent": "O2"}, tree["asp"].id)


def test_a_node_cannot_move_under_itself_its_descendants_or_a_lower_kind(tree):
    assert refusal(services.move_node, tree["o1"], tree["asp"]) == {
        "parent": "Område 1 kan inte flyttas till sig själv eller till en del under sig "
                  "(Aspudden hemtjänst)."}
    assert refusal(services.move_node, tree["o1"], tree["o1"])["parent"].startswith(
        "Område 1 kan inte flyttas till sig själv")
    assert refusal(services.move_node, tree["o1"], tree["o2"]) == {
        "parent": "Ett område kan inte ligga under ett område (Område 2)."}
    assert refusal(services.move_node, tree["asp"], tree["o1"]) == {
        "parent": "Aspudden hemtjänst ligger redan under Område 1."}
    assert audit("unit_move") == []


def test_a_frozen_snapshot_keeps_what_it_showed_after_a_move(tree):
    take_snapshots(T1_END)
    frozen = {s.node.code: s for s in db.session.scalars(sa.select(ReportSnapshot))}
    before = {code: dict(s.data) for code, s in frozen.items()}
    services.move_node(tree["asp"], tree["o2"])
    db.session.flush()
    db.session.expire_all()
    assert {code: s.data for code, s in frozen.items()} == before
    # What it showed, against today's tree: O1 has lost the complaint, O2 gained it.
    assert [(c.label, c.column, c.snapshot, c.current) for c in compare(frozen["O1"])
            if c.label == RELATIVE] == [(RELATIVE, "t1", 1, 0), (RELATIVE, "total", 1, 0)]


def test_a_closed_unit_takes_no_new_case_but_its_cases_stay(tree):
    planner = factories.user("planerare", tree["asp"])
    services.close_unit(tree["asp"], on=date(2025, 5, 2))
    assert tree["asp"].closed_on == date(2025, 5, 2)
    assert units_for(planner, Action.CREATE) == []
    assert units_for(planner, Action.VIEW) == [tree["asp"]]
    with pytest.raises(InvalidFields) as refused:
        create_case(**factories.case_fields("klagomal", unit_id=tree["asp"].id,
                                            received_on=date(2025, 5, 2)),
                    registered_by_id=planner.id)
    assert [(e.field, e.message) for e in refused.value.errors] == [("unit", UNIT_CLOSED)]
    assert figure(tree["asp"]) == 1  # still reported
    assert refusal(services.close_unit, tree["asp"]) == {
        "node": "Aspudden hemtjänst är redan stängd."}
    assert refusal(services.close_unit, tree["o1"]) == {"node": "Bara en enhet kan stängas."}
    services.reopen_unit(tree["asp"])
    assert units_for(planner, Action.CREATE) == [tree["asp"]]
    assert refusal(services.reopen_unit, tree["asp"]) == {
        "node": "Aspudden hemtjänst är inte stängd."}
    assert audit("unit_close") == [({"code": "ASP", "closed_on": None},
                                    {"code": "ASP", "closed_on": "2025-05-02"}, tree["asp"].id)]
    assert audit("unit_reopen") == [({"code": "ASP", "closed_on": "2025-05-02"},
                                     {"code": "ASP", "closed_on": None}, tree["asp"].id)]
