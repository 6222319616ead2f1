"""The retention rules of config/retention.toml: per case type, how many years after which day
an ended case's personal data is kept, and how long the audit trail is kept. Loaded and checked
at start-up like config/deadlines.toml: a misspelt field, an unknown type, a type in no rule or
in two, or an audit trail kept under five years stops start-up with a message naming it."""
from dataclasses import dataclass
from pathlib import Path

from casework.core.case_types import CaseType
from casework.core.config_files import read_toml, table_fields

#: The days a rule may count from (see the file's comment).
COUNTED_FROM = ("closed", "last_entry")
#: The longest a rule may keep personal data: anything longer is a typo, not a decision.
MOST_YEARS = 100
#: HSLF-FS 2016:40 4 kap. 9 §: access logs are kept at least five years.
AUDIT_LEAST_YEARS = 5


class RetentionConfigError(Exception):
    """config/retention.toml is not usable; the message names the place and the fault."""


@dataclass(frozen=True)
class RetentionRule:
    key: str
    label: str
    types: frozenset[str]
    counted_from: str
    years: int
    #: The shortest ``years`` a förvaltning may choose.
    least_years: int = 1


@dataclass(frozen=True)
class RetentionRules:
    rules: tuple[RetentionRule, ...]
    audit_keep_years: int

    def rule(self, key: str) -> RetentionRule | None:
        return next((rule for rule in self.rules if rule.key == key), None)


def _years(value, where: str, least: int) -> int:
    if type(value) is not int or not least <= value <= MOST_YEARS:
        raise RetentionConfigError(f"{where}: give a whole number of years from {least} to "
                                   f"{MOST_YEARS}, not {value!r}")
    return value


def parse_rule(raw, where: str) -> RetentionRule:
    """One ``[[rules]]`` table, checked; also the validator of a förvaltning's change."""
    raw = table_fields(raw, where, ("key", "label", "types", "counted_from", "years"),
                       ("least_years",), error=RetentionConfigError)
    where = f"{where} ({raw['key']})"
    types = raw["types"]
    known = {str(t) for t in CaseType}
    if not isinstance(types, list) or not types or not set(types) <= known:
        raise RetentionConfigError(f"{where}: types must list case types of: "
                                   f"{', '.join(sorted(known))}")
    if raw["counted_from"] not in COUNTED_FROM:
        raise RetentionConfigError(f"{where}: counted_from must be one of "
                                   f"{', '.join(COUNTED_FROM)}")
    least = _years(raw.get("least_years", 1), f"{where}: least_years", 1)
    return RetentionRule(raw["key"], raw["label"], frozenset(types), raw["counted_from"],
                         _years(raw["years"], f"{where}: years", least), least)


def load_retention_rules(path: Path) -> RetentionRules:
    data = table_fields(read_toml(path, error=RetentionConfigError), str(path),
                        ("rules", "audit"), error=RetentionConfigError)
    rules = tuple(parse_rule(raw, f"{path}: rules[{i}]") for i, raw in enumerate(data["rules"]))
    keys = [rule.key for rule in rules]
    if len(set(keys)) != len(keys):
        raise RetentionConfigError(f"{path}: a rule key is given twice")
    for case_type in CaseType:
        holding = [rule.key for rule in rules if case_type in rule.types]
        if len(holding) != 1:
            raise RetentionConfigError(f"{path}: case type {case_type} must be in exactly one "
                                       f"rule, not in {len(holding)}")
    audit = table_fields(data["audit"], f"{path}: audit", ("keep_years",),
                         error=RetentionConfigError)
    keep = _years(audit["keep_years"], f"{path}: audit.keep_years", AUDIT_LEAST_YEARS)
    return RetentionRules(rules, keep)
