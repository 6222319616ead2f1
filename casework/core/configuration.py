"""Build the app's configuration: a settings class, then ``CASEWORK_*`` environment variables."""
import os
import secrets
from pathlib import Path

from flask import Flask

from config.settings import CONFIGS


class ConfigurationError(RuntimeError):
    """Raised at start-up when the configuration cannot work; the message says how to fix it."""


def configure(app: Flask, overrides: dict | None = None) -> None:
    env = (overrides or {}).get("ENV_NAME") or os.environ.get("CASEWORK_ENV", "development")
    if env not in CONFIGS:
        raise ConfigurationError(
            f"CASEWORK_ENV={env!r} is not known; use one of: {', '.join(sorted(CONFIGS))}"
        )
    app.config.from_object(CONFIGS[env])
    app.config.from_prefixed_env("CASEWORK")
    app.config.update(overrides or {})
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app)
    _ensure_secret_key(app)


def database_uri(app: Flask) -> str:
    """``DATABASE_URL`` made explicit about its driver; unset means SQLite in the instance folder."""
    url = app.config.get("DATABASE_URL")
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(app.instance_path) / 'casework.sqlite'}"
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def _ensure_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if not app.config["GENERATE_SECRET_KEY"]:
        raise ConfigurationError(
            "CASEWORK_SECRET_KEY is not set. Outside development and tests casework refuses to "
            "start without it; set it to a long random string, e.g. the output of "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`."
        )
    # Development: a random key kept in the instance folder, so no well-known key exists.
    key_file = Path(app.instance_path) / "secret_key"
    key_file.parent.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()
