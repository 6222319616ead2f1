"""Configuration: defaults, CASEWORK_* overrides, and refusing to start without a secret key."""
import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from casework import create_app
from casework.core.configuration import ConfigurationError


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("CASEWORK_ENV", "CASEWORK_DATABASE_URL", "CASEWORK_SECRET_KEY",
                 "CASEWORK_REDIS_URL", "CASEWORK_SMTP_PORT", "CASEWORK_TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_default_is_development_on_sqlite_in_the_instance_folder(clean_env, tmp_path):
    app = create_app(instance_path=str(tmp_path))
    assert app.config["ENV_NAME"] == "development"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'casework.sqlite'}"
    assert app.extensions["celery"].conf.task_always_eager is True


def test_development_secret_key_is_generated_once_and_kept(clean_env, tmp_path):
    first = create_app(instance_path=str(tmp_path)).config["SECRET_KEY"]
    second = create_app(instance_path=str(tmp_path)).config["SECRET_KEY"]
    assert len(first) >= 40 and first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides_defaults(clean_env, tmp_path):
    clean_env.setenv("CASEWORK_DATABASE_URL", "postgresql://someone@db.invalid/casework")
    clean_env.setenv("CASEWORK_REDIS_URL", "redis://127.0.0.1:6379/3")
    clean_env.setenv("CASEWORK_SMTP_PORT", "2525")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.invalid/casework"
    assert app.config["SMTP_PORT"] == 2525
    celery = app.extensions["celery"]
    assert celery.conf.broker_url == "redis://127.0.0.1:6379/3"
    assert celery.conf.task_always_eager is False


def test_production_refuses_to_start_without_a_secret_key(clean_env, tmp_path):
    clean_env.setenv("CASEWORK_ENV", "production")
    with pytest.raises(ConfigurationError, match="CASEWORK_SECRET_KEY is not set"):
        create_app(instance_path=str(tmp_path))
    assert not (tmp_path / "secret_key").exists()


def test_production_starts_with_a_secret_key_and_secure_cookies(clean_env, tmp_path):
    clean_env.setenv("CASEWORK_ENV", "production")
    clean_env.setenv("CASEWORK_SECRET_KEY", "x" * 48)
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_unknown_environment_name_is_refused(clean_env, tmp_path):
    clean_env.setenv("CASEWORK_ENV", "staging")
    with pytest.raises(ConfigurationError, match="staging"):
        create_app(instance_path=str(tmp_path))


def test_forwarded_headers_are_ignored_unless_proxies_are_trusted(clean_env, tmp_path):
    assert not isinstance(create_app(instance_path=str(tmp_path)).wsgi_app, ProxyFix)

    clean_env.setenv("CASEWORK_TRUSTED_PROXIES", "2")
    proxied = create_app(instance_path=str(tmp_path)).wsgi_app

    assert isinstance(proxied, ProxyFix)
    assert (proxied.x_for, proxied.x_proto, proxied.x_host) == (2, 2, 0)


@pytest.mark.parametrize("value", ["ja", "-1", "true", "1.5"])
def test_a_trusted_proxies_setting_that_is_no_count_is_refused(clean_env, tmp_path, value):
    clean_env.setenv("CASEWORK_TRUSTED_PROXIES", value)
    with pytest.raises(ConfigurationError, match="CASEWORK_TRUSTED_PROXIES"):
        create_app(instance_path=str(tmp_path))
