"""What an answer signs with and comes from, set by the admin: a user's title (the role's
label when none) and a node's postal address (the nearest node's, from the unit up)."""
import sqlalchemy as sa

from casework.core.extensions import db
from casework.replies.answers import address_block, handler_title
from casework.trail.models import AuditEvent
from tests import factories


def test_the_title_is_the_users_own_or_their_roles_label(complaint, deputy):
    assert handler_title(deputy, complaint) == "Biträdande enhetschef"
    deputy.title = "Biträdande enhetschef hemtjänst Aspudden"
    assert handler_title(deputy, complaint) == "Biträdande enhetschef hemtjänst Aspudden"


def test_the_admin_sets_a_title_on_the_user_page(client, area, deputy):
    admin = factories.user("admin", area.parent)
    db.session.commit()
    factories.log_in(client, admin)
    assert "Lämna tomt för rollens namn" in client.get(
        f"/admin/anvandare/{deputy.id}").get_data(as_text=True)
    response = client.post(f"/admin/anvandare/{deputy.id}/titel",
                           data={"titel-title": "  Samordnare   hemtjänst "})
    assert response.status_code == 303
    db.session.expire_all()
    assert deputy.title == "Samordnare hemtjänst"
    (row,) = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user_title"))
    assert row.detail["after"] == {"title": "Samordnare hemtjänst"}
    too_long = client.post(f"/admin/anvandare/{deputy.id}/titel", data={"titel-title": "x" * 201})
    assert too_long.status_code == 400 and "högst 200 tecken" in too_long.get_data(as_text=True)


def test_the_letter_comes_from_the_nearest_address(unit, area):
    assert address_block(unit) == ("Aspudden hemtjänst", ["Box 4046", "129 04 Hägersten"])
    area.postal_address = None
    assert address_block(unit) is None


def test_the_admin_sets_a_nodes_postal_address(client, unit, area):
    admin = factories.user("admin", area.parent)
    db.session.commit()
    factories.log_in(client, admin)
    assert "Postadress" in client.get(f"/admin/organisation/{unit.id}").get_data(as_text=True)
    response = client.post(f"/admin/organisation/{unit.id}/adress", data={
        "adress-postal_address": "Aspudden hemtjänst\r\n\r\nHägerstensvägen 1\r\n126 48 Hägersten"})
    assert response.status_code == 302
    db.session.expire_all()
    assert unit.postal_address == "Aspudden hemtjänst\nHägerstensvägen 1\n126 48 Hägersten"
    assert db.session.scalar(sa.select(AuditEvent.detail).where(
        AuditEvent.action == "unit_address"))["after"]["code"] == unit.code
    refused = client.post(f"/admin/organisation/{unit.id}/adress",
                          data={"adress-postal_address": "\n".join("rad" for _ in range(7))})
    assert refused.status_code == 400
    assert "Adressen får ha högst 6 rader." in refused.get_data(as_text=True)
