"""config/retention.toml is checked at start-up like config/deadlines.toml."""
from pathlib import Path

import pytest

from casework.retention.rules import RetentionConfigError, load_retention_rules

CONFIG = Path(__file__).resolve().parents[2] / "config" / "retention.toml"


def test_the_file_gives_each_type_its_rule_and_keeps_the_audit_trail_five_years():
    rules = load_retention_rules(CONFIG)
    assert {rule.key: (rule.years, rule.counted_from) for rule in rules.rules} == {
        "complaints": (2, "closed"), "deviations": (5, "last_entry"),
        "breaches": (5, "last_entry")}
    assert rules.audit_keep_years == 5


@pytest.mark.parametrize(("change", "message"), [
    (("counted_from = \"closed\"", "counted_form = \"closed\""), "unknown field counted_form"),
    (("keep_years = 5", "keep_years = 4"), "audit.keep_years: give a whole number of years from 5"),
    (("years = 2\n", "years = 0\n"), "years from 1 to 100"),
    (("years = 5\nleast_years = 5", "years = 4\nleast_years = 5"), "years from 5 to 100"),
    (("\"berom\"]", "\"beröm\"]"), "types must list case types"),
    (("types = [\"personuppgiftsincident\"]", "types = [\"avvikelse\"]"),
     "case type avvikelse must be in exactly one rule, not in 2"),
])
def test_a_fault_stops_start_up_naming_it(tmp_path, change, message):
    text = CONFIG.read_text(encoding="utf-8")
    assert change[0] in text
    (tmp_path / "retention.toml").write_text(text.replace(change[0], change[1], 1),
                                             encoding="utf-8")
    with pytest.raises(RetentionConfigError, match=message):
        load_retention_rules(tmp_path / "retention.toml")
