"""A förvaltning's retention rules: the file's, with the years the förvaltning chose.

Per förvaltning, as the deadline rules (and through their helpers: ``districts_of_admin``,
``district``, the history): in Stockholm each stadsdelsnämnd is its own personuppgiftsansvarig
authority and adopts its own gallringsbeslut, so two förvaltningar may keep complaints for
different times. Only the years change; the types and the day counted from stay the file's.
A change is audited (``retention_rule_change``) and kept in the rule's history.
"""
from dataclasses import dataclass, replace

import sqlalchemy as sa

from casework import trail
from casework.core.errors import DomainError, UnknownValue
from casework.core.extensions import db
from casework.deadlines.overrides import HistoryEntry, district, history
from casework.retention import retention_rules
from casework.retention.models import RetentionRuleChange, RetentionRuleOverride
from casework.retention.rules import MOST_YEARS, RetentionRule


@dataclass(frozen=True)
class RuleState:
    """A rule as one förvaltning has it: ``rule`` with its years, ``default`` the file's."""

    rule: RetentionRule
    default: RetentionRule
    overridden: bool


def rule_states(district_id: int) -> list[RuleState]:
    """Every rule of the file, in its order, as the förvaltning has it."""
    rows = {row.rule_key: row for row in db.session.scalars(sa.select(RetentionRuleOverride)
            .where(RetentionRuleOverride.district_id == district_id))}
    return [_state(rule, rows.get(rule.key)) for rule in retention_rules().rules]


def rule_state(district_id: int, key: str) -> RuleState:
    default = retention_rules().rule(key)
    if default is None:
        raise UnknownValue("rule", key, [rule.key for rule in retention_rules().rules])
    return _state(default, _override(district_id, key))


def set_years(district_id: int, key: str, years: int, by: int | None) -> RuleState:
    """Keep the förvaltning's rule ``key`` for ``years``: from the rule's ``least_years`` to
    ``MOST_YEARS``. The years it has already change nothing and are not recorded."""
    node = district(district_id)
    before = rule_state(node.id, key)
    least = before.default.least_years
    if type(years) is not int or not least <= years <= MOST_YEARS:
        raise DomainError(f"Ange antal år som ett heltal från {least} till {MOST_YEARS}.")
    if years == before.rule.years:
        return before
    row = _override(node.id, key) or RetentionRuleOverride(district_id=node.id, rule_key=key)
    row.years = years
    db.session.add(row)
    after = RuleState(replace(before.default, years=years), before.default, overridden=True)
    _changed(node.id, key, before, after, by)
    return after


def reset_rule(district_id: int, key: str, by: int | None) -> RuleState:
    """The file's years again ("Återställ till standard")."""
    node = district(district_id)
    before = rule_state(node.id, key)
    after = RuleState(before.default, before.default, overridden=False)
    row = _override(node.id, key)
    if row is not None:
        db.session.delete(row)
        _changed(node.id, key, before, after, by)
    return after


def rule_history(district_id: int, key: str) -> list[HistoryEntry]:
    return history(district_id, key, RetentionRuleChange)


def _state(default: RetentionRule, row: RetentionRuleOverride | None) -> RuleState:
    if row is None:
        return RuleState(default, default, overridden=False)
    return RuleState(replace(default, years=row.years), default, overridden=True)


def _override(district_id: int, key: str) -> RetentionRuleOverride | None:
    return db.session.scalar(sa.select(RetentionRuleOverride).where(
        RetentionRuleOverride.district_id == district_id, RetentionRuleOverride.rule_key == key))


def _changed(district_id: int, key: str, before: RuleState, after: RuleState,
             by: int | None) -> None:
    values = {"years": before.rule.years}, {"years": after.rule.years}
    db.session.add(RetentionRuleChange(user_id=by, district_id=district_id, rule_key=key,
                                       before=values[0], after=values[1]))
    trail.record_admin_change("retention_rule_change", before=values[0], after=values[1],
                              unit_id=district_id, rule=key)
    db.session.flush()
