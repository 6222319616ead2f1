"""Where attachment files are kept: a backend with three operations, chosen by
``ATTACHMENT_STORAGE``.

* ``LocalStorage``: a folder (``ATTACHMENT_STORAGE_DIR``, by default ``attachments`` in the
  instance folder, never inside the static folder), one file per key, readable by the app's
  user only;
* ``S3Storage``: a bucket of an S3-compatible object store through boto3 (``ATTACHMENT_S3_*``).

Keys are random (``new_key``) and say nothing of the file or the case; the name a person gave
the file is kept in the database only.
"""
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app

_EXTENSION = "casework.attachments.storage"
_KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class MissingFile(LookupError):
    """No file is stored under the key."""


class StorageFailed(RuntimeError):
    """The backend could not store or read a file (a full disk, an object store away)."""


class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes:
        """The file's bytes; MissingFile if none is stored under ``key``."""

    def delete(self, key: str) -> None:
        """Remove the file; a key with no file is no error."""


def new_key() -> str:
    return secrets.token_urlsafe(32)


def _checked(key: str) -> str:
    if not _KEY.match(key):
        raise ValueError("not a storage key")
    return key


class LocalStorage:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Written whole or not at all: a temporary file in the folder, renamed.
            handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".upload-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise StorageFailed(f"could not write {path.name}: {error.strerror}") from error

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise MissingFile(key) from None
        except OSError as error:
            raise StorageFailed(f"could not read a file: {error.strerror}") from error

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Storage:
    """A bucket of an S3-compatible store; keys are prefixed with ``prefix``."""

    def __init__(self, bucket: str, *, prefix: str = "", endpoint_url: str | None = None,
                 region: str | None = None, access_key_id: str | None = None,
                 secret_access_key: str | None = None):
        import boto3
        from botocore.config import Config

        self.bucket, self.prefix = bucket, prefix
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region,
            aws_access_key_id=access_key_id, aws_secret_access_key=secret_access_key,
            config=Config(retries={"max_attempts": 3, "mode": "standard"},
                          connect_timeout=5, read_timeout=30),
        )

    def _key(self, key: str) -> str:
        return self.prefix + _checked(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data,
                                   ContentType=content_type)
        except (BotoCoreError, ClientError) as error:
            raise StorageFailed(f"could not store an object: {type(error).__name__}") from error

    def get(self, key: str) -> bytes:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
            return answer["Body"].read()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise MissingFile(key) from None
            raise StorageFailed(f"could not read an object: {type(error).__name__}") from error
        except BotoCoreError as error:
            raise StorageFailed(f"could not read an object: {type(error).__name__}") from error

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))


def from_config(config) -> Storage:
    """The backend the settings ``config`` choose."""
    if config["ATTACHMENT_STORAGE"] == "s3":
        return S3Storage(
            config["ATTACHMENT_S3_BUCKET"], prefix=config["ATTACHMENT_S3_PREFIX"] or "",
            endpoint_url=config["ATTACHMENT_S3_ENDPOINT_URL"],
            region=config["ATTACHMENT_S3_REGION"],
            access_key_id=config["ATTACHMENT_S3_ACCESS_KEY_ID"],
            secret_access_key=config["ATTACHMENT_S3_SECRET_ACCESS_KEY"],
        )
    return LocalStorage(config["ATTACHMENT_STORAGE_DIR"])


def storage() -> Storage:
    """The app's backend, made once per app."""
    app = current_app._get_current_object()
    if _EXTENSION not in app.extensions:
        app.extensions[_EXTENSION] = from_config(app.config)
    return app.extensions[_EXTENSION]
