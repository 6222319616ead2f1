"""``casework rules``: a district's deadline rules from the command line, through the admin
pages' services, recorded with no user."""
import pytest

from casework.core.extensions import db
from casework.deadlines import overrides
from tests import factories

ACK = "complaint_acknowledge"


@pytest.fixture
def district(app_ctx):
    node = factories.node("forvaltning", "Hägersten-Älvsjö", code="HAE")
    factories.node("enhet", "Aspudden", node, code="ASP")
    db.session.commit()
    return node


def test_set_list_and_reset_a_districts_rule(cli, district):
    result = cli.invoke(args=["rules", "set", ACK, "--district", "HAE", "--length", "5",
                              "--remind", "2"])
    assert result.exit_code == 0, result.output
    assert "complaint_acknowledge in HAE: 5 working_days, remind 2, on" in result.output
    listed = cli.invoke(args=["rules", "list", "--district", "HAE"]).output
    assert f"{ACK}\t5 working_days\tremind 2\ton changed" in listed
    assert f"{ACK}\t2 working_days\tremind 1\ton\n" in cli.invoke(args=["rules", "list"]).output
    off = cli.invoke(args=["rules", "set", "breach_imy", "--district", "HAE", "--remind", "24",
                           "--off"])
    assert "breach_imy in HAE: 72 hours, remind 24, off" in off.output
    assert cli.invoke(args=["rules", "reset", ACK, "--district", "HAE"]).exit_code == 0
    history = overrides.history(district.id, ACK)
    assert [(h.who, h.after["working_days"]) for h in history] == [(None, 2), (None, 5)]


@pytest.mark.parametrize("args, message", [
    (["set", ACK, "--district", "ASP", "--length", "3"], "unknown district"),
    (["set", ACK, "--district", "NOPE", "--length", "3"], "unknown unit 'NOPE'"),
    (["set", "nope", "--district", "HAE", "--length", "3"], "unknown rule 'nope'"),
    (["set", ACK, "--district", "HAE", "--length", "400"], "from 0 to 365"),
    (["set", ACK, "--district", "HAE", "--remind", "1,2"], "one number"),
    (["set", ACK, "--district", "HAE", "--remind", "x"], "whole numbers"),
])
def test_refusals_say_why_and_change_nothing(cli, district, args, message):
    result = cli.invoke(args=["rules", *args])
    assert result.exit_code != 0 and message in result.output
    assert not overrides.rule_state(district.id, ACK).overridden
