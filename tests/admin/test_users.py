"""The user pages: creating a user with a grant and the e-mailed link (real SMTP), the list and
its search, grants, deactivation ending sessions at once, the second factor, the scope of the
admin's grants, and every change audited with before and after."""
import re

import pytest
import sqlalchemy as sa

from casework.auth import accounts
from casework.auth.models import Role, User, UserSession
from casework.auth.passwords import NO_PASSWORD
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests import factories
from tests.auth.helpers import signed_in

LINK = re.compile(r"http://\S+/losenord/(\S+)")


@pytest.fixture
def tree(app_ctx):
    root = factories.node("forvaltning", "Förvaltningen", code="F")
    area = factories.node("omrade", "Området", root, code="O")
    unit = factories.node("enhet", "Aspudden", area, code="ASP")
    other_root = factories.node("forvaltning", "Grannförvaltningen", code="G")
    other_unit = factories.node("enhet", "Grannenheten", other_root, code="GE")
    admin = factories.user("admin", root, name="Ada Admin", email="ada@example.se")
    return {"root": root, "area": area, "unit": unit, "other": other_unit, "admin": admin}


@pytest.fixture
def admin_client(client, tree):
    factories.log_in(client, tree["admin"])
    return client


def new_user(client, unit, **fields):
    data = {"name": "Petra Planerare", "email": "petra@example.se",
            "grant-role": "planerare", "grant-node": str(unit.id)} | fields
    return client.post("/admin/anvandare/ny", data=data)


def admin_rows(action):
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_a_new_user_gets_a_grant_no_password_and_a_link_to_choose_one(admin_client, tree, smtp):
    response = new_user(admin_client, tree["unit"])

    assert response.status_code == 303
    petra = accounts.managed_user(tree["admin"], int(response.location.rsplit("/", 1)[1]))
    assert petra.password_hash == NO_PASSWORD
    assert {(g.role, g.node.code) for g in petra.grants} == {(Role.PLANERARE, "ASP")}
    (message,) = smtp.messages
    assert message["To"] == "petra@example.se" and message["Subject"] == "Ditt konto i casework"
    token = LINK.search(message.get_content()).group(1)
    chosen = admin_client.post(f"/losenord/{token}", data={
        "new_password": "Kanel-och-lingon-1999", "new_password_again": "Kanel-och-lingon-1999"})
    assert chosen.status_code == 302
    db.session.refresh(petra)
    assert petra.password_hash.startswith("$argon2")
    (row,) = admin_rows("user_create")
    assert row.user_id == tree["admin"].id and row.unit_id == tree["unit"].id
    assert row.detail["after"] == {"grants": ["planerare@ASP"], "active": True}
    assert "Petra" not in str(row.detail) and "petra@" not in str(row.detail)


def test_a_user_without_a_password_cannot_sign_in_with_any(admin_client, tree, smtp):
    new_user(admin_client, tree["unit"])
    admin_client.post("/logout")

    for password in (NO_PASSWORD, "!", "Petra Planerare"):
        admin_client.post("/login", data={"email": "petra@example.se", "password": password})
        assert not signed_in(admin_client)


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": ""}, "Ange användarens namn."),
    ({"name": "x" * 201}, "högst 200 tecken"),
    ({"email": "inte-en-adress"}, "Skriv hela e-postadressen"),
    ({"email": ""}, "Ange en e-postadress."),
    ({"grant-role": ""}, "Välj en roll."),
    ({"grant-role": "kejsare"}, "Välj ett av alternativen"),
    ({"grant-node": "2147483648"}, "Välj ett av alternativen"),
])
def test_a_bad_new_user_is_asked_for_again_with_what_was_typed(admin_client, tree, smtp, fields,
                                                              message):
    response = new_user(admin_client, tree["unit"], **fields)

    text = response.get_data(as_text=True)
    assert response.status_code == 400 and message in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
    assert not smtp.messages
    if fields.get("name", "x"):
        assert "Petra Planerare" in text or "x" * 201 in text


def test_an_address_taken_is_refused_and_nothing_is_saved_twice(admin_client, tree, smtp):
    assert new_user(admin_client, tree["unit"]).status_code == 303
    again = new_user(admin_client, tree["unit"], email="PETRA@example.se ")

    assert again.status_code == 400
    assert "Det finns redan en användare med den e-postadressen." in again.get_data(as_text=True)
    assert len(smtp.messages) == 1


def test_the_admin_grants_only_within_their_own_subtree(admin_client, tree, smtp):
    response = new_user(admin_client, tree["other"])

    assert response.status_code == 400  # not among the choices
    stranger = factories.user("planerare", tree["other"])
    assert admin_client.get(f"/admin/anvandare/{stranger.id}").status_code == 404
    assert admin_client.get("/admin/anvandare/2147483647").status_code == 404


