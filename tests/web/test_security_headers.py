"""Every response carries the security headers; only static files may be cached."""
from casework import create_app
from casework.web.security import CSP
from tests import factories


def test_pages_forbid_inline_scripts_framing_and_caching(client, app_ctx):
    user = factories.user("planerare")
    factories.log_in(client, user)
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert "frame-ancestors 'none'" in CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers  # only in production


def test_static_files_may_be_cached(client):
    response = client.get("/static/css/main.css")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    response.close()


def test_production_adds_hsts(tmp_path):
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "x" * 48,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite'}"},
                     instance_path=str(tmp_path))
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
