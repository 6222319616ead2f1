"""The organisation pages of the admin area: the tree, a node's page and its forms, only within
the admin's subtrees; hostile input refused in Swedish with nothing saved."""
import re
from datetime import date

import pytest
import sqlalchemy as sa

from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.trail.models import AuditEvent
from tests import factories
from tests.pages import inline_scripts


@pytest.fixture
def org(app_ctx):
    """F → O1 (ASP, TRE) and O2 (E3); another förvaltning G with enhet G1. The admin holds F."""
    f = factories.node("forvaltning", "Förvaltningen", code="F")
    o1 = factories.node("omrade", "Område 1", f, "O1")
    o2 = factories.node("omrade", "Område 2", f, "O2")
    nodes = {"f": f, "o1": o1, "o2": o2,
             "asp": factories.node("enhet", "Aspudden hemtjänst", o1, "ASP"),
             "tre": factories.node("enhet", "Trekanten hemtjänst", o1, "TRE"),
             "e3": factories.node("enhet", "Enhet 3", o2, "E3"),
             "g1": factories.node("enhet", "Annan enhet",
                                  factories.node("forvaltning", "Annan förvaltning", code="G"),
                                  "G1")}
    db.session.commit()
    return nodes


@pytest.fixture
def admin(client, org):
    factories.log_in(client, factories.user("admin", org["f"]))
    return client


def node(code: str) -> OrgNode:
    db.session.expire_all()
    return db.session.scalar(sa.select(OrgNode).where(OrgNode.code == code))


def text(response) -> str:
    return response.get_data(as_text=True)


def errors(page: str) -> list[str]:
    return re.findall(r'<p class="field__error"[^>]*><span[^>]*>Fel: </span>([^<]*)</p>', page)


def test_the_tree_shows_the_admins_subtree_nested_with_closed_marked(admin, org):
    org["tre"].closed_on = date(2025, 5, 1)
    db.session.commit()
    page = text(admin.get("/admin/organisation"))
    assert "Annan förvaltning" not in page and "Annan enhet" not in page
    nested = re.sub(r"\s+", " ", page)
    assert re.search(r"Förvaltningen</a>.*?<ul>.*?Område 1</a>.*?<ul>.*?Aspudden hemtjänst</a>"
                     r".*?Trekanten hemtjänst</a>.*?Stängd.*?</ul>.*?Område 2</a>", nested)
    assert f'href="/admin/organisation/{org["asp"].id}"' in page
    assert not inline_scripts(page) and "style=" not in page
    assert "/admin/organisation" in text(admin.get("/admin"))


def test_a_node_outside_the_admins_subtrees_or_beyond_any_id_is_404(admin, org):
    assert admin.get(f"/admin/organisation/{org['g1'].id}").status_code == 404
    assert admin.post(f"/admin/organisation/{org['g1'].id}/namn",
                      data={"namn-name": "X"}).status_code == 404
    assert admin.get(f"/admin/organisation/{2**31}").status_code == 404
    assert admin.get("/admin/organisation/99999999").status_code == 404
    assert node("G1").name == "Annan enhet"


def test_add_rename_move_close_and_reopen_through_the_pages(admin, org):
    added = admin.post(f"/admin/organisation/{org['o1'].id}/ny",
                       data={"ny-code": "NY", "ny-name": "Ny enhet", "ny-kind": "enhet"})
    new = node("NY")
    assert added.status_code == 302 and added.location.endswith(f"/admin/organisation/{new.id}")
    assert new.parent.code == "O1" and new.path == f"{org['o1'].path}{new.id}/"
    page = text(admin.get(f"/admin/organisation/{new.id}"))
    assert "Lade till Ny enhet." in page
    assert "Inte vald: påminnelser går till" in page
    admin.post(f"/admin/organisation/{new.id}/namn", data={"namn-name": "Nya enheten"})
    assert node("NY").name == "Nya enheten"
    moved = admin.post(f"/admin/organisation/{new.id}/flytta",
                       data={"flytta-parent": str(org["o2"].id)})
    assert moved.status_code == 302 and node("NY").path == f"{org['o2'].path}{new.id}/"
    admin.post(f"/admin/organisation/{new.id}/stang")
    assert node("NY").closed
    assert "Stängd sedan" in text(admin.get(f"/admin/organisation/{new.id}"))
    admin.post(f"/admin/organisation/{new.id}/oppna")
    assert not node("NY").closed
    actions = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.unit_id == new.id).order_by(AuditEvent.id)).all()
    assert actions == ["unit_add", "unit_rename", "unit_move", "unit_close", "unit_reopen"]


