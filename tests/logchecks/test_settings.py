"""The access-log checks' settings stop start-up when they cannot work."""
import pytest

from casework import create_app
from casework.core.configuration import ConfigurationError


@pytest.mark.parametrize("settings", [
    {"LOG_CHECK_SAMPLE_SIZE": 0}, {"LOG_CHECK_SAMPLE_SIZE": "20"},
    {"LOG_CHECK_MANY_READS": -1}, {"LOG_CHECK_DAY_STARTS": 18, "LOG_CHECK_DAY_ENDS": 7},
    {"LOG_CHECK_DAY_ENDS": 25}, {"LOG_CHECK_DAY_STARTS": 7.5},
])
def test_a_setting_that_cannot_work_stops_start_up(tmp_path, settings):
    with pytest.raises(ConfigurationError, match="CASEWORK_LOG_CHECK_"):
        create_app({"ENV_NAME": "testing", "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite",
                    **settings}, instance_path=str(tmp_path))
