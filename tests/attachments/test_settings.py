"""The attachment settings: their defaults, and refusing settings that cannot work."""
from pathlib import Path

import pytest

from casework import create_app
from casework.core.configuration import ConfigurationError
from casework.web.input_guard import upload_limit

TESTING = {"ENV_NAME": "testing"}


def test_the_defaults_keep_ten_files_of_ten_megabytes_in_the_instance_folder(tmp_path):
    app = create_app(TESTING, instance_path=str(tmp_path))
    assert (app.config["ATTACHMENT_MAX_FILES"], app.config["ATTACHMENT_MAX_MB"]) == (10, 10)
    assert app.config["ATTACHMENT_STORAGE"] == "local"
    assert app.config["ATTACHMENT_STORAGE_DIR"] == str((tmp_path / "attachments").resolve())
    assert app.config["MAX_CONTENT_LENGTH"] == 8 * 1024 * 1024
    assert upload_limit(app.config) == 101 * 1024 * 1024


def test_the_environment_sets_them(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEWORK_ATTACHMENT_MAX_FILES", "3")
    monkeypatch.setenv("CASEWORK_ATTACHMENT_STORAGE_DIR", str(tmp_path / "filer"))
    app = create_app(TESTING, instance_path=str(tmp_path))
    assert app.config["ATTACHMENT_MAX_FILES"] == 3
    assert app.config["ATTACHMENT_STORAGE_DIR"] == str((tmp_path / "filer").resolve())


@pytest.mark.parametrize(("settings", "message"), [
    ({"ATTACHMENT_MAX_FILES": 0}, "CASEWORK_ATTACHMENT_MAX_FILES=0 is not a whole number"),
    ({"ATTACHMENT_MAX_MB": "10"}, "CASEWORK_ATTACHMENT_MAX_MB='10' is not a whole number"),
    ({"ATTACHMENT_STORAGE": "ftp"}, "CASEWORK_ATTACHMENT_STORAGE='ftp' is not known"),
    ({"ATTACHMENT_STORAGE": "s3"}, "needs CASEWORK_ATTACHMENT_S3_BUCKET"),
])
def test_settings_that_cannot_work_stop_the_start(tmp_path, settings, message):
    with pytest.raises(ConfigurationError, match=message):
        create_app(TESTING | settings, instance_path=str(tmp_path))


def test_a_folder_inside_the_static_folder_is_refused(tmp_path):
    import casework

    static = Path(casework.__file__).parent / "static" / "bilagor"
    with pytest.raises(ConfigurationError, match="inside the static folder"):
        create_app(TESTING | {"ATTACHMENT_STORAGE_DIR": str(static)},
                   instance_path=str(tmp_path))
