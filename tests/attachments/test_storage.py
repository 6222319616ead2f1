"""The storage backends: a local folder, and S3 against a real S3-compatible server (moto's, in
a process of its own)."""
import stat

import boto3
import pytest

from casework.attachments.storage import (
    LocalStorage,
    MissingFile,
    S3Storage,
    StorageFailed,
    from_config,
    new_key,
)
from tests.s3 import KEYS, REGION, create_bucket, s3_server


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    with s3_server(tmp_path_factory.mktemp("s3") / "moto.log") as endpoint:
        yield endpoint


def _round_trip(store) -> None:
    key = new_key()
    store.put(key, b"%PDF-1.7 beslut", "application/pdf")
    assert store.get(key) == b"%PDF-1.7 beslut"
    store.delete(key)
    with pytest.raises(MissingFile):
        store.get(key)
    store.delete(key)  # deleting what is gone is no error


def test_the_local_folder_keeps_files_for_the_app_alone(tmp_path):
    store = LocalStorage(tmp_path / "bilagor")
    _round_trip(store)
    key = new_key()
    store.put(key, b"hej", "text/plain")
    path = tmp_path / "bilagor" / key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "bilagor").stat().st_mode) == 0o700
    assert [p.name for p in (tmp_path / "bilagor").iterdir()] == [key]  # no temporary left


@pytest.mark.parametrize("key", ["../secret_key", "a/b" * 10, "kort", ""])
def test_a_key_that_is_not_one_of_ours_is_refused(tmp_path, key):
    with pytest.raises(ValueError):
        LocalStorage(tmp_path).put(key, b"x", "text/plain")


def test_a_folder_that_cannot_be_written_fails_as_storage(tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("inte en mapp")
    with pytest.raises(StorageFailed):
        LocalStorage(blocker / "bilagor").put(new_key(), b"x", "text/plain")


def test_s3_stores_reads_and_deletes_on_a_real_server(s3_endpoint):
    create_bucket(s3_endpoint, "casework-test")
    store = S3Storage("casework-test", prefix="bilagor/", endpoint_url=s3_endpoint,
                      region=REGION, **KEYS)
    _round_trip(store)
    key = new_key()
    store.put(key, b"%PDF-1.7", "application/pdf")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION,
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    stored = client.get_object(Bucket="casework-test", Key=f"bilagor/{key}")
    assert stored["ContentType"] == "application/pdf"
    assert stored["Body"].read() == b"%PDF-1.7"


def test_s3_without_its_bucket_fails_as_storage(s3_endpoint):
    store = S3Storage("ingen-sadan-hink", endpoint_url=s3_endpoint, region=REGION, **KEYS)
    with pytest.raises(StorageFailed):
        store.put(new_key(), b"x", "text/plain")


def test_the_settings_choose_the_backend(tmp_path, s3_endpoint):
    settings = {"ATTACHMENT_STORAGE": "local", "ATTACHMENT_STORAGE_DIR": str(tmp_path),
                "ATTACHMENT_S3_BUCKET": "b", "ATTACHMENT_S3_PREFIX": "",
                "ATTACHMENT_S3_ENDPOINT_URL": s3_endpoint, "ATTACHMENT_S3_REGION": REGION,
                "ATTACHMENT_S3_ACCESS_KEY_ID": "testing",
                "ATTACHMENT_S3_SECRET_ACCESS_KEY": "testing"}
    assert isinstance(from_config(settings), LocalStorage)
    s3 = from_config(settings | {"ATTACHMENT_STORAGE": "s3"})
    assert isinstance(s3, S3Storage) and s3.bucket == "b"
