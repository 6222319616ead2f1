"""The password change page: current password, the new one twice, the policy, Swedish messages."""
import pytest

from casework.auth.passwords import verify_password
from casework.core.extensions import db
from tests import factories
from tests.auth.helpers import post_login, skip_slowdown
from tests.factories import PASSWORD

NEW = "Kardemumma-och-te-1977"


@pytest.fixture
def planner(client, app_ctx):
    user = factories.user("planerare", name="Pia Planerare", email="pia@example.se")
    factories.log_in(client, user)
    return user


def change(client, current=PASSWORD, new=NEW, again=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new,
        "new_password_again": new if again is None else again,
    })


def test_page_labels_its_fields_in_swedish(client, planner):
    page = client.get("/account/password").get_data(as_text=True)

    for label in ("Nuvarande lösenord", "Nytt lösenord", "Nytt lösenord igen"):
        assert f">{label}</label>" in page
    assert 'autocomplete="new-password"' in page and "Minst 12 tecken" in page


def test_page_needs_login(app):
    response = app.test_client().get("/account/password")

    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_password_is_changed(client, planner):
    response = change(client)

    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Ditt lösenord är bytt." in client.get("/").get_data(as_text=True)
    db.session.refresh(planner)
    assert verify_password(planner.password_hash, NEW)
    client.post("/logout")
    assert post_login(client, planner.email, PASSWORD).status_code == 200
    assert post_login(client, planner.email, NEW).status_code == 302


@pytest.mark.parametrize("current, new, again, message", [
    ("Fel-lösenord-som-är-långt", NEW, None, "Fel lösenord."),
    (PASSWORD, "kort", None, "Lösenordet måste ha minst 12 tecken."),
    (PASSWORD, "password1234", None, "Lösenordet är för vanligt."),
    (PASSWORD, "piaplanerare", None, "Lösenordet får inte bygga på din e-postadress eller ditt namn."),
    (PASSWORD, "Planerare2024!", None, "Lösenordet får inte bygga på din e-postadress eller ditt namn."),
    (PASSWORD, "123456789012", None, "Lösenordet består mest av bokstäver eller siffror i följd"),
    (PASSWORD, "abcdefghijkl", None, "Lösenordet består mest av bokstäver eller siffror i följd"),
    (PASSWORD, "asdfghjklöä1", None, "Lösenordet består mest av tangenter i rad på tangentbordet"),
    (PASSWORD, "abcabcabcabc", None, "Lösenordet består mest av upprepningar"),
    (PASSWORD, NEW, NEW + "x", "Lösenorden är inte likadana."),
    (PASSWORD, PASSWORD, None, "Det nya lösenordet måste skilja sig från det nuvarande."),
    ("", "", "", "Ange ditt nuvarande lösenord."),
])
def test_refusals_say_why_and_keep_the_password(client, planner, current, new, again, message):
    response = change(client, current, new, again)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert message in page and "Formuläret innehåller fel" in page
    for typed in {current, new} - {""}:
        assert typed not in page  # typed passwords are never shown again
    db.session.refresh(planner)
    assert verify_password(planner.password_hash, PASSWORD)


def test_wrong_current_passwords_count_towards_the_throttle(client, planner):
    for _ in range(10):
        assert change(client, current="Fel-lösenord-som-är-långt").status_code == 200
        skip_slowdown()

    response = change(client)

    assert response.status_code == 429
    assert "För många inloggningsförsök" in response.get_data(as_text=True)
