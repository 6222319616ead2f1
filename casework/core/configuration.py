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
    _check_attachments(app)
    _check_log_checks(app)


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


#: The storage backends of attachments (``ATTACHMENT_STORAGE``).
ATTACHMENT_STORAGES = ("local", "s3")


def _check_attachments(app: Flask) -> None:
    """The attachment limits and storage: whole numbers above zero, a known backend, a folder
    outside the static folder (default: ``attachments`` in the instance folder), a bucket for
    S3."""
    config = app.config
    for name in ("ATTACHMENT_MAX_FILES", "ATTACHMENT_MAX_MB"):
        if type(config[name]) is not int or config[name] < 1:
            raise ConfigurationError(f"CASEWORK_{name}={config[name]!r} is not a whole number "
                                     "above zero.")
    if config["ATTACHMENT_STORAGE"] not in ATTACHMENT_STORAGES:
        raise ConfigurationError(
            f"CASEWORK_ATTACHMENT_STORAGE={config['ATTACHMENT_STORAGE']!r} is not known; use "
            f"one of: {', '.join(ATTACHMENT_STORAGES)}.")
    if config["ATTACHMENT_STORAGE"] == "s3" and not config["ATTACHMENT_S3_BUCKET"]:
        raise ConfigurationError("CASEWORK_ATTACHMENT_STORAGE=s3 needs "
                                 "CASEWORK_ATTACHMENT_S3_BUCKET, the bucket to keep files in.")
    folder = Path(config["ATTACHMENT_STORAGE_DIR"] or Path(app.instance_path) / "attachments")
    folder = folder.resolve()
    if app.static_folder and folder.is_relative_to(Path(app.static_folder).resolve()):
        raise ConfigurationError(
            f"CASEWORK_ATTACHMENT_STORAGE_DIR={str(folder)!r} lies inside the static folder, "
            "which is served to anyone; choose a folder outside it.")
    config["ATTACHMENT_STORAGE_DIR"] = str(folder)


def _check_log_checks(app: Flask) -> None:
    """The access-log checks' settings: whole numbers, the working day within 0–24 hours."""
    config = app.config
    for name in ("LOG_CHECK_SAMPLE_SIZE", "LOG_CHECK_MANY_READS"):
        if type(config[name]) is not int or not 1 <= config[name] <= 10_000:
            raise ConfigurationError(f"CASEWORK_{name}={config[name]!r} is not a whole number "
                                     "from 1 to 10000.")
    start, end = config["LOG_CHECK_DAY_STARTS"], config["LOG_CHECK_DAY_ENDS"]
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= 24:
        raise ConfigurationError(
            f"CASEWORK_LOG_CHECK_DAY_STARTS={start!r} and CASEWORK_LOG_CHECK_DAY_ENDS={end!r} "
            "must be whole hours with 0 <= start < end <= 24.")
