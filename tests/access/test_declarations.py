"""Issue 7.1: every route declares what it needs (``casework.access.needs``), and the decorator
enforces the declaration: sign-in first, then the need."""
import pytest
from flask_login import login_user
from werkzeug.exceptions import Forbidden

from casework.access.needs import HANDLES, PUBLIC, Need, need_of, requires
from casework.auth.models import Role
from tests import factories
from tests.conftest import make_app

#: Files anyone may fetch; Flask's own view, which no decorator reaches.
UNDECLARED = {"static"}


@pytest.fixture(scope="module")
def bare_app(tmp_path_factory):
    """The app without a database: only its view functions are looked at."""
    tmp = tmp_path_factory.mktemp("declarations")
    return make_app(f"sqlite:///{tmp / 'unused.sqlite'}", tmp / "instance")


def route_map(app) -> str:
    """Each endpoint with its rules and its need, one a line, grouped by need."""
    rules = {}
    for rule in app.url_map.iter_rules():
        rules.setdefault(rule.endpoint, []).append(rule.rule)
    lines = [
        (str(need_of(view) or "UNDECLARED"), endpoint, " ".join(sorted(rules.get(endpoint, []))))
        for endpoint, view in app.view_functions.items() if endpoint not in UNDECLARED
    ]
    return "\n".join(f"{need:<21} {endpoint:<34} {rule}" for need, endpoint, rule in sorted(lines))


def test_every_endpoint_declares_its_need(bare_app):
    undeclared = sorted(endpoint for endpoint, view in bare_app.view_functions.items()
                        if endpoint not in UNDECLARED and need_of(view) is None)
    assert not undeclared, (f"views without @requires(...): {undeclared}\n"
                            f"the routes and their needs:\n{route_map(bare_app)}")


def test_every_need_is_a_need(bare_app):
    needs = {endpoint: need_of(view) for endpoint, view in bare_app.view_functions.items()
             if endpoint not in UNDECLARED}
    assert all(isinstance(need, Need) for need in needs.values()), route_map(bare_app)


def test_only_the_login_steps_the_statement_the_e_service_and_the_follow_up_are_public(
        bare_app):
    public = sorted(endpoint for endpoint, view in bare_app.view_functions.items()
                    if need_of(view) is PUBLIC)
    assert public == ["auth.forgot", "auth.login", "auth.login_code", "auth.logout",
                      "auth.reset_password", "followup.question", "followup.thanks",
                      "public.form", "public.receipt",
                      "web.accessibility"], route_map(bare_app)


# The decorator, on a view of its own, called in a request to the app.

@requires(HANDLES)
def handlers_only():
    return "ran"


def call_as(app, user=None):
    """Call the view in a request of ``user`` (signed out if None); the response, or the
    HTTP exception the view raised."""
    with app.test_request_context("/prov"):
        if user is not None:
            login_user(user, force=True)  # force: also an inactive user, as a stale session
        try:
            return handlers_only()
        except Forbidden as refused:
            return refused


def test_a_signed_out_user_is_sent_to_login(app, app_ctx):
    response = call_as(app)
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")


def test_a_deactivated_user_counts_as_signed_out(app, app_ctx):
    deputy = factories.user(Role.BITRADANDE_ENHETSCHEF, active=False)
    response = call_as(app, deputy)
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_a_user_without_the_need_gets_403(app, app_ctx):
    assert call_as(app, factories.user(Role.PLANERARE)).code == 403


def test_a_user_with_the_need_reaches_the_view(app, app_ctx):
    assert call_as(app, factories.user(Role.BITRADANDE_ENHETSCHEF)) == "ran"


def test_the_declaration_stays_on_the_view():
    assert need_of(handlers_only) is HANDLES
    assert handlers_only.__name__ == "handlers_only"