def test_deactivating_ends_the_sessions_at_once_and_reactivating_lets_in_again(
        admin_client, tree, app):
    planner = factories.user("planerare", tree["unit"])
    other = app.test_client()
    factories.log_in(other, planner)
    assert other.get("/cases").status_code == 200

    done = admin_client.post(f"/admin/anvandare/{planner.id}/inaktivera")
    db.session.commit()

    assert done.status_code == 303
    assert other.get("/cases").status_code == 302  # to the login page
    assert db.session.scalar(sa.select(UserSession.end_reason).where(
        UserSession.user_id == planner.id)) == "deactivated"
    (row,) = admin_rows("user_deactivate")
    assert (row.detail["before"], row.detail["after"]) == ({"active": True}, {"active": False})
    listed = admin_client.get("/admin/anvandare?status=inaktiva").get_data(as_text=True)
    assert planner.name in listed

    admin_client.post(f"/admin/anvandare/{planner.id}/aktivera")
    db.session.refresh(planner)
    assert planner.active and admin_rows("user_reactivate")


def test_the_admin_cannot_lock_themself_out(admin_client, tree):
    me = tree["admin"]
    response = admin_client.post(f"/admin/anvandare/{me.id}/inaktivera", follow_redirects=True)
    assert "Du kan inte inaktivera dig själv." in response.get_data(as_text=True)
    (grant,) = me.grants
    factories.grant(me, "enhetschef", tree["unit"])
    response = admin_client.post(f"/admin/anvandare/{me.id}/behorigheter/{grant.id}/ta-bort",
                                 follow_redirects=True)
    assert "Du kan inte ta bort din egen administratörsbehörighet." in response.get_data(
        as_text=True)
    db.session.refresh(me)
    assert me.active and Role.ADMIN in me.roles()


def test_grants_are_added_and_removed_but_never_the_last(admin_client, tree):
    planner = factories.user("planerare", tree["unit"])
    added = admin_client.post(f"/admin/anvandare/{planner.id}/behorigheter",
                              data={"grant-role": "bitradande_enhetschef",
                                    "grant-node": str(tree["area"].id)})
    assert added.status_code == 303
    db.session.refresh(planner)
    assert planner.roles() == {Role.PLANERARE, Role.BITRADANDE_ENHETSCHEF}
    twice = admin_client.post(f"/admin/anvandare/{planner.id}/behorigheter",
                              data={"grant-role": "bitradande_enhetschef",
                                    "grant-node": str(tree["area"].id)}, follow_redirects=True)
    assert "har redan rollen" in twice.get_data(as_text=True)

    first, second = sorted(planner.grants, key=lambda g: g.id)
    admin_client.post(f"/admin/anvandare/{planner.id}/behorigheter/{first.id}/ta-bort")
    last = admin_client.post(f"/admin/anvandare/{planner.id}/behorigheter/{second.id}/ta-bort",
                             follow_redirects=True)
    assert "minst en behörighet" in last.get_data(as_text=True)
    db.session.refresh(planner)
    assert planner.roles() == {Role.BITRADANDE_ENHETSCHEF}
    rows = admin_rows("user_grants")
    assert [row.detail["after"]["grants"] for row in rows] == [
        ["bitradande_enhetschef@O", "planerare@ASP"], ["bitradande_enhetschef@O"]]


def test_the_second_factor_is_reset_and_a_link_sent(admin_client, tree, smtp):
    import pyotp

    manager = factories.user("enhetschef", tree["unit"], email="chef@example.se")
    manager.totp_secret = pyotp.random_base32()
    manager.totp_enabled_at = manager.created_at
    db.session.commit()

    admin_client.post(f"/admin/anvandare/{manager.id}/tvastegsverifiering")
    admin_client.post(f"/admin/anvandare/{manager.id}/lank")

    db.session.refresh(manager)
    assert not manager.totp_enabled and manager.totp_secret is None
    (message,) = smtp.messages
    assert message["To"] == "chef@example.se"
    assert message["Subject"] == "Byt ditt lösenord i casework"  # they have one already
    assert admin_rows("user_totp_reset") and admin_rows("user_link")


def test_the_search_text_stays_out_of_the_url(admin_client, tree):
    factories.user("planerare", tree["unit"], name="Sune Söksson")
    factories.user("planerare", tree["unit"], name="Berit Annan")

    posted = admin_client.post("/admin/anvandare", data={"sok": "söks", "roll": "",
                                                          "enhet": "", "status": "aktiva"})
    assert posted.status_code == 303 and "s%C3%B6ks" not in posted.location
    assert "söks" not in posted.location
    page = admin_client.get(posted.location).get_data(as_text=True)
    assert "Sune Söksson" in page and "Berit Annan" not in page
    by_role = admin_client.get(f"/admin/anvandare?roll=admin&enhet={tree['root'].id}")
    assert "Ada Admin" in by_role.get_data(as_text=True)
    assert "Sune" not in by_role.get_data(as_text=True)


def test_a_name_is_changed_and_the_trail_says_so_without_it(admin_client, tree):
    planner = factories.user("planerare", tree["unit"], name="Gammalt Namn")
    admin_client.post(f"/admin/anvandare/{planner.id}/namn", data={"name": "  Nytt   Namn "})
    db.session.refresh(planner)
    assert planner.name == "Nytt Namn"
    (row,) = admin_rows("user_name")
    assert "Namn" not in str(row.detail)
    empty = admin_client.post(f"/admin/anvandare/{planner.id}/namn", data={"name": ""})
    assert empty.status_code == 400 and "Ange användarens namn." in empty.get_data(as_text=True)
