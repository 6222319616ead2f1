"""casework.web.private_terms: what a search key stands for, and for how long."""
import pytest
import sqlalchemy as sa

from casework.auth.models import UserSession
from casework.core.extensions import db
from casework.web.private_terms import EXPIRED, KEPT, PARAM
from tests import factories


@pytest.fixture
def chief(app_ctx, client):
    """An enhetschef: reads the case list and the audit page."""
    user = factories.user("enhetschef", factories.node(name="Aspudden hemtjänst"))
    db.session.commit()
    factories.log_in(client, user)
    return user


def key_of(location: str) -> str:
    return location.split(f"{PARAM}=")[1].split("&")[0]


def searched(client, term: str) -> str:
    return key_of(client.post("/cases", data={"sok": term}).location)


def expired(client, url: str) -> bool:
    response = client.get(url)
    assert response.status_code == 200
    return EXPIRED in response.get_data(as_text=True)


def test_a_session_keeps_the_latest_searches_and_drops_the_oldest(client, chief):
    keys = [searched(client, f"ord{n}") for n in range(KEPT + 1)]

    assert expired(client, f"/cases?{PARAM}={keys[0]}")
    assert not [key for key in keys[1:] if expired(client, f"/cases?{PARAM}={key}")]
    assert len(set(keys)) == len(keys)


def test_searching_again_makes_a_search_the_newest(client, chief):
    first = searched(client, "ord0")
    for n in range(1, KEPT):
        searched(client, f"ord{n}")

    assert searched(client, "ord0") == first
    searched(client, "ord-ny")  # drops ord1, not ord0
    assert not expired(client, f"/cases?{PARAM}={first}")


def test_a_key_is_random_and_holds_only_on_its_own_page(client, chief):
    key = searched(client, "Andersson")

    assert "andersson" not in key.lower()
    assert expired(client, f"/audit?{PARAM}={key}")


def test_logging_out_forgets_the_searches(client, chief):
    key = searched(client, "Andersson")
    client.post("/logout")
    factories.log_in(client, chief)

    assert expired(client, f"/cases?{PARAM}={key}")


def test_the_search_text_stays_on_the_server_not_in_the_cookie(app, client, chief):
    key = searched(client, "Andersson")

    cookie = client.get_cookie("session").value
    readable = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert "Andersson" not in str(readable) and "Andersson" not in cookie
    [record] = db.session.scalars(sa.select(UserSession).where(
        UserSession.user_id == chief.id, UserSession.ended_at.is_(None))).all()
    assert record.private_terms["cases"] == [[key, {"sok": "Andersson"}]]
