"""Every error page is Swedish and never shows a stack trace or an exception's text, whether
exceptions propagate (testing, debugging) or not (production)."""
import pytest
from flask import abort

from casework.core.errors import Conflict
from casework.web.errors import pages
from tests.conftest import make_app

HEADINGS = {
    400: "Begäran kunde inte hanteras",
    403: "Du har inte behörighet",
    404: "Sidan finns inte",
    405: "Det går inte att göra så här",
    409: "Ändringen kunde inte sparas",
    413: "För mycket på en gång",  # a request body over its limit (attachments)
    429: "För många inloggningsförsök",  # the login throttle's page, also for any other 429
    500: "Något gick fel",
    503: "Tjänsten är tillfälligt otillgänglig",  # the database is away (test_database_away)
}
#: What Werkzeug's own pages and Python's tracebacks say; none of it may reach a page.
LEAKS = ("Traceback", "secret detail", "Werkzeug", "The requested URL", "Internal Server Error",
         "Not Found", "Forbidden", "Conflict", "File \"")


@pytest.fixture(scope="module", params=[False, True], ids=["production", "propagating"])
def failing_app(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("error-pages")
    app = make_app(f"sqlite:///{tmp / 'unused.sqlite'}", tmp / "instance",
                   PROPAGATE_EXCEPTIONS=request.param)

    @app.get("/abort/<int:code>")
    def aborting(code: int):
        abort(code, description="secret detail")

    @app.get("/krasch")
    def crash():
        raise RuntimeError("secret detail")

    @app.get("/krock")
    def domain_conflict():
        raise Conflict("secret detail")

    return app


def assert_swedish_page(response, code: int) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert response.mimetype == "text/html"
    assert '<html lang="sv">' in page
    assert f"<h1>{HEADINGS[code]}</h1>" in page
    for leak in LEAKS:
        assert leak not in page, leak


def test_every_error_template_has_its_handler_and_a_heading_here(failing_app):
    assert set(pages(failing_app)) == set(HEADINGS)  # a new page gets a heading here
    assert set(failing_app.error_handler_spec[None]) >= set(HEADINGS)


@pytest.mark.parametrize("code", [400, 403, 404, 409, 413, 429, 500, 503])
def test_an_aborted_request_gets_the_swedish_page(failing_app, code):
    assert_swedish_page(failing_app.test_client().get(f"/abort/{code}"), code)


def test_an_unknown_address_gets_the_swedish_404(failing_app):
    assert_swedish_page(failing_app.test_client().get("/finns-inte"), 404)


def test_a_wrong_method_gets_the_swedish_405_and_keeps_allow(failing_app):
    response = failing_app.test_client().delete("/krasch")

    assert_swedish_page(response, 405)
    assert "GET" in response.headers["Allow"]


def test_a_domain_conflict_no_view_handled_gets_the_swedish_409(failing_app):
    assert_swedish_page(failing_app.test_client().get("/krock"), 409)


def test_a_crash_gets_the_swedish_500_in_production(failing_app):
    if failing_app.config["PROPAGATE_EXCEPTIONS"]:
        with pytest.raises(RuntimeError):  # a test or a debugger sees the exception itself
            failing_app.test_client().get("/krasch")
        return
    response = failing_app.test_client().get("/krasch")

    assert_swedish_page(response, 500)
    assert "Logga ut" not in response.get_data(as_text=True)  # the bare page loads no user


def test_error_pages_are_not_stored(failing_app):
    assert failing_app.test_client().get("/abort/404").headers["Cache-Control"] == "no-store"