@pytest.mark.parametrize("data, message", [
    ({"ny-code": "", "ny-name": "Ny", "ny-kind": "enhet"}, "Ange en kod."),
    ({"ny-code": "X" * 33, "ny-name": "Ny", "ny-kind": "enhet"},
     "Koden får vara högst 32 tecken."),
    ({"ny-code": "A B", "ny-name": "Ny", "ny-kind": "enhet"},
     "Koden får bara innehålla bokstäverna A–Z, siffror och bindestreck."),
    ({"ny-code": "ASP", "ny-name": "Ny", "ny-kind": "enhet"}, "Koden ASP används redan."),
    ({"ny-code": "NY", "ny-name": "", "ny-kind": "enhet"}, "Ange ett namn."),
    ({"ny-code": "NY", "ny-name": "n" * 201, "ny-kind": "enhet"},
     "Namnet får vara högst 200 tecken."),
    ({"ny-code": "NY", "ny-name": "Ny", "ny-kind": "omrade"}, "Inte ett giltigt val"),
])
def test_a_bad_addition_is_refused_with_the_input_kept(admin, org, data, message):
    response = admin.post(f"/admin/organisation/{org['o1'].id}/ny", data=data)
    page = text(response)
    assert response.status_code == 400 and errors(page) == [message]
    assert "Formuläret innehåller fel" in page
    assert f'value="{data["ny-code"]}"' in page
    assert db.session.scalar(sa.select(sa.func.count(OrgNode.id))) == 8


def test_a_double_submitted_addition_adds_once(admin, org):
    data = {"ny-code": "NY", "ny-name": "Ny enhet", "ny-kind": "enhet"}
    assert admin.post(f"/admin/organisation/{org['o1'].id}/ny", data=data).status_code == 302
    again = admin.post(f"/admin/organisation/{org['o1'].id}/ny", data=data)
    assert again.status_code == 400 and errors(text(again)) == ["Koden NY används redan."]


def test_moving_under_its_own_child_or_an_unknown_node_says_why(admin, org):
    under_child = admin.post(f"/admin/organisation/{org['o1'].id}/flytta",
                             data={"flytta-parent": str(org["asp"].id)})
    assert under_child.status_code == 400 and errors(text(under_child)) == [
        ("Område 1 kan inte flyttas till sig själv eller till en del under sig "
         "(Aspudden hemtjänst).")]
    for junk in (str(org["g1"].id), "abc", str(2**31), ""):
        refused = admin.post(f"/admin/organisation/{org['asp'].id}/flytta",
                             data={"flytta-parent": junk})
        assert refused.status_code == 400 and errors(text(refused)) == ["Välj ur listan."]
    assert node("ASP").parent.code == "O1"


def test_an_empty_or_too_long_name_is_refused(admin, org):
    for data, message in (({"namn-name": "  "}, "Ange ett namn."), ({}, "Ange ett namn."),
                          ({"namn-name": "n" * 201}, "Namnet får vara högst 200 tecken.")):
        response = admin.post(f"/admin/organisation/{org['asp'].id}/namn", data=data)
        assert response.status_code == 400 and errors(text(response)) == [message]
    assert node("ASP").name == "Aspudden hemtjänst"


def test_closing_twice_says_it_is_closed_already(admin, org):
    admin.post(f"/admin/organisation/{org['asp'].id}/stang")
    again = admin.post(f"/admin/organisation/{org['asp'].id}/stang")
    assert again.status_code == 400 and "Aspudden hemtjänst är redan stängd." in text(again)
    assert admin.post(f"/admin/organisation/{org['o1'].id}/stang").status_code == 400


def test_the_responsible_people_are_chosen_on_the_units_page(admin, org):
    deputy = factories.user("bitradande_enhetschef", org["asp"], name="Bea Biträdande")
    chief = factories.user("enhetschef", org["o1"], name="Cilla Chef")
    factories.user("planerare", org["asp"], name="Pia Planerare")
    db.session.commit()
    page = text(admin.get(f"/admin/organisation/{org['asp'].id}"))
    assert "i dag: Bea Biträdande." in page and "i dag: Cilla Chef." in page
    assert "Pia Planerare" not in page
    saved = admin.post(f"/admin/organisation/{org['asp'].id}/ansvariga",
                       data={"ansvar-handler_id": str(deputy.id),
                             "ansvar-manager_id": str(chief.id)})
    assert saved.status_code == 302
    assert (node("ASP").responsible_handler_id, node("ASP").escalation_manager_id) == (
        deputy.id, chief.id)
    page = text(admin.get(f"/admin/organisation/{org['asp'].id}"))
    assert "Bea Biträdande: får påminnelser om ärenden utan handläggare" in page
    refused = admin.post(f"/admin/organisation/{org['asp'].id}/ansvariga",
                         data={"ansvar-handler_id": str(chief.id + 1000),
                               "ansvar-manager_id": str(deputy.id)})
    assert refused.status_code == 400 and errors(text(refused)) == [
        "Välj en aktiv biträdande enhetschef eller enhetschef för enheten.",
        "Välj en aktiv enhetschef för enheten."]
    assert node("ASP").escalation_manager_id == chief.id
    nothing = admin.post(f"/admin/organisation/{org['asp'].id}/ansvariga", data={"x": "1"})
    assert nothing.status_code == 400 and errors(text(nothing)) == ["Välj ur listan."] * 2
    assert node("ASP").responsible_handler_id == deputy.id


def test_other_roles_get_no_organisation_page(client, org):
    factories.log_in(client, factories.user("enhetschef", org["f"]))
    assert client.get("/admin/organisation").status_code == 403
    assert client.get(f"/admin/organisation/{org['asp'].id}").status_code == 403


def test_a_nul_byte_is_refused(admin, org):
    nul = admin.post(f"/admin/organisation/{org['o1'].id}/ny",
                     data={"ny-code": "NY", "ny-name": "Ny\x00enhet", "ny-kind": "enhet"})
    assert nul.status_code == 400
    assert node("NY") is None
