import pytest
from werkzeug.exceptions import Forbidden

from tests.conftest import make_app


def test_unknown_page_gives_swedish_404(client):
    response = client.get("/finns-inte")
    page = response.get_data(as_text=True)

    assert response.status_code == 404
    assert '<html lang="sv">' in page
    assert "Sidan finns inte" in page


@pytest.fixture(scope="module")
def failing_app(tmp_path_factory):
    """An app that reports errors as production does, with routes that fail."""
    tmp = tmp_path_factory.mktemp("errors")
    app = make_app(f"sqlite:///{tmp / 'unused.sqlite'}", tmp / "instance",
                   PROPAGATE_EXCEPTIONS=False)

    @app.get("/krasch")
    def crash():
        raise RuntimeError("secret detail")

    @app.get("/forbjuden")
    def forbidden():
        raise Forbidden()

    return app


def test_crash_gives_swedish_500_without_details(failing_app):
    response = failing_app.test_client().get("/krasch")
    page = response.get_data(as_text=True)

    assert response.status_code == 500
    assert "Något gick fel" in page
    assert "secret detail" not in page and "Traceback" not in page
    assert "Logga ut" not in page


def test_forbidden_gives_swedish_403(failing_app):
    response = failing_app.test_client().get("/forbjuden")

    assert response.status_code == 403
    assert "Du har inte behörighet" in response.get_data(as_text=True)
