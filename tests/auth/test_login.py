import re

import pytest
from argon2 import PasswordHasher
from flask_migrate import upgrade

from casework.auth.passwords import needs_rehash
from casework.core.extensions import db
from tests import factories
from tests.conftest import make_app
from tests.factories import PASSWORD

BAD_CREDENTIALS = "Fel e-postadress eller lösenord."


@pytest.fixture
def planner(app_ctx):
    return factories.user("planerare", name="Pia Planerare", email="pia@example.se")


def post_login(client, email, password, query=""):
    return client.post(f"/login{query}", data={"email": email, "password": password})


def test_login_page_labels_its_fields(client):
    page = client.get("/login").get_data(as_text=True)

    assert '<html lang="sv">' in page
    assert '<label class="field__label" for="email">E-post</label>' in page
    assert '<label class="field__label" for="password">Lösenord</label>' in page
    assert 'id="email"' in page and 'id="password"' in page
    assert ">Logga in</button>" in page


def test_login_redirects_to_start_and_signs_in(client, planner):
    response = post_login(client, "Pia@Example.se ", PASSWORD)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    with client.session_transaction() as session:
        assert session["_user_id"] == str(planner.id)


def test_login_replaces_the_session(client, planner):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"

    post_login(client, planner.email, PASSWORD)

    with client.session_transaction() as session:
        assert "planted" not in session


@pytest.mark.parametrize("email, password", [
    ("pia@example.se", "Fel-lösenord-som-är-långt"),
    ("okand@example.se", PASSWORD),
])
def test_wrong_credentials_give_one_message(client, planner, email, password):
    response = post_login(client, email, password)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert BAD_CREDENTIALS in page
    assert "Formuläret innehåller fel" in page
    assert f'value="{email}"' in page
    assert password not in page
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_empty_form_names_the_missing_fields(client):
    page = post_login(client, "", "").get_data(as_text=True)

    assert "Ange din e-postadress." in page
    assert "Ange ditt lösenord." in page
    assert 'aria-describedby="email-error"' in page
    assert 'aria-invalid="true"' in page


def test_inactive_user_cannot_log_in(client, app_ctx):
    factories.user(email="slutat@example.se", active=False)

    response = post_login(client, "slutat@example.se", PASSWORD)

    assert response.status_code == 200
    assert BAD_CREDENTIALS in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_old_password_hash_is_renewed_at_login(client, planner):
    planner.password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    db.session.flush()

    assert post_login(client, planner.email, PASSWORD).status_code == 302
    assert not needs_rehash(db.session.get(type(planner), planner.id).password_hash)


def test_local_next_is_followed(client, planner):
    response = post_login(client, planner.email, PASSWORD, "?next=/%3Fflik%3D2")

    assert response.headers["Location"] == "/?flik=2"


@pytest.mark.parametrize("target", [
    "http://evil.example/", "//evil.example/", "/\\evil.example/", "https:/evil.example",
    "javascript:alert(1)",
])
def test_unsafe_next_is_ignored(client, planner, target):
    response = client.post(
        "/login", query_string={"next": target}, data={"email": planner.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_pages_need_login_and_say_so_in_swedish(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert "Logga in för att fortsätta." in client.get("/login").get_data(as_text=True)


def test_logout_by_get_is_not_allowed(client, planner):
    factories.log_in(client, planner)

    response = client.get("/logout")

    assert response.status_code == 405
    assert "Det går inte att göra så här" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200


def test_after_logout_start_redirects_to_login(client, planner):
    post_login(client, planner.email, PASSWORD)

    response = client.post("/logout")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert "Du är utloggad." in client.get("/login").get_data(as_text=True)
    assert client.get("/").headers["Location"].startswith("/login")


def test_signed_in_user_visiting_login_goes_to_start(client, planner):
    factories.log_in(client, planner)

    assert client.get("/login").headers["Location"] == "/"


@pytest.fixture(scope="module")
def csrf_app(tmp_path_factory):
    """An app of its own with CSRF protection on, as in production."""
    tmp = tmp_path_factory.mktemp("csrf")
    app = make_app(f"sqlite:///{tmp / 'csrf.sqlite'}", tmp / "instance", WTF_CSRF_ENABLED=True)
    with app.app_context():
        upgrade()
        factories.user(email="csrf@example.se")
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_posts_without_csrf_token_are_refused(csrf_app):
    client = csrf_app.test_client()

    refused = client.post("/login", data={"email": "csrf@example.se", "password": PASSWORD})
    assert refused.status_code == 400
    assert "Begäran kunde inte hanteras" in refused.get_data(as_text=True)

    token = csrf_token(client.get("/login").get_data(as_text=True))
    signed_in = client.post(
        "/login", data={"email": "csrf@example.se", "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302

    assert client.post("/logout").status_code == 400
    start = client.get("/")
    assert start.status_code == 200

    token = csrf_token(start.get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302
